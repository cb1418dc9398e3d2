import XCTest
@testable import Diffusion

/// Training on data whose ideal noise predictor is known. For x₀ ~ N(0, s² I),
/// x_t ~ N(0, (ᾱ_t s² + 1 − ᾱ_t) I) and E[ε | x_t] = √(1 − ᾱ_t) / (ᾱ_t s² + 1 − ᾱ_t) · x_t, so
/// the least L_simple per dimension at t is 1 − (1 − ᾱ_t) / (ᾱ_t s² + 1 − ᾱ_t).
final class TrainingGaussianTests: XCTestCase {
    let s = 0.5

    /// ε*(x_t, t) = E[ε | x_t] for Gaussian data N(0, s² I).
    struct IdealGaussianPredictor: NoisePredictor {
        let schedule: NoiseSchedule
        let s: Double

        func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
            let alphaBar = schedule.alphaBar(t)
            let gain = (1 - alphaBar).squareRoot() / (alphaBar * s * s + 1 - alphaBar)
            return xt.map { gain * $0 }
        }
    }

    func floor(_ schedule: NoiseSchedule, t: Int) -> Double {
        let alphaBar = schedule.alphaBar(t)
        return 1 - (1 - alphaBar) / (alphaBar * s * s + 1 - alphaBar)
    }

    func gaussianData(_ count: Int, seed: UInt64) -> [SIMD2<Double>] {
        var rng = Xoshiro256(seed: seed)
        return (0..<count).map { _ in SIMD2(s * rng.gaussian(), s * rng.gaussian()) }
    }

    /// The evaluation helper itself: the ideal predictor's loss per t is the floor, up to
    /// Monte Carlo error (4000 values per t: the loss's standard error is about 2 %).
    func testIdealPredictorReachesTheFloorAtEveryStep() {
        let schedule = NoiseSchedule(.linear, timesteps: 100, betaStart: 1e-4, betaEnd: 0.04)
        let ideal = IdealGaussianPredictor(schedule: schedule, s: s)
        let curve = ideal.lossPerTimestep(data: gaussianData(2000, seed: 1), seed: 2, times: [1, 10, 50, 100])
        XCTAssertEqual(curve.map(\.t), [1, 10, 50, 100])
        for point in curve {
            XCTAssertEqual(point.loss, floor(schedule, t: point.t), accuracy: 0.06 * floor(schedule, t: point.t), "t = \(point.t)")
        }
        // A wrong predictor (ε̂ = 0) scores about 1 everywhere, far above the floor at t = T.
        let zero = IdealGaussianPredictor(schedule: schedule, s: .infinity)
        let zeroLoss = zero.lossPerTimestep(data: gaussianData(2000, seed: 1), seed: 2, times: [100])[0].loss
        XCTAssertEqual(zeroLoss, 1, accuracy: 0.06)
        XCTAssertGreaterThan(zeroLoss, 2 * floor(schedule, t: 100))
    }

    /// A short run of the residual network gets within 10 % of the floor averaged over t.
    func testTrainingApproachesTheIdealLossOnGaussianData() throws {
        let schedule = NoiseSchedule(.linear, timesteps: 100, betaStart: 1e-4, betaEnd: 0.04)
        let configuration = TrainingConfiguration(
            model: .residual, width: 64, depth: 2, timeEmbeddingDimension: 16, schedule: schedule,
            steps: 800, batchSize: 256, learningRate: 2e-3, warmupSteps: 50, learningRateDecay: .cosine,
            emaDecay: 0.99, clipNorm: 1, seed: 3)
        let trainer = try Trainer(configuration: configuration, data: gaussianData(10_000, seed: 4))
        let start = Date()
        try trainer.train()
        let curve = trainer.model.lossPerTimestep(data: gaussianData(2000, seed: 5), seed: 6)
        let achieved = curve.map(\.loss).reduce(0, +) / Double(curve.count)
        let ideal = schedule.steps.map { floor(schedule, t: $0) }.reduce(0, +) / Double(schedule.timesteps)
        print("Gaussian check: loss averaged over t \(achieved), floor \(ideal), \(Date().timeIntervalSince(start)) s")
        XCTAssertLessThan(achieved, 1.10 * ideal)
        XCTAssertGreaterThan(achieved, 0.95 * ideal, "No predictor beats the floor by more than the noise.")
    }
}
