import XCTest
@testable import Diffusion

/// The score of q_t for a Gaussian mixture, ε as a scaled score, Tweedie's formula, and
/// annealed Langevin dynamics (Song & Ermon 2019).
final class ScoreTests: XCTestCase {
    let schedule = NoiseSchedule(.linear, timesteps: 1000)

    func testMixtureScoreIsTheGradientOfTheLogDensityAndMinusEpsOverNoiseRate() {
        let ideal = IdealDenoiser(mixture: .ring(), schedule: schedule)
        let points: [SIMD2<Double>] = [SIMD2(0.9, 0.1), SIMD2(-0.3, 0.7), SIMD2(0.05, -0.02), SIMD2(1.4, -1.1)]
        let h = 1e-5
        for t in [0, 1, 30, 200, 1000] {
            for p in points {
                let s = ideal.score(p, t: t)
                let dx = (ideal.logDensity(p + SIMD2(h, 0), t: t) - ideal.logDensity(p - SIMD2(h, 0), t: t)) / (2 * h)
                let dy = (ideal.logDensity(p + SIMD2(0, h), t: t) - ideal.logDensity(p - SIMD2(0, h), t: t)) / (2 * h)
                let scale = max(1, abs(s.x), abs(s.y))
                XCTAssertEqual(s.x, dx, accuracy: 1e-6 * scale, "t = \(t), \(p)")
                XCTAssertEqual(s.y, dy, accuracy: 1e-6 * scale, "t = \(t), \(p)")
                guard t > 0 else { continue }
                let fromEps = schedule.score(fromNoise: ideal.predictNoise(xt: [p.x, p.y], t: t, dimension: 2), t: t)
                XCTAssertEqual(fromEps[0], s.x, accuracy: 1e-12 * scale)
                XCTAssertEqual(fromEps[1], s.y, accuracy: 1e-12 * scale)
            }
        }
        // One Gaussian: the score is −(x − √ᾱ μ)/v exactly.
        let single = IdealDenoiser(mixture: GaussianMixture(means: [SIMD2(0.5, -0.3)], standardDeviation: 0.2), schedule: schedule)
        let a = schedule.alphaBar(100), v = a * 0.04 + 1 - a
        let s = single.score(SIMD2(1, 1), t: 100)
        XCTAssertEqual(s.x, -(1 - a.squareRoot() * 0.5) / v, accuracy: 1e-14)
        XCTAssertEqual(s.y, -(1 + a.squareRoot() * 0.3) / v, accuracy: 1e-14)
    }

    func testTweedieIsPredictX0() {
        let ideal = IdealDenoiser(mixture: .ring(), schedule: schedule)
        let xt = [0.7, -0.2, -1.1, 0.4, 0.0, 0.3]
        for t in [1, 50, 500, 1000] {
            let x0 = schedule.predictX0(xt: xt, t: t, eps: ideal.predictNoise(xt: xt, t: t, dimension: 2))
            let tweedie = schedule.tweedieX0(xt: xt, score: ideal.score(xt: xt, t: t), t: t)
            for (a, b) in zip(x0, tweedie) { XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(a)), "t = \(t)") }
        }
        // And it is the posterior mean: for one Gaussian N(μ, s²), E[x_0 | x_t] = μ + ᾱ s²/v · (x_t/√ᾱ − μ)·… in closed form.
        let single = IdealDenoiser(mixture: GaussianMixture(means: [SIMD2(0.5, -0.3)], standardDeviation: 0.2), schedule: schedule)
        let t = 300, a = schedule.alphaBar(t), v = a * 0.04 + 1 - a
        let x = [0.9, 0.2]
        let mean = schedule.tweedieX0(xt: x, score: single.score(xt: x, t: t), t: t)
        // Gaussian conditioning: E[x_0 | x_t] = μ + √ᾱ s² (x_t − √ᾱ μ)/v.
        XCTAssertEqual(mean[0], 0.5 + a.squareRoot() * 0.04 * (0.9 - a.squareRoot() * 0.5) / v, accuracy: 1e-12)
        XCTAssertEqual(mean[1], -0.3 + a.squareRoot() * 0.04 * (0.2 + a.squareRoot() * 0.3) / v, accuracy: 1e-12)
    }

    func testODESigma() {
        XCTAssertEqual(schedule.odeSigma(0), 0)
        XCTAssertEqual(schedule.odeSigma(1), (1e-4 / (1 - 1e-4)).squareRoot(), accuracy: 1e-15)
        for t in [1, 10, 500, 1000] { XCTAssertEqual(schedule.nearestStep(sigma: schedule.odeSigma(t)), t) }
    }

    func testLangevinStepAndItsStationaryVariance() {
        XCTAssertEqual(AnnealedLangevinSampler.step(x: [1, -2], score: [0.5, 4], stepSize: 0.25, noise: [2, -1]),
                       [1 + 0.125 * 0.5 + 0.5 * 2, -2 + 0.125 * 4 - 0.5], "x + (α/2) s + √α z")
        // One level of a single Gaussian: the chain x ← x − α/(2v)(x − m) + √α z settles at
        // mean m and variance v/(1 − α/(4v)) (the unadjusted Langevin bias), not v.
        let mixture = GaussianMixture(means: [SIMD2(0.5, -0.3)], standardDeviation: 0.2)
        let ideal = IdealDenoiser(mixture: mixture, schedule: schedule)
        let t = 50, v = ideal.componentVariance(t: t), alpha = 0.04
        let sampler = AnnealedLangevinSampler(schedule: schedule, levels: [t], stepsPerLevel: 300, stepSize: alpha)
        XCTAssertEqual(sampler.levelStepSizes, [alpha])
        XCTAssertEqual(sampler.modelCalls, 300)
        let x = sampler.run(predictor: ideal, count: 4000, dimension: 2, seed: 3).samples
        let xs = stride(from: 0, to: x.count, by: 2).map { x[$0] }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        let expected = v / (1 - alpha / (4 * v))
        XCTAssertEqual(mean, schedule.alphaBar(t).squareRoot() * 0.5, accuracy: 4 * (expected / 4000).squareRoot())
        XCTAssertEqual(variance, expected, accuracy: 0.06 * expected, "ULA's stationary variance v/(1 − α/4v) = \(expected), v = \(v)")
        XCTAssertGreaterThan(expected / v, 1.1, "the test tells the biased variance from v")
    }

    func testAnnealedLangevinSamplesTheRing() {
        let ideal = IdealDenoiser(mixture: .ring(), schedule: schedule)
        let levels = AnnealedLangevinSampler.geometricLevels(count: 10, schedule: schedule)
        XCTAssertEqual(levels.first, 1000)
        XCTAssertEqual(levels.last, 1)
        let sampler = AnnealedLangevinSampler(schedule: schedule, levels: levels, stepsPerLevel: 60, stepSize: 2e-5)
        XCTAssertEqual(sampler.levelStepSizes.last!, 2e-5, accuracy: 1e-18)
        XCTAssertEqual(sampler.levelStepSizes[0], 2e-5 * (1 - schedule.alphaBar(1000)) / (1 - schedule.alphaBar(1)), accuracy: 1e-15)
        let points = sampler.run(predictor: ideal, count: 1000, dimension: 2, seed: 1).points
        XCTAssertEqual(componentSpread(points, mixture: .ring()), 0.1, accuracy: 0.015)
        let score = EnergyDistanceComparison(samples: points, seed: 9) { count, rng in GaussianMixture.ring().sample(count: count, using: &rng) }
        XCTAssertLessThan(score.distance / score.expectedFloor, 3)
    }

    func testComponentSpreadOfExactSamples() {
        var rng = Xoshiro256(seed: 5)
        let ring = GaussianMixture.ring()
        XCTAssertEqual(componentSpread(ring.sample(count: 8000, using: &rng), mixture: ring), 0.1, accuracy: 0.003)
        let wide = GaussianMixture.ring(standardDeviation: 0.15)
        XCTAssertEqual(componentSpread(wide.sample(count: 8000, using: &rng), mixture: ring), 0.15, accuracy: 0.005)
        XCTAssertEqual(rmsDistance([0, 0, 1, 1], [3, 4, 1, 1], dimension: 2), (25.0 / 2).squareRoot(), accuracy: 1e-15)
    }
}

/// A reference computed once scores sample sets exactly as a fresh comparison does.
final class EnergyDistanceReferenceTests: XCTestCase {
    func testReferenceGivesTheComparisonsNumbers() {
        var rng = Xoshiro256(seed: 12)
        let ring = GaussianMixture.ring()
        let data = ring.sample(count: 400, using: &rng), independent = ring.sample(count: 100, using: &rng)
        let reference = EnergyDistanceReference(data: data, independentData: independent)
        for spread in [0.1, 0.3] {
            let samples = GaussianMixture.ring(standardDeviation: spread).sample(count: 100, using: &rng)
            let fresh = EnergyDistanceComparison(samples: samples, data: data, independentData: independent)
            let reused = reference.compare(samples)
            XCTAssertEqual(reused.distance, fresh.distance, accuracy: 1e-14)
            XCTAssertEqual(reused.floor, fresh.floor, accuracy: 1e-14)
            XCTAssertEqual(reused.expectedFloor, fresh.expectedFloor, accuracy: 1e-15)
        }
    }
}
