/// The named training configurations: a starting point that options then adjust.
public enum TrainingPreset: String, CaseIterable, Sendable, Codable {
    /// The workbook's residual network for 2D points (`TrainingConfiguration.default`).
    case `default`
    /// Siddiqui's 2D tutorial exactly (`TrainingConfiguration.tutorial2d`).
    case tutorial2d
    /// The convolutional U-Net for 16 × 16 digits (`TrainingConfiguration.digits`).
    case digits

    /// The preset's configuration, before any override.
    public var configuration: TrainingConfiguration {
        switch self {
        case .default: return .default
        case .tutorial2d: return .tutorial2d
        case .digits: return .digits
        }
    }

    /// β_1 and β_T of the preset's schedule, for the kinds that take them (nil for the
    /// cosine schedule of `digits`), so that the schedule can be remade with another T.
    public var betaRange: (start: Double, end: Double)? {
        switch self {
        case .default: return (1e-4, 0.02)
        case .tutorial2d: return (1e-5, 5e-3)
        case .digits: return nil
        }
    }
}

/// Values given on top of a preset (a lesson's command-line options, Benchmarks' settings);
/// nil keeps the preset's value.
public struct TrainingOverrides: Sendable, Equatable {
    /// Another network; its width, depth and embedding come from the preset made for it
    /// (`tutorial2d` for the tutorial network, `default` otherwise) unless given too.
    public var model: ModelKind?
    /// Units per hidden layer.
    public var width: Int?
    /// Residual blocks.
    public var depth: Int?
    /// The per-value loss of L_simple.
    public var loss: LossKind?
    /// Optimizer steps.
    public var steps: Int?
    /// Samples per batch.
    public var batchSize: Int?
    /// Adam's step size α.
    public var learningRate: Double?
    /// d of the weights' exponential moving average.
    public var emaDecay: Double?
    /// Another schedule kind; with `timesteps` alone, the preset's kind with another T.
    public var schedule: ScheduleKind?
    /// T, with `schedule` or on its own.
    public var timesteps: Int?
    /// The seed of the weights and every training draw.
    public var seed: UInt64?

    /// Overrides of the given values; every one defaults to nil (the preset's).
    /// - Parameters:
    ///   - model: Another network kind.
    ///   - width: Units per hidden layer.
    ///   - depth: Residual blocks.
    ///   - loss: The per-value loss.
    ///   - steps: Optimizer steps.
    ///   - batchSize: Samples per batch.
    ///   - learningRate: Adam's α.
    ///   - emaDecay: The EMA's decay.
    ///   - schedule: Another schedule kind.
    ///   - timesteps: Another T.
    ///   - seed: The seed.
    public init(model: ModelKind? = nil, width: Int? = nil, depth: Int? = nil, loss: LossKind? = nil, steps: Int? = nil,
                batchSize: Int? = nil, learningRate: Double? = nil, emaDecay: Double? = nil, schedule: ScheduleKind? = nil,
                timesteps: Int? = nil, seed: UInt64? = nil) {
        (self.model, self.width, self.depth, self.loss, self.steps) = (model, width, depth, loss, steps)
        (self.batchSize, self.learningRate, self.emaDecay) = (batchSize, learningRate, emaDecay)
        (self.schedule, self.timesteps, self.seed) = (schedule, timesteps, seed)
    }
}

extension TrainingConfiguration {
    /// `preset` with every value of `overrides` put in its place. A new schedule of the
    /// preset's own kind keeps the preset's β range (for the kinds that have one); the warm-up
    /// is cut to a tenth of the steps, so a short run does not spend itself warming up.
    /// - Parameters:
    ///   - preset: The starting configuration.
    ///   - overrides: The values to change.
    public init(preset: TrainingPreset, overrides: TrainingOverrides = TrainingOverrides()) {
        var c = preset.configuration
        if let model = overrides.model, model != c.model {
            let defaults: TrainingConfiguration = model == .tutorial ? .tutorial2d : .default
            (c.model, c.width, c.depth, c.timeEmbeddingDimension) = (model, defaults.width, defaults.depth, defaults.timeEmbeddingDimension)
        }
        if let width = overrides.width { c.width = width }
        if let depth = overrides.depth { c.depth = depth }
        if let loss = overrides.loss { c.loss = loss }
        if let steps = overrides.steps { c.steps = steps }
        if let batchSize = overrides.batchSize { c.batchSize = batchSize }
        if let learningRate = overrides.learningRate { c.learningRate = learningRate }
        if let emaDecay = overrides.emaDecay { c.emaDecay = emaDecay }
        if overrides.schedule != nil || overrides.timesteps != nil {
            let kind = overrides.schedule ?? c.schedule.kind ?? .linear, T = overrides.timesteps ?? c.schedule.timesteps
            if kind == c.schedule.kind, let range = preset.betaRange {
                c.schedule = NoiseSchedule(kind, timesteps: T, betaStart: range.start, betaEnd: range.end)
            } else {
                c.schedule = NoiseSchedule(kind, timesteps: T)
            }
        }
        c.warmupSteps = min(c.warmupSteps, c.steps / 10)
        if let seed = overrides.seed { c.seed = seed }
        self = c
    }
}
