/// One residual block of `ConvolutionalNetwork`, on `side × side` positions of `channels`
/// channels (He et al. 2016, pre-activation; the time embedding added as in DDPM's blocks,
/// Ho et al. 2020, Appendix B):
///     h ← h + conv₂(SiLU(conv₁(SiLU(h)) + PE(t) V + c)).
/// It updates h in place: the backward pass needs only SiLU(h) and the inner activation,
/// which the block keeps in its `Activations`.
struct ConvolutionBlock: Sendable {
    let inner: Convolution
    let outer: Convolution
    let time: Linear
    let side: Int
    let channels: Int

    init(channels: Int, side: Int, embeddingDimension: Int, parameters: inout ParameterAllocator) {
        inner = Convolution(inputs: channels, outputs: channels, side: side, parameters: &parameters)
        outer = Convolution(inputs: channels, outputs: channels, side: side, parameters: &parameters)
        time = Linear(inputs: embeddingDimension, outputs: channels, parameters: &parameters)
        (self.side, self.channels) = (side, channels)
    }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        inner.initialize(parameters, using: &rng)
        outer.initialize(parameters, using: &rng)
        time.initialize(parameters, using: &rng)
    }

    /// Floats of one activation map for `rows` images.
    func mapCount(rows: Int) -> Int { rows * side * side * channels }
    /// Multiply-adds for one image: both convolutions and the time projection.
    var multiplyAdds: Int { inner.multiplyAdds + outer.multiplyAdds + time.multiplyAdds }
    var scratchCount: Int { max(inner.scratchCount, time.scratchCount) }

    /// Where the block keeps a = SiLU(h), c = SiLU(conv₁(a) + bias) and, for training,
    /// their derivatives; `bias` holds PE(t) V + c per image (rows × channels).
    struct Activations {
        let a: UnsafeMutablePointer<Float>, da: UnsafeMutablePointer<Float>?
        let c: UnsafeMutablePointer<Float>, dc: UnsafeMutablePointer<Float>?
        let bias: UnsafeMutablePointer<Float>
    }

    /// Floats of `Activations` for up to `capacity` images.
    func activationCount(capacity: Int, training: Bool) -> Int {
        (training ? 4 : 2) * mapCount(rows: capacity) + capacity * channels
    }

    /// Carves `Activations` out of `memory` (`activationCount` floats).
    func activations(_ memory: UnsafeMutablePointer<Float>, capacity: Int, training: Bool) -> Activations {
        let n = mapCount(rows: capacity)
        return Activations(a: memory, da: training ? memory + 2 * n : nil, c: memory + n, dc: training ? memory + 3 * n : nil,
                           bias: memory + (training ? 4 : 2) * n)
    }

    func forward(_ h: UnsafeMutablePointer<Float>, pe: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>,
                 activations m: Activations, columns: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let count = mapCount(rows: rows)
        Activation.silu.forward(h, count: count, into: m.a, derivative: m.da)
        inner.forward(m.a, rows: rows, parameters: parameters, columns: columns, into: m.c, scratch: scratch)
        time.forward(pe, rows: rows, parameters: parameters, into: m.bias, scratch: scratch)
        PatchFolding.addPerImage(m.bias, rows: rows, positions: side * side, channels: channels, into: m.c)
        Activation.silu.forward(m.c, count: count, into: m.c, derivative: m.dc)
        outer.forward(m.c, rows: rows, parameters: parameters, columns: columns, into: h, output: .accumulate, scratch: scratch)
    }

    /// Turns g = ∂L/∂h_out into ∂L/∂h_in in place and adds the block's ∂L/∂θ to `gradient`;
    /// `innerGradient` (∂L/∂ of the inner pre-activation) and `activationGradient` (∂L/∂SiLU(h))
    /// are temporaries of `mapCount(rows:)` floats.
    func backward(_ g: UnsafeMutablePointer<Float>, pe: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, activations m: Activations, innerGradient gc: UnsafeMutablePointer<Float>,
                  activationGradient ga: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>,
                  columnGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let count = mapCount(rows: rows)
        outer.backward(m.c, outputGradient: g, rows: rows, parameters: parameters, gradient: gradient, inputGradient: gc,
                       columns: columns, columnGradient: columnGradient, scratch: scratch)
        Activation.silu.backward(outputGradient: gc, derivative: m.dc!, count: count, into: gc)
        // The bias of each image received the sum of its positions' gradients.
        PatchFolding.sumPerImage(gc, rows: rows, positions: side * side, channels: channels, into: m.bias)
        time.backward(pe, outputGradient: m.bias, rows: rows, parameters: parameters, gradient: gradient,
                      inputGradient: nil, scratch: scratch)
        inner.backward(m.a, outputGradient: gc, rows: rows, parameters: parameters, gradient: gradient, inputGradient: ga,
                       columns: columns, columnGradient: columnGradient, scratch: scratch)
        RowOperations.addProduct(ga, m.da!, count: count, into: g)
    }
}
