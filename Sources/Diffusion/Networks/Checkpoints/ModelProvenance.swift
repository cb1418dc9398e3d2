import Foundation

/// What made a saved network: stored in a checkpoint of format 3 (as JSON), unknown for
/// the files of formats 1 and 2, whose fields are then all nil.
public struct ModelProvenance: Codable, Sendable, Equatable {
    /// The data it learned: a `Toy2D` name for points ("ring"), "digits" for the built-in
    /// digits, or an IDX file's name; nil when the file does not say.
    public var dataset: String?
    /// The preset its configuration started from.
    public var preset: TrainingPreset?
    /// The configuration it was trained with (its schedule is the checkpoint's own).
    public var training: TrainingRecord?
    /// When training finished.
    public var date: Date?
    /// The number of classes a class-conditional network takes as its label; nil for an
    /// unconditional network ε_θ(x_t, t). A network saved with `NetworkShape.labelClasses` = K > 0
    /// records K here, and loads with it.
    public var classes: Int?
    /// For a velocity network trained by flow matching: the path, the target and how t was
    /// drawn. nil for a noise predictor ε_θ (every checkpoint written before flow matching).
    public var flow: FlowRecord?

    /// A record of what made a network; every field defaults to unknown (`classes`: unconditional).
    /// - Parameters:
    ///   - dataset: The data it learned.
    ///   - preset: The preset its configuration started from.
    ///   - training: The configuration it was trained with.
    ///   - date: When training finished.
    ///   - classes: The number of classes of a class-conditional network.
    public init(dataset: String? = nil, preset: TrainingPreset? = nil, training: TrainingConfiguration? = nil,
                date: Date? = nil, classes: Int? = nil) {
        (self.dataset, self.preset, self.date, self.classes) = (dataset, preset, date, classes)
        self.training = training.map(TrainingRecord.init)
    }

    /// Whether the network is a velocity v_θ(x_t, t) (flow matching), not a noise predictor.
    public var isVelocity: Bool { flow != nil }

    /// Whether the network takes a class label as well as x_t and t.
    public var isConditional: Bool { classes != nil }

    /// The seed the weights and every training draw came from, if recorded.
    public var seed: UInt64? { training?.seed }
    /// The optimizer steps it was trained for, if recorded.
    public var steps: Int? { training?.steps }

    /// The JSON stored in the checkpoint: sorted keys, dates in ISO 8601 (whole seconds).
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        // Encoding plain strings, numbers and enums cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Reads `encoded()`'s JSON; nil when it is not a provenance record.
    static func decoded(_ text: String) -> ModelProvenance? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ModelProvenance.self, from: Data(text.utf8))
    }
}

/// A `TrainingConfiguration` as a checkpoint records it: every value but the schedule,
/// which the checkpoint stores in full (its β_t).
public struct TrainingRecord: Codable, Sendable, Equatable {
    /// As ``TrainingConfiguration/model``.
    public var model: ModelKind
    /// As ``TrainingConfiguration/dimension``.
    public var dimension: Int
    /// As ``TrainingConfiguration/width``.
    public var width: Int
    /// As ``TrainingConfiguration/depth``.
    public var depth: Int
    /// As ``TrainingConfiguration/timeEmbeddingDimension``.
    public var timeEmbeddingDimension: Int
    /// As ``TrainingConfiguration/timeInEveryBlock``.
    public var timeInEveryBlock: Bool
    /// As ``TrainingConfiguration/loss``.
    public var loss: LossKind
    /// As ``TrainingConfiguration/timeSampling``.
    public var timeSampling: TimeSampling
    /// As ``TrainingConfiguration/lossWeighting``; nil (uniform) in records of models trained
    /// with L_simple, and in records written before the weighting existed.
    public var lossWeighting: LossWeighting?
    /// As ``TrainingConfiguration/steps``.
    public var steps: Int
    /// As ``TrainingConfiguration/batchSize``.
    public var batchSize: Int
    /// As ``TrainingConfiguration/learningRate``.
    public var learningRate: Double
    /// As ``TrainingConfiguration/warmupSteps``.
    public var warmupSteps: Int
    /// As ``TrainingConfiguration/learningRateDecay``.
    public var learningRateDecay: LearningRateDecay
    /// As ``TrainingConfiguration/emaDecay``.
    public var emaDecay: Double
    /// As ``TrainingConfiguration/clipNorm``.
    public var clipNorm: Double?
    /// As ``TrainingConfiguration/seed``.
    public var seed: UInt64
    /// As ``TrainingConfiguration/threads``.
    public var threads: Int
    /// As ``TrainingConfiguration/labelClasses``; nil (0) in records of unconditional networks.
    public var labelClasses: Int?
    /// As ``TrainingConfiguration/labelDropout``; nil (0) in records of unconditional networks.
    public var labelDropout: Double?

    /// The record of `c`.
    /// - Parameter c: A training configuration.
    public init(_ c: TrainingConfiguration) {
        (model, dimension, width, depth) = (c.model, c.dimension, c.width, c.depth)
        (timeEmbeddingDimension, timeInEveryBlock, loss, timeSampling) = (c.timeEmbeddingDimension, c.timeInEveryBlock, c.loss, c.timeSampling)
        (steps, batchSize, learningRate, warmupSteps) = (c.steps, c.batchSize, c.learningRate, c.warmupSteps)
        (learningRateDecay, emaDecay, clipNorm, seed, threads) = (c.learningRateDecay, c.emaDecay, c.clipNorm, c.seed, c.threads)
        (labelClasses, labelDropout) = c.labelClasses > 0 ? (c.labelClasses, c.labelDropout) : (nil, nil)
        lossWeighting = c.lossWeighting == .uniform ? nil : c.lossWeighting
    }

    /// The configuration that made the network, with the checkpoint's `schedule`.
    /// - Parameter schedule: The checkpoint's schedule.
    /// - Returns: The configuration, equal to the one recorded.
    public func configuration(schedule: NoiseSchedule) -> TrainingConfiguration {
        var c = TrainingConfiguration(model: model, width: width, depth: depth, timeEmbeddingDimension: timeEmbeddingDimension,
                                      schedule: schedule, loss: loss, timeSampling: timeSampling, steps: steps,
                                      batchSize: batchSize, learningRate: learningRate, warmupSteps: warmupSteps,
                                      learningRateDecay: learningRateDecay, emaDecay: emaDecay, clipNorm: clipNorm,
                                      seed: seed, threads: threads)
        (c.dimension, c.timeInEveryBlock) = (dimension, timeInEveryBlock)
        (c.labelClasses, c.labelDropout) = (labelClasses ?? 0, labelDropout ?? 0)
        c.lossWeighting = lossWeighting ?? .uniform
        return c
    }
}

extension ModelKind: Codable {}
extension LossKind: Codable {}
extension TimeSampling: Codable {}
extension LearningRateDecay: Codable {}

/// How a velocity network was trained (`FlowMatching`), as its checkpoint records it.
public struct FlowRecord: Codable, Sendable, Equatable {
    /// The Gaussian path: "linear" (x_t = (1 − t) x_0 + t x_1), the only one trained here.
    public var path: String
    /// What the network predicts: "velocity" (u = x_1 − x_0).
    public var prediction: String
    /// Where x_1 came from: "gaussian" (ε ~ N(0, I)), a `Toy2D` name, or "paired".
    public var source: String
    /// How each row's t was drawn.
    public var timeSampling: FlowTimeSampling

    /// The record of `flow`.
    public init(_ flow: FlowMatching) {
        (path, prediction, timeSampling) = ("linear", "velocity", flow.timeSampling)
        switch flow.source {
        case .gaussian: source = "gaussian"
        case .dataset(let data): source = data.rawValue
        case .paired: source = "paired"
        }
    }

    /// Why a network so recorded is not one `VelocityNetwork` can sample, or nil.
    var problem: String? {
        path == "linear" && prediction == "velocity" ? nil
            : "a flow on the \(path.debugDescription) path predicting \(prediction.debugDescription), not the linear path's velocity"
    }
}
