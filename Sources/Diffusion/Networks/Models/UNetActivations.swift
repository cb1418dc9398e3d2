/// What the U-Net (`ConvolutionalNetwork`) computes inside, for one image at one time step:
/// read from its workspace after an ordinary forward pass, so the network itself is not
/// touched. Maps are position-major: the `channels` values of position (0, 0), then (0, 1), ….
public struct UNetActivations: Sendable {
    /// One activation map: `side × side` positions of `channels` values.
    public struct Map: Sendable {
        /// Positions along each side.
        public let side: Int
        /// Values per position.
        public let channels: Int
        /// side² · channels values, position-major.
        public let values: [Double]

        /// One channel of the map.
        /// - Parameter c: the channel, 0…channels − 1.
        /// - Returns: channel `c` as a `side × side` image, row-major.
        public func channel(_ c: Int) -> [Double] {
            precondition((0..<channels).contains(c), "Channel \(c) is not among the \(channels) channels.")
            return (0..<(side * side)).map { values[$0 * channels + c] }
        }
    }

    /// h after the encoder, on the fine grid (side/2): what the skip connection carries.
    public let skip: Map
    /// d after the middle blocks, on the coarse grid (side/4).
    public let coarse: Map
    /// U d unfolded to the fine grid: what comes back up, added to `skip`.
    public let upsampled: Map
    /// ε̂, the network's output, as an image.
    public let output: [Double]
}

/// The per-channel bias PE(t) V + c that a block adds inside (Ho et al. 2020, Appendix B:
/// the time embedding added in every residual block), for every t = 1…T.
public struct TimeBiases: Sendable {
    /// The block's channels.
    public let channels: Int
    /// Row t − 1 holds the `channels` biases at step t.
    public let values: [Double]
}

extension NoiseNetwork {
    /// The U-Net's inner maps for one image.
    /// - Parameters:
    ///   - xt: x_t, one image of `shape.dimension` pixels.
    ///   - t: its step, 1…T.
    /// - Returns: the maps, or nil for a network that is not a U-Net.
    public func unetActivations(xt: [Double], t: Int) -> UNetActivations? {
        guard let unet = architecture as? ConvolutionalNetwork else { return nil }
        precondition(xt.count == shape.dimension && schedule.steps.contains(t), "One image of \(shape.dimension) values at a t in 1…\(schedule.timesteps).")
        return parameters.withUnsafeBufferPointer { unet.activations(xt.map(Float.init), t: Int32(t), parameters: $0.baseAddress!) }
    }

    /// The time biases of one residual block.
    /// - Parameter block: the block, counted through the encoder, the middle and the decoder.
    /// - Returns: its biases for every t, or nil for a network that is not a U-Net.
    public func unetTimeBiases(block: Int) -> TimeBiases? {
        guard let unet = architecture as? ConvolutionalNetwork else { return nil }
        let blocks = unet.blocks
        precondition(blocks.indices.contains(block), "The U-Net has blocks 0…\(blocks.count - 1).")
        let layer = blocks[block].time, steps = schedule.timesteps
        var biases = [Float](repeating: 0, count: steps * layer.outputs)
        let scratch = FloatBuffer(count: layer.scratchCount)
        parameters.withUnsafeBufferPointer { theta in
            layer.forward(unet.timeTable, rows: steps, parameters: theta.baseAddress!, into: &biases, scratch: scratch.pointer)
        }
        return TimeBiases(channels: layer.outputs, values: biases.map(Double.init))
    }
}

extension ConvolutionalNetwork {
    /// One forward pass of one image, then its maps copied out of the workspace.
    func activations(_ image: [Float], t: Int32, parameters: UnsafePointer<Float>) -> UNetActivations {
        let workspace = FloatBuffer(count: workspaceCount(capacity: 1, training: false))
        let b = Buffers(network: self, capacity: 1, training: false), w = workspace.pointer
        let output = image.withUnsafeBufferPointer { x in
            withUnsafePointer(to: t) { t in
                let result = forward(NetworkInput(points: x.baseAddress!, times: t, rows: 1), parameters: parameters,
                                     workspace: w, capacity: 1, training: false)
                return Array(UnsafeBufferPointer(start: result, count: dimension))
            }
        }
        /// A folded map (coarse positions × 4 · width) unfolded to the fine grid.
        func unfolded(_ folded: UnsafePointer<Float>) -> [Double] {
            let map = FloatBuffer(count: fine * fine * width)
            PatchFolding.unfold(folded, rows: 1, side: fine, channels: width, into: map.pointer)
            return map.array.map(Double.init)
        }
        let coarseValues = Array(UnsafeBufferPointer(start: w + b.d, count: coarse * coarse * 2 * width)).map(Double.init)
        return UNetActivations(skip: .init(side: fine, channels: width, values: unfolded(w + b.hFold)),
                               coarse: .init(side: coarse, channels: 2 * width, values: coarseValues),
                               upsampled: .init(side: fine, channels: width, values: unfolded(w + b.upOutput)),
                               output: output.map(Double.init))
    }
}
