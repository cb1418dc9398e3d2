/// A network's architecture: its kind and sizes. With the number of time steps T it fixes
/// every parameter's place, so a checkpoint records it.
public struct NetworkShape: Sendable, Equatable {
    /// Which network.
    public let kind: ModelKind
    /// Values per sample the network denoises: 2 for points in the plane, 256 for the
    /// pixels of a 16 × 16 image. Always 2 for the tutorial network.
    public let dimension: Int
    /// Units in every hidden layer.
    public let width: Int
    /// Residual blocks of two layers each; 0 for the tutorial network, whose two hidden
    /// layers are fixed.
    public let depth: Int
    /// Size of the sinusoidal time embedding; 0 for the tutorial network, which learns a
    /// table per step instead.
    public let timeEmbeddingDimension: Int
    /// Whether the time embedding also enters every residual block (as in DDPM's networks),
    /// not only the input layer; false for the tutorial network.
    public let timeInEveryBlock: Bool
    /// K for a class-conditional network, which learns ε(x_t, t, y) for labels 0…K − 1 and
    /// the unconditional ε(x_t, t) as label K; 0 for an unconditional network.
    public var labelClasses = 0

    /// The tutorial network with `width` hidden units.
    public static func tutorial(width: Int) -> NetworkShape {
        NetworkShape(kind: .tutorial, dimension: 2, width: width, depth: 0, timeEmbeddingDimension: 0, timeInEveryBlock: false)
    }

    /// The convolutional network for square images of `dimension` pixels (a side that is a
    /// multiple of 4), with `depth` blocks of `width` channels per level.
    public static func convolutional(width: Int, depth: Int, timeEmbeddingDimension: Int, dimension: Int) -> NetworkShape {
        NetworkShape(kind: .convolutional, dimension: dimension, width: width, depth: depth,
                     timeEmbeddingDimension: timeEmbeddingDimension, timeInEveryBlock: true)
    }

    /// The residual network with `depth` blocks of `width` units and a time embedding of
    /// `timeEmbeddingDimension` values, for samples of `dimension` values; the embedding
    /// enters the input layer, and every block too with `timeInEveryBlock`.
    public static func residual(width: Int, depth: Int, timeEmbeddingDimension: Int, dimension: Int = 2,
                                timeInEveryBlock: Bool = false) -> NetworkShape {
        NetworkShape(kind: .residual, dimension: dimension, width: width, depth: depth,
                     timeEmbeddingDimension: timeEmbeddingDimension, timeInEveryBlock: timeInEveryBlock)
    }

    /// Why this shape cannot be built, or nil when it can.
    public var problem: String? {
        if width < 1 { return "the network width must be at least 1 (got \(width))" }
        if dimension < 1 { return "the data dimension must be at least 1 (got \(dimension))" }
        if labelClasses < 0 || labelClasses > 1 << 16 { return "the number of label classes must lie in 0…65536 (got \(labelClasses))" }
        switch kind {
        case .tutorial:
            if labelClasses != 0 { return "the tutorial network cannot be class-conditional" }
            if timeInEveryBlock { return "the tutorial network has no residual blocks to feed the time embedding" }
            return dimension == 2 ? nil : "the tutorial network is for 2D points only (got dimension \(dimension))"
        case .convolutional:
            let side = Int(Double(dimension).squareRoot().rounded())
            if side * side != dimension || side % 4 != 0 {
                return "the convolutional network needs square images whose side is a multiple of 4 (got \(dimension) pixels)"
            }
            if width < 4 { return "the convolutional network needs at least 4 channels (got \(width))" }
            if !timeInEveryBlock { return "the convolutional network always feeds the time embedding to every block" }
            fallthrough
        case .residual:
            if depth < 1 { return "the \(kind.rawValue) network needs at least 1 block (got depth \(depth))" }
            if timeEmbeddingDimension < 4 || timeEmbeddingDimension % 2 != 0 {
                return "the time embedding needs an even dimension of at least 4 (got \(timeEmbeddingDimension))"
            }
            return nil
        }
    }

    /// The same network with K = `classes` label classes (0: unconditional).
    public func conditional(classes: Int) -> NetworkShape {
        var shape = self
        shape.labelClasses = classes
        return shape
    }

    /// The number of parameters for a schedule of T = `timesteps` steps.
    /// - Parameter timesteps: T (the tutorial network keeps T rows of per-step scales).
    /// - Returns: The length of θ.
    public func parameterCount(timesteps: Int) -> Int {
        makeArchitecture(timesteps: timesteps).parameterCount
    }

    func makeArchitecture(timesteps: Int) -> any NetworkArchitecture {
        precondition(problem == nil, "The network shape must be valid: \(problem ?? "").")
        switch kind {
        case .tutorial:
            return TutorialNetwork(width: width, timesteps: timesteps)
        case .convolutional:
            return ConvolutionalNetwork(width: width, depth: depth, embeddingDimension: timeEmbeddingDimension,
                                        timesteps: timesteps, dimension: dimension, labelClasses: labelClasses)
        case .residual:
            return ResidualNetwork(width: width, depth: depth, embeddingDimension: timeEmbeddingDimension,
                                   timesteps: timesteps, dimension: dimension, timeInEveryBlock: timeInEveryBlock,
                                   labelClasses: labelClasses)
        }
    }
}
