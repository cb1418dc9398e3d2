/// A velocity network v_θ(x_t, t) with fixed weights, trained by flow matching on the linear
/// path (`FlowMatching`): what `Trainer.velocityModel` hands out. It computes in Float, in
/// chunks, on two threads for large batches; the `VelocityField` interface is in Double.
public struct VelocityNetwork: VelocityField, Sendable {
    public let shape: NetworkShape
    let parameters: [Float]
    let architecture: any NetworkArchitecture

    init(shape: NetworkShape, timesteps: Int, parameters: [Float]) {
        let architecture = shape.makeArchitecture(timesteps: timesteps)
        precondition(parameters.count == architecture.parameterCount, "The weights do not fit the network's shape.")
        (self.shape, self.parameters, self.architecture) = (shape, parameters, architecture)
    }

    /// The number of weights and biases.
    public var parameterCount: Int { parameters.count }

    /// v_θ(x, t) for a flat batch, all at time t ∈ [0, 1].
    public func velocity(xt: [Double], t: Double, dimension: Int) -> [Double] {
        precondition(dimension == shape.dimension, "This network takes samples of \(shape.dimension) values, not \(dimension).")
        precondition(xt.count % dimension == 0, "A flat batch needs whole samples.")
        precondition((0...1).contains(t), "A flow's time lies in [0, 1] (got \(t)).")
        let rows = xt.count / dimension
        let points = xt.map { Float($0) }
        let scaled = [Float](repeating: Float(t * FlowMatching.timeScale), count: rows)
        let steps = [Int32](repeating: 1, count: rows)
        var output = [Float](repeating: 0, count: xt.count)
        output.withUnsafeMutableBufferPointer { out in
            points.withUnsafeBufferPointer { p in
                scaled.withUnsafeBufferPointer { s in
                    steps.withUnsafeBufferPointer { st in
                        parameters.withUnsafeBufferPointer { theta in
                            architecture.forwardInChunks(parameters: theta.baseAddress!, points: p.baseAddress!, times: st.baseAddress!,
                                                         scaledTimes: s.baseAddress!, rows: rows, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
        return output.map { Double($0) }
    }
}
