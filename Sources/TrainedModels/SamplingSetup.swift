import Diffusion
import Foundation
import Workbook

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
    /// The checkpoint the trained network was loaded from; nil when it was trained here.
    public let checkpoint: String?
    private let quick: Bool
    private let seed: UInt64

    /// Steps of the 2D tutorial's setup trained by `tutorialDenoiser`.
    public var tutorialSteps: Int { TrainingConfiguration(preset: .tutorial2d, overrides: Recipes.tutorial(quick: quick, seed: seed)).steps }

    /// Loads Lesson 04's model (`Lesson04Model.locate`), saying which file, or trains a
    /// short one with a one-line note when there is none. A checkpoint that is corrupt, not
    /// for 2D points, or from another schedule than asked is a one-line error.
    public static func prepare(_ options: DenoiserOptions, book: Notebook) -> SamplingSetup {
        let quick = book.options.quick, seed = book.options.seed
        let network: NoiseNetwork, dataset: Toy2D
        let path = Lesson04Model.locate(checkpoint: options.checkpoint, output: book.options.output)
        if let path {
            let saved = orFail { try SavedModel(contentsOf: URL(fileURLWithPath: path), dimension: 2) }
            network = saved.network
            let schedule = network.schedule
            if let kind = options.schedule, kind != schedule.kind {
                fail("\(path) was trained with the \(schedule.kind?.rawValue ?? "custom") schedule, not \(kind.rawValue); "
                     + "retrain with swift run Lesson04 --schedule \(kind.rawValue), or drop --schedule")
            }
            if let timesteps = options.timesteps, timesteps != schedule.timesteps {
                fail("\(path) was trained with T = \(schedule.timesteps), not \(timesteps); "
                     + "retrain with swift run Lesson04 --timesteps \(timesteps), or drop --timesteps")
            }
            let note: String?
            (dataset, note) = Lesson04Model.dataset(of: saved, path: path)
            book.say("Loaded the trained network from \(path) (\(network.shape.kind.rawValue), "
                      + "\(network.parameterCount) weights, \(schedule.kind?.rawValue ?? "custom") schedule, T = \(schedule.timesteps)"
                      + (note == nil ? ", trained on \(dataset.rawValue))." : ")."))
            if let note { book.say(note) }
        } else {
            let configuration = TrainingConfiguration(preset: .default, overrides: Recipes.fallback(options, quick: quick, seed: seed))
            dataset = Recipes.fallbackDataset
            let places = Lesson04Model.candidates(output: book.options.output).joined(separator: " or ")
            book.say("No checkpoint at \(places): training a short model first (\(configuration.steps) steps; "
                      + "run swift run Lesson04 for the full one).")
            network = TrainingRun.run(configuration, data: dataset.trainingPoints(seed: seed), label: "training").trainer.model
        }
        let trained = LessonDenoiser(name: "trained", predictor: network, dataset: dataset)
        let ideal = LessonDenoiser(name: "ideal", predictor: IdealDenoiser(mixture: .ring(), schedule: network.schedule), dataset: .ring)
        return SamplingSetup(schedule: network.schedule,
                             denoisers: options.denoiser == .trained ? [trained, ideal] : [ideal, trained],
                             checkpoint: path, quick: quick, seed: seed)
    }

    /// Siddiqui's 2D tutorial setup (its network, its sigmoid schedule with T = 100), trained
    /// here on the same data as the trained denoiser.
    public func tutorialDenoiser(book: Notebook) -> LessonDenoiser {
        let configuration = TrainingConfiguration(preset: .tutorial2d, overrides: Recipes.tutorial(quick: quick, seed: seed))
        let dataset = denoisers.first { $0.name == "trained" }?.dataset ?? Recipes.fallbackDataset
        let result = TrainingRun.run(configuration, data: dataset.trainingPoints(seed: seed), label: "training the tutorial setup")
        return LessonDenoiser(name: "tutorial2d", predictor: result.trainer.model, dataset: dataset)
    }
}
