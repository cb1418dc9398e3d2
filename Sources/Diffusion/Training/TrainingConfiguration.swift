import Foundation

/// Everything that defines a training run of a noise predictor, for 2D points by default
/// (images set `dimension`, see `digits`). Two presets for points: `tutorial2d`
/// (Siddiqui's 2D tutorial) and `default` (the workbook's own); `TrainingPreset` names them
/// and `init(preset:overrides:)` adjusts one.
public struct TrainingConfiguration: Sendable, Equatable {
    /// Which network to train.
    public var model: ModelKind
    /// Values per training sample: 2 for points (the default), 256 for 16 × 16 images.
    public var dimension = 2
    /// Units per hidden layer.
    public var width: Int
    /// Residual blocks (the residual network only; the tutorial network's two hidden
    /// layers are fixed).
    public var depth: Int
    /// Size of the sinusoidal time embedding (the residual network only).
    public var timeEmbeddingDimension: Int
    /// Whether the time embedding also enters every residual block (the residual network only).
    public var timeInEveryBlock = false
    /// K for a class-conditional network (trained on labelled data; see `LabelEmbedding`),
    /// 0 for an unconditional one.
    public var labelClasses = 0
    /// p_uncond, the probability that a training sample's label is replaced by the null
    /// label (Ho & Salimans 2022, Algorithm 1), for a class-conditional network.
    public var labelDropout = 0.0
    /// The noise schedule the network learns to invert.
    public var schedule: NoiseSchedule
    /// The per-value loss that L_simple averages.
    public var loss: LossKind
    /// How each batch picks its time steps.
    public var timeSampling: TimeSampling
    /// How the loss of each time step is weighted (uniform: L_simple).
    public var lossWeighting = LossWeighting.uniform
    /// Optimizer steps in a full run.
    public var steps: Int
    /// Points per batch (an epoch's last batch may be smaller).
    public var batchSize: Int
    /// Adam's step size α (Kingma & Ba 2015), reached after the warm-up.
    public var learningRate: Double
    /// Steps of linear warm-up from 0 to the learning rate (0: none).
    public var warmupSteps: Int
    /// How the learning rate falls after the warm-up.
    public var learningRateDecay: LearningRateDecay
    /// d in θ_EMA ← d θ_EMA + (1 − d) θ.
    public var emaDecay: Double
    /// The largest global gradient norm, or nil for no clipping.
    public var clipNorm: Double?
    /// Seeds the initial weights and every draw of batches, time steps and noise.
    public var seed: UInt64
    /// 1, or 2 to split every batch over two threads (the default where the machine has two
    /// cores or more). The result is the same up to float rounding in the sum of the two
    /// halves' gradients.
    public var threads: Int

    /// A configuration from every value (for 2D points; set `dimension` for images).
    /// - Parameters:
    ///   - model: Which network.
    ///   - width: Units per hidden layer (channels for the convolutional network).
    ///   - depth: Residual blocks (blocks per level for the convolutional network).
    ///   - timeEmbeddingDimension: Size of the sinusoidal time embedding.
    ///   - schedule: The forward process.
    ///   - loss: The per-value loss of L_simple (Ho et al. 2020, eq. 14).
    ///   - timeSampling: How batches draw their t.
    ///   - steps: Optimizer steps.
    ///   - batchSize: Samples per batch.
    ///   - learningRate: Adam's α (Kingma & Ba 2015).
    ///   - warmupSteps: Steps of linear warm-up.
    ///   - learningRateDecay: The decay after the warm-up.
    ///   - emaDecay: The EMA's decay d.
    ///   - clipNorm: The largest gradient norm, or nil.
    ///   - seed: The seed of the weights and every draw.
    ///   - threads: 1 or 2.
    public init(model: ModelKind, width: Int, depth: Int = 0, timeEmbeddingDimension: Int = 0, schedule: NoiseSchedule,
                loss: LossKind = .l2, timeSampling: TimeSampling = .uniform, steps: Int, batchSize: Int,
                learningRate: Double, warmupSteps: Int = 0, learningRateDecay: LearningRateDecay = .constant,
                emaDecay: Double, clipNorm: Double?, seed: UInt64 = 0,
                threads: Int = min(2, ProcessInfo.processInfo.activeProcessorCount)) {
        (self.model, self.width, self.depth, self.timeEmbeddingDimension) = (model, width, depth, timeEmbeddingDimension)
        (self.schedule, self.loss, self.timeSampling) = (schedule, loss, timeSampling)
        (self.steps, self.batchSize, self.learningRate, self.warmupSteps) = (steps, batchSize, learningRate, warmupSteps)
        (self.learningRateDecay, self.emaDecay, self.clipNorm) = (learningRateDecay, emaDecay, clipNorm)
        (self.seed, self.threads) = (seed, threads)
    }

    /// Siddiqui's 2D tutorial's setup: sigmoid schedule with T = 100 and β from 10⁻⁵ to
    /// 5·10⁻³, the tutorial network of width 128, Adam at 10⁻³, batch 128, clip norm 1,
    /// EMA 0.9, antithetic time steps, squared error. One difference: 5,000 steps, where the
    /// tutorial trains 1,000 epochs of 10,000 points, 79 batches each (79,000 steps); set
    /// `steps` to 79,000 for its full length.
    public static let tutorial2d = TrainingConfiguration(
        model: .tutorial, width: 128, schedule: NoiseSchedule(.sigmoid, timesteps: 100, betaStart: 1e-5, betaEnd: 5e-3),
        loss: .l2, timeSampling: .antithetic, steps: 5000, batchSize: 128, learningRate: 1e-3,
        emaDecay: 0.9, clipNorm: 1, seed: 0)

    /// The workbook's default: a residual SiLU network (width 96, 3 blocks) on the linear
    /// schedule with T = 1000 (Ho et al. 2020), batch 256, half of each batch's t uniform and
    /// half log-normal in the noise level (Karras et al. 2022), Adam at 2·10⁻³ with 200
    /// warm-up steps and cosine decay, EMA 0.999, 10,000 steps. `swift run -c release
    /// Benchmarks quality` scores the samples of any variant of it; bench/recipes.md has the
    /// measurements behind each choice.
    public static let `default` = TrainingConfiguration(
        model: .residual, width: 96, depth: 3, timeEmbeddingDimension: 32,
        schedule: NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02),
        loss: .l2, timeSampling: .halfLogNormal, steps: 10_000, batchSize: 256, learningRate: 2e-3, warmupSteps: 200,
        learningRateDecay: .cosine, emaDecay: 0.999, clipNorm: 1, seed: 0)

    /// The network's architecture.
    public var networkShape: NetworkShape { unconditionalShape.conditional(classes: labelClasses) }

    private var unconditionalShape: NetworkShape {
        switch model {
        // The tutorial network is 2D only; its shape's `problem` says so for another dimension.
        case .tutorial:
            return NetworkShape(kind: .tutorial, dimension: dimension, width: width, depth: 0, timeEmbeddingDimension: 0,
                                timeInEveryBlock: timeInEveryBlock)
        case .residual:
            return .residual(width: width, depth: depth, timeEmbeddingDimension: timeEmbeddingDimension, dimension: dimension,
                             timeInEveryBlock: timeInEveryBlock)
        case .convolutional:
            return NetworkShape(kind: .convolutional, dimension: dimension, width: width, depth: depth,
                                timeEmbeddingDimension: timeEmbeddingDimension, timeInEveryBlock: timeInEveryBlock)
        }
    }

    /// Throws `TrainingError.invalidConfiguration` naming the first value out of range.
    public func validate() throws {
        func fail(_ problem: String) throws { throw TrainingError.invalidConfiguration(problem) }
        if let problem = networkShape.problem { try fail(problem) }
        if steps < 1 { try fail("the number of steps must be at least 1 (got \(steps))") }
        if batchSize < 1 { try fail("the batch size must be at least 1 (got \(batchSize))") }
        if !(learningRate > 0 && learningRate.isFinite) { try fail("the learning rate must be positive (got \(learningRate))") }
        if warmupSteps < 0 { try fail("the warm-up steps must not be negative (got \(warmupSteps))") }
        if !(emaDecay >= 0 && emaDecay < 1) { try fail("the EMA decay must lie in [0, 1) (got \(emaDecay))") }
        if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) { try fail("the clip norm must be positive (got \(clipNorm))") }
        if !(labelDropout >= 0 && labelDropout <= 1) { try fail("the label dropout must lie in 0…1 (got \(labelDropout))") }
        if labelClasses == 0 && labelDropout != 0 { try fail("label dropout needs a class-conditional network (label classes > 0)") }
        if let problem = lossWeighting.problem { try fail(problem) }
        if threads != 1 && threads != 2 { try fail("the number of threads must be 1 or 2 (got \(threads))") }
    }
}
