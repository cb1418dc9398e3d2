/// A network's architecture: its kind and sizes. With the number of time steps T it fixes
/// every parameter's place, so a checkpoint records it.
public struct NetworkShape: Sendable, Equatable {
    /// Which network.
    public let kind: ModelKind
    /// Units in every hidden layer.
    public let width: Int
    /// Residual blocks of two layers each; 0 for the tutorial network, whose two hidden
    /// layers are fixed.
    public let depth: Int
    /// Size of the sinusoidal time embedding; 0 for the tutorial network, which learns a
    /// table per step instead.
    public let timeEmbeddingDimension: Int

    /// The tutorial network with `width` hidden units.
    public static func tutorial(width: Int) -> NetworkShape {
        NetworkShape(kind: .tutorial, width: width, depth: 0, timeEmbeddingDimension: 0)
    }

    /// The residual network with `depth` blocks of `width` units and a time embedding of
    /// `timeEmbeddingDimension` values.
    public static func residual(width: Int, depth: Int, timeEmbeddingDimension: Int) -> NetworkShape {
        NetworkShape(kind: .residual, width: width, depth: depth, timeEmbeddingDimension: timeEmbeddingDimension)
    }

    /// Why this shape cannot be built, or nil when it can.
    public var problem: String? {
        if width < 1 { return "the network width must be at least 1 (got \(width))" }
        switch kind {
        case .tutorial:
            return nil
        case .residual:
            if depth < 1 { return "the residual network needs at least 1 block (got depth \(depth))" }
            if timeEmbeddingDimension < 4 || timeEmbeddingDimension % 2 != 0 {
                return "the time embedding needs an even dimension of at least 4 (got \(timeEmbeddingDimension))"
            }
            return nil
        }
    }

    /// The number of parameters for a schedule of T = `timesteps` steps.
    public func parameterCount(timesteps: Int) -> Int {
        makeArchitecture(timesteps: timesteps).parameterCount
    }

    func makeArchitecture(timesteps: Int) -> any NetworkArchitecture {
        precondition(problem == nil, "The network shape must be valid: \(problem ?? "").")
        switch kind {
        case .tutorial:
            return TutorialNetwork(width: width, timesteps: timesteps)
        case .residual:
            return ResidualNetwork(width: width, depth: depth, embeddingDimension: timeEmbeddingDimension, timesteps: timesteps)
        }
    }
}
