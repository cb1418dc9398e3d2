import XCTest
@testable import Diffusion

/// `TrainingConfiguration(preset:overrides:)`, the one place a preset and a learner's
/// options become a configuration.
final class TrainingPresetTests: XCTestCase {
    func testNoOverridesGiveThePresetWithItsWarmUpKept() {
        XCTAssertEqual(TrainingConfiguration(preset: .default), .default)
        XCTAssertEqual(TrainingConfiguration(preset: .tutorial2d), .tutorial2d)
        XCTAssertEqual(TrainingConfiguration(preset: .digits), .digits)
    }

    func testEveryOverrideLandsInItsField() {
        let c = TrainingConfiguration(preset: .default, overrides: TrainingOverrides(
            width: 40, depth: 5, loss: .huber, steps: 900, batchSize: 64, learningRate: 5e-4, emaDecay: 0.99, seed: 77))
        XCTAssertEqual([c.width, c.depth, c.steps, c.batchSize], [40, 5, 900, 64])
        XCTAssertEqual(c.loss, .huber)
        XCTAssertEqual(c.learningRate, 5e-4)
        XCTAssertEqual(c.emaDecay, 0.99)
        XCTAssertEqual(c.seed, 77)
        // The warm-up (200 steps in the preset) is cut to a tenth of a short run.
        XCTAssertEqual(c.warmupSteps, 90)
        XCTAssertEqual(TrainingConfiguration(preset: .default, overrides: TrainingOverrides(steps: 5000)).warmupSteps, 200)
        // What is not overridden stays.
        XCTAssertEqual(c.schedule, TrainingConfiguration.default.schedule)
        XCTAssertEqual(c.model, .residual)
    }

    func testAnotherModelTakesTheSizesOfItsOwnPreset() {
        let tutorial = TrainingConfiguration(preset: .default, overrides: TrainingOverrides(model: .tutorial))
        XCTAssertEqual(tutorial.networkShape, TrainingConfiguration.tutorial2d.networkShape)
        XCTAssertEqual(tutorial.learningRate, TrainingConfiguration.default.learningRate, "only the network changes")
        let residual = TrainingConfiguration(preset: .tutorial2d, overrides: TrainingOverrides(model: .residual, width: 48))
        XCTAssertEqual([residual.width, residual.depth, residual.timeEmbeddingDimension], [48, 3, 32])
    }

    func testEachPresetsBetaRangeMakesItsSchedule() throws {
        for preset in TrainingPreset.allCases {
            let schedule = preset.configuration.schedule, kind = try XCTUnwrap(schedule.kind)
            guard let range = preset.betaRange else {
                XCTAssertFalse(kind.usesBetaRange, "\(preset) needs its β range")
                continue
            }
            XCTAssertEqual(NoiseSchedule(kind, timesteps: schedule.timesteps, betaStart: range.start, betaEnd: range.end), schedule)
        }
    }

    func testASchedulesBetaRangeIsKeptOnlyForItsOwnKind() {
        // The tutorial's sigmoid schedule with another T keeps β from 10⁻⁵ to 5·10⁻³.
        let longer = TrainingConfiguration(preset: .tutorial2d, overrides: TrainingOverrides(timesteps: 200))
        XCTAssertEqual(longer.schedule, NoiseSchedule(.sigmoid, timesteps: 200, betaStart: 1e-5, betaEnd: 5e-3))
        // Another kind takes its own defaults.
        let linear = TrainingConfiguration(preset: .tutorial2d, overrides: TrainingOverrides(schedule: .linear))
        XCTAssertEqual(linear.schedule, NoiseSchedule(.linear, timesteps: 100))
        let cosine = TrainingConfiguration(preset: .default, overrides: TrainingOverrides(schedule: .cosine, timesteps: 500))
        XCTAssertEqual(cosine.schedule, NoiseSchedule(.cosine, timesteps: 500))
    }
}
