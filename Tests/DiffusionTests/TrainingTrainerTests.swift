import XCTest
@testable import Diffusion

/// The trainer as a whole: presets, validation, reproducibility, threads and failures.
final class TrainingTrainerTests: XCTestCase {
    let data: [SIMD2<Double>] = {
        var rng = Xoshiro256(seed: 0)
        return Toy2D.swissRoll.sample(count: 500, using: &rng)
    }()

    /// A small, quick configuration.
    func small(threads: Int = 2, seed: UInt64 = 1) -> TrainingConfiguration {
        TrainingConfiguration(model: .residual, width: 32, depth: 2, timeEmbeddingDimension: 16,
                              schedule: NoiseSchedule(.linear, timesteps: 50), steps: 40, batchSize: 64,
                              learningRate: 1e-3, emaDecay: 0.9, clipNorm: 1, seed: seed, threads: threads)
    }

    func testTutorialPresetIsTheReferenceScript() throws {
        let preset = TrainingConfiguration.tutorial2d
        XCTAssertEqual(preset.schedule, NoiseSchedule(.sigmoid, timesteps: 100, betaStart: 1e-5, betaEnd: 5e-3))
        XCTAssertEqual(preset.model, .tutorial)
        XCTAssertEqual(preset.width, 128)
        XCTAssertEqual(preset.batchSize, 128)
        XCTAssertEqual(preset.learningRate, 1e-3)
        XCTAssertEqual(preset.emaDecay, 0.9)
        XCTAssertEqual(preset.clipNorm, 1)
        XCTAssertEqual(preset.timeSampling, .antithetic)
        XCTAssertEqual(preset.loss, .l2)
        XCTAssertEqual(preset.learningRateDecay, .constant)
        XCTAssertEqual(preset.warmupSteps, 0)
        // 2 → 128 (+ a 100 × 128 table) → 128 (+ table) → 2, as the reference's state_dict.
        let references = (2 * 128 + 128 + 100 * 128) + (128 * 128 + 128 + 100 * 128) + (128 * 2 + 2)
        XCTAssertEqual(try Trainer(configuration: preset, data: data).parameterCount, references)
        XCTAssertNoThrow(try TrainingConfiguration.default.validate())
    }

    func testValidationNamesTheBadValue() {
        func problem(_ change: (inout TrainingConfiguration) -> Void) -> String {
            var configuration = small()
            change(&configuration)
            do {
                try configuration.validate()
                return "valid"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(problem { _ in }, "valid")
        XCTAssertEqual(problem { $0.steps = 0 }, "invalid training configuration: the number of steps must be at least 1 (got 0)")
        XCTAssertEqual(problem { $0.steps = -5 }, "invalid training configuration: the number of steps must be at least 1 (got -5)")
        XCTAssertEqual(problem { $0.batchSize = 0 }, "invalid training configuration: the batch size must be at least 1 (got 0)")
        XCTAssertEqual(problem { $0.learningRate = 0 }, "invalid training configuration: the learning rate must be positive (got 0.0)")
        XCTAssertEqual(problem { $0.learningRate = .nan }, "invalid training configuration: the learning rate must be positive (got nan)")
        XCTAssertEqual(problem { $0.emaDecay = 1 }, "invalid training configuration: the EMA decay must lie in [0, 1) (got 1.0)")
        XCTAssertEqual(problem { $0.clipNorm = 0 }, "invalid training configuration: the clip norm must be positive (got 0.0)")
        XCTAssertEqual(problem { $0.warmupSteps = -1 }, "invalid training configuration: the warm-up steps must not be negative (got -1)")
        XCTAssertEqual(problem { $0.threads = 3 }, "invalid training configuration: the number of threads must be 1 or 2 (got 3)")
        XCTAssertEqual(problem { $0.width = 0 }, "invalid training configuration: the network width must be at least 1 (got 0)")
        XCTAssertEqual(problem { $0.depth = 0 }, "invalid training configuration: the residual network needs at least 1 block (got depth 0)")
        XCTAssertEqual(problem { $0.timeEmbeddingDimension = 7 },
                       "invalid training configuration: the time embedding needs an even dimension of at least 4 (got 7)")
        XCTAssertThrowsError(try Trainer(configuration: small(), data: [])) { error in
            XCTAssertEqual(error as? TrainingError, .emptyDataset)
        }
    }

    func testARunRepeatsFromItsSeedAndDependsOnIt() throws {
        func losses(seed: UInt64) throws -> [Double] {
            let trainer = try Trainer(configuration: small(seed: seed), data: data)
            var losses: [Double] = []
            try trainer.train { _, loss in losses.append(loss) }
            return losses
        }
        let first = try losses(seed: 1)
        XCTAssertEqual(first.count, 40)
        XCTAssertEqual(try losses(seed: 1), first)
        XCTAssertNotEqual(try losses(seed: 2), first)
    }

    /// Two threads sum the two halves' gradients instead of one pass over the batch: the
    /// same run up to float rounding.
    func testTwoThreadsTrainLikeOne() throws {
        let one = try Trainer(configuration: small(threads: 1), data: data)
        let two = try Trainer(configuration: small(threads: 2), data: data)
        try one.train()
        try two.train()
        let difference = zip(one.model.parameters, two.model.parameters).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(difference, 1e-4)
    }

    /// Min-SNR-γ: weight min(SNR_t, γ)/SNR_t, so 1 where SNR_t ≤ γ and γ/SNR_t above.
    func testMinSNRWeightsTheStepsAboveGamma() throws {
        let weighting = LossWeighting.minSNR(gamma: 5)
        XCTAssertEqual(weighting.weight(alphaBar: 10.0 / 11), 0.5, accuracy: 1e-15, "SNR 10 → 5/10")
        XCTAssertEqual(weighting.weight(alphaBar: 0.5), 1, "SNR 1 ≤ γ")
        XCTAssertEqual(weighting.weight(alphaBar: 5.0 / 6), 1, accuracy: 1e-15, "SNR = γ")
        XCTAssertEqual(LossWeighting.uniform.weight(alphaBar: 0.999), 1)
        var bad = small()
        bad.lossWeighting = .minSNR(gamma: 0)
        XCTAssertThrowsError(try bad.validate()) { error in
            XCTAssertEqual("\(error)", "invalid training configuration: the Min-SNR γ must be positive (got 0.0)")
        }
    }

    /// A γ above every SNR_t weighs every row 1: the weighted path trains the same weights,
    /// bit for bit, as L_simple's; γ = 1 down-weights the small t and trains others.
    func testMinSNRAboveEverySNRTrainsLikeUniformAndBelowDiffers() throws {
        func trained(_ weighting: LossWeighting) throws -> [Float] {
            var configuration = small()
            configuration.lossWeighting = weighting
            let trainer = try Trainer(configuration: configuration, data: data)
            try trainer.train()
            return trainer.currentModel.parameters
        }
        let maxSNR = small().schedule.alphaBars.map { $0 / (1 - $0) }.max()!
        let uniform = try trained(.uniform)
        XCTAssertEqual(try trained(.minSNR(gamma: 2 * maxSNR)), uniform)
        let weighted = try trained(.minSNR(gamma: 1))
        XCTAssertNotEqual(weighted, uniform)
        XCTAssertTrue(weighted.allSatisfy(\.isFinite))
    }

    func testProgressReportsEveryStepAndTrainingStopsAtTheConfiguredCount() throws {
        let trainer = try Trainer(configuration: small(), data: data)
        var steps: [Int] = []
        try trainer.train(steps: 15) { step, _ in steps.append(step) }
        try trainer.train { step, _ in steps.append(step) }
        XCTAssertEqual(steps, Array(1...40))
        XCTAssertEqual(trainer.completedSteps, 40)
        try trainer.train()
        XCTAssertEqual(trainer.completedSteps, 40, "A finished run takes no more steps by default.")
    }

    func testNonFiniteLossStopsTheRunWithoutTouchingTheWeights() throws {
        // Points far beyond Float's range make ε̂ − ε infinite at the first step.
        let trainer = try Trainer(configuration: small(), data: [SIMD2(1e39, -1e39), SIMD2(2e39, 0)])
        let before = trainer.model.parameters, raw = trainer.currentModel.parameters
        XCTAssertThrowsError(try trainer.train()) { error in
            XCTAssertEqual(error as? TrainingError, .nonFiniteLoss(step: 1, learningRate: 1e-3, clipNorm: 1))
            XCTAssertEqual("\(error)", "training diverged at step 1: the loss is not finite; the weights of step 0 are kept. "
                           + "Try a lower learning rate (now 0.001) or a smaller clip norm (now 1.0)")
        }
        XCTAssertEqual(trainer.completedSteps, 0)
        XCTAssertEqual(trainer.model.parameters, before)
        XCTAssertEqual(trainer.currentModel.parameters, raw)
        XCTAssertTrue(TrainingError.nonFiniteLoss(step: 9, learningRate: 0.1, clipNorm: nil).description
            .hasSuffix("Try a lower learning rate (now 0.1) or gradient clipping (e.g. a clip norm of 1)"))
    }

    func testTrainingLowersTheLoss() throws {
        var configuration = small()
        configuration.schedule = NoiseSchedule(.cosine, timesteps: 50)
        configuration.steps = 300
        let trainer = try Trainer(configuration: configuration, data: data)
        var losses: [Double] = []
        try trainer.train { _, loss in losses.append(loss) }
        let early = losses.prefix(20).reduce(0, +) / 20, late = losses.suffix(50).reduce(0, +) / 50
        XCTAssertLessThan(late, 0.7 * early)
    }
}
