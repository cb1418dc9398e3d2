import Foundation

/// A velocity network v_θ(x_t, t) with fixed weights, trained by flow matching on the linear
/// path (`FlowMatching`): what `Trainer.velocityModel` hands out and what a checkpoint with a
/// `FlowRecord` holds. It computes in Float, in chunks, on two threads for large batches; the
/// `VelocityField` interface is in Double.
public struct VelocityNetwork: VelocityField, Sendable {
    /// The weights in a noise network's layout: the same architecture, fed a continuous time.
    /// Its schedule is the training configuration's; only T (the size of its step table,
    /// unused here) matters.
    let weights: NoiseNetwork

    public var shape: NetworkShape { weights.shape }

    init(shape: NetworkShape, schedule: NoiseSchedule, parameters: [Float]) {
        weights = NoiseNetwork(shape: shape, schedule: schedule, parameters: parameters)
    }

    /// The number of weights and biases.
    public var parameterCount: Int { weights.parameterCount }

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
                        weights.parameters.withUnsafeBufferPointer { theta in
                            weights.architecture.forwardInChunks(parameters: theta.baseAddress!, points: p.baseAddress!,
                                                                 times: st.baseAddress!, scaledTimes: s.baseAddress!,
                                                                 rows: rows, into: out.baseAddress!)
                        }
                    }
                }
            }
        }
        return output.map { Double($0) }
    }

    /// Saves the network to `url` atomically, with `provenance` and the record of `flow`, the
    /// flow matching that trained it.
    /// - Throws: ``CheckpointError/unwritable(path:reason:)``.
    public func save(to url: URL, provenance: ModelProvenance, flow: FlowMatching) throws {
        var provenance = provenance
        provenance.flow = FlowRecord(flow)
        try weights.save(to: url, provenance: provenance)
    }

    /// Loads a velocity network saved by `save(to:provenance:flow:)`, with what made it. With
    /// `dimension`, it must take samples of that many values. Throws `CheckpointError` (one
    /// line) for an unreadable, foreign, truncated, corrupted or mismatched file, and for one
    /// that holds a noise predictor.
    public static func load(contentsOf url: URL, dimension: Int? = nil) throws -> (network: VelocityNetwork,
                                                                                   provenance: ModelProvenance) {
        let (network, provenance, _) = try NoiseNetwork.load(url, expecting: nil, dimension: dimension, schedule: nil,
                                                             velocity: true)
        return (VelocityNetwork(shape: network.shape, schedule: network.schedule, parameters: network.parameters), provenance)
    }
}
