import ArgumentParser
import Diffusion
import Foundation

/// Options of the sampling lessons: which denoiser leads, and which checkpoint to load.
public struct DenoiserOptions: ParsableArguments, Sendable {
    @Option(help: "The denoiser for the main figures: trained (Lesson 04's network) or ideal (the exact denoiser of the ring of 8 Gaussians).")
    public var denoiser: DenoiserKind = .trained

    @Option(help: ArgumentHelp("The trained network to load (made by swift run Lesson04).", valueName: "file"))
    public var checkpoint: String = SavedModel.defaultPath

    @Option(help: "Require the checkpoint's schedule to be this kind (default: whatever it was trained with).")
    public var schedule: ScheduleKind?

    @Option(help: "Require the checkpoint's T to be this (default: whatever it was trained with).")
    public var timesteps: Int?

    public init() {}

    public func validate() throws {
        if let timesteps, timesteps < 2 { throw ValidationError("--timesteps must be at least 2 (got \(timesteps))") }
    }
}

public enum DenoiserKind: String, CaseIterable, ExpressibleByArgument, Sendable {
    case trained, ideal
}

/// A denoiser as a lesson uses it: its name, the predictor, and the data it models.
public struct LessonDenoiser {
    public let name: String
    public let predictor: any NoisePredictor
    public let dataset: Toy2D
    /// Axis limits that show the data and a margin.
    public let view: ClosedRange<Double> = -2...2

    /// Two independent held-out draws of the data (never the training points): `4 × count`
    /// points to score samples against (more reference points, a steadier score), and
    /// `count` for the data-vs-data floor.
    public func heldOut(count: Int, seed: UInt64) -> (data: [SIMD2<Double>], independent: [SIMD2<Double>]) {
        var first = Xoshiro256(seed: seed, stream: 1001), second = Xoshiro256(seed: seed, stream: 1002)
        return (dataset.sample(count: 4 * count, using: &first), dataset.sample(count: count, using: &second))
    }
}

/// What the sampling lessons sample from: Lesson 04's trained network (or a short one
/// trained on the spot) and the ideal denoiser of the ring on the same schedule.
public struct SamplingSetup {
    public let schedule: NoiseSchedule
    /// The chosen denoiser first, then the other.
    public let denoisers: [LessonDenoiser]
    private let quick: Bool
    private let seed: UInt64

    /// Steps of the 2D tutorial's setup trained by `tutorialDenoiser`.
    public var tutorialSteps: Int { quick ? 300 : TrainingConfiguration.tutorial2d.steps }

    /// Loads the checkpoint (saying which), or trains a short model with a one-line note when
    /// there is none. A checkpoint that is corrupt or from another schedule is a one-line error.
    public static func prepare(_ options: DenoiserOptions, book: Notebook) -> SamplingSetup {
        let url = URL(fileURLWithPath: options.checkpoint)
        let quick = book.options.quick, seed = book.options.seed
        var trained: SavedModel
        if FileManager.default.fileExists(atPath: url.path) {
            trained = orFail { try SavedModel.load(from: url) }
            let schedule = trained.network.schedule
            if let kind = options.schedule, kind != schedule.kind {
                fail("\(options.checkpoint) was trained with the \(schedule.kind?.rawValue ?? "custom") schedule, not \(kind.rawValue); "
                     + "retrain with swift run Lesson04 --schedule \(kind.rawValue), or drop --schedule")
            }
            if let timesteps = options.timesteps, timesteps != schedule.timesteps {
                fail("\(options.checkpoint) was trained with T = \(schedule.timesteps), not \(timesteps); "
                     + "retrain with swift run Lesson04 --timesteps \(timesteps), or drop --timesteps")
            }
            book.say("Loaded the trained network from \(options.checkpoint) (\(trained.network.shape.kind.rawValue), "
                      + "\(trained.network.parameterCount) weights, \(schedule.kind?.rawValue ?? "custom") schedule, T = \(schedule.timesteps), "
                      + "trained on \(trained.dataset.rawValue)).")
        } else {
            var configuration = TrainingConfiguration.default
            if let kind = options.schedule {
                configuration.schedule = NoiseSchedule(kind, timesteps: options.timesteps ?? configuration.schedule.timesteps)
            } else if let timesteps = options.timesteps {
                configuration.schedule = NoiseSchedule(configuration.schedule.kind ?? .linear, timesteps: timesteps)
            }
            configuration.steps = quick ? 600 : 4000
            configuration.seed = seed
            book.say("No checkpoint at \(options.checkpoint): training a short model first (\(configuration.steps) steps; "
                      + "run swift run Lesson04 for the full one).")
            var rng = Xoshiro256(seed: seed)
            let data = Toy2D.ring.sample(count: 10_000, using: &rng)
            let result = TrainingRun.run(configuration, data: data, label: "training")
            trained = SavedModel(network: result.trainer.model, dataset: .ring)
        }
        let trainedDenoiser = LessonDenoiser(name: "trained", predictor: trained.network, dataset: trained.dataset)
        let ideal = LessonDenoiser(name: "ideal", predictor: IdealDenoiser(mixture: .ring(), schedule: trained.network.schedule), dataset: .ring)
        return SamplingSetup(schedule: trained.network.schedule,
                             denoisers: options.denoiser == .trained ? [trainedDenoiser, ideal] : [ideal, trainedDenoiser],
                             quick: quick, seed: seed)
    }

    /// Siddiqui's 2D tutorial setup (its network, its sigmoid schedule with T = 100), trained
    /// here on the same data as the trained denoiser.
    public func tutorialDenoiser(book: Notebook) -> LessonDenoiser {
        var configuration = TrainingConfiguration.tutorial2d
        configuration.steps = tutorialSteps
        configuration.seed = seed
        let dataset = denoisers.first { $0.name == "trained" }?.dataset ?? .ring
        var rng = Xoshiro256(seed: seed)
        let result = TrainingRun.run(configuration, data: dataset.sample(count: 10_000, using: &rng), label: "training the tutorial setup")
        return LessonDenoiser(name: "tutorial2d", predictor: result.trainer.model, dataset: dataset)
    }
}

extension ReverseVariance: ExpressibleByArgument {
    /// The symbol printed in tables and titles.
    public var symbol: String { self == .beta ? "β_t" : "β̃_t" }
}
