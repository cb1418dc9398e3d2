@testable import Diffusion
import Foundation
import XCTest

/// The variational bound of Ho et al. 2020 (eq. 5, 8, 12) and the entropy it must stay above.
final class LikelihoodBoundTests: XCTestCase {
    let linear = NoiseSchedule(.linear, timesteps: 1000)

    func testWeightsMatchEquation12() {
        // λ_1 with σ² = β_1 is β_1²/(2 β_1 α_1 β_1) = 1/(2 α_1); with σ² = β̃_1 = 0 it is infinite.
        XCTAssertEqual(linear.vlbWeight(t: 1, variance: .beta), 1 / (2 * (1 - 1e-4)), accuracy: 1e-12)
        XCTAssertEqual(linear.vlbWeight(t: 1, variance: .betaTilde), .infinity)
        // t = 500 by hand: β_t, α_t and ᾱ_t from their definitions.
        let betas = (0..<1000).map { 1e-4 + (0.02 - 1e-4) * Double($0) / 999 }
        let alphaBar = betas.prefix(500).reduce(1) { $0 * (1 - $1) }
        let b = betas[499], expected = b * b / (2 * b * (1 - b) * (1 - alphaBar))
        XCTAssertEqual(linear.vlbWeight(t: 500, variance: .beta), expected, accuracy: 1e-12 * expected)
        // σ² = β̃_t makes C_t vanish; σ² = β_t does not.
        XCTAssertEqual(linear.vlbConstant(t: 500, variance: .betaTilde), 0, accuracy: 1e-15)
        XCTAssertGreaterThan(linear.vlbConstant(t: 2, variance: .beta), 0.01)
    }

    func testKLOfTheTwoGaussiansIsWeightedSquaredError() {
        var rng = Xoshiro256(seed: 5)
        for t in [2, 3, 50, 999] {
            for choice in ReverseVariance.allCases {
                let x0 = rng.gaussians(4), eps = rng.gaussians(4), epsHat = rng.gaussians(4)
                let xt = linear.qSample(x0: x0, t: t, noise: eps)
                let direct = linear.reverseStepKL(x0: x0, xt: xt, t: t, epsHat: epsHat, variance: choice)
                for i in 0..<4 {
                    let d = eps[i] - epsHat[i]
                    let weighted = linear.vlbConstant(t: t, variance: choice) + linear.vlbWeight(t: t, variance: choice) * d * d
                    XCTAssertEqual(direct[i], weighted, accuracy: 1e-10 * max(1, weighted), "t = \(t), \(choice)")
                }
            }
        }
    }

    /// For x_0 ~ N(0, I) with σ_t² = β_t, the ideal model's steps are the true reverse steps,
    /// p_θ(x_{0:T}) = q(x_{0:T}), so the bound equals the entropy ½ log(2πe) per dimension.
    func testBoundIsTightForStandardNormalData() {
        let schedule = NoiseSchedule(.linear, timesteps: 200, betaStart: 1e-3, betaEnd: 0.05)
        let gaussian = IdealDenoiser(mixture: GaussianMixture(means: [SIMD2(0, 0)], standardDeviation: 1), schedule: schedule)
        let bound = gaussian.variationalBound(of: gaussian, samplesPerStep: 50, seed: 3, variance: .beta)
        XCTAssertEqual(bound.total, 0.5 * log(2 * Double.pi * M_E), accuracy: 1e-9)
        // σ² = β̃_t is not the true reverse variance here: a looser bound.
        XCTAssertGreaterThan(bound.total(variance: .betaTilde, schedule: schedule), bound.total + 0.01)
    }

    func testBoundOnTheRingStaysAboveItsEntropy() {
        let ring = IdealDenoiser(mixture: .ring(), schedule: linear)
        let entropy = ring.mixture.entropy(samples: 200_000, seed: 1)
        // Well-separated components: H ≈ log 8 + log(2πe s²) for the 2D point.
        XCTAssertEqual(entropy.nats, log(8) + log(2 * Double.pi * M_E * 0.01), accuracy: 4 * entropy.standardError)
        let ideal = ring.variationalBound(of: ring, samplesPerStep: 1000, seed: 2, variance: .beta)
        let gap = ideal.total - entropy.nats / 2
        let error = (ideal.standardError * ideal.standardError + entropy.standardError * entropy.standardError / 4).squareRoot()
        XCTAssertGreaterThan(gap, 3 * error, "the bound of even the ideal denoiser lies above the entropy")
        XCTAssertLessThan(gap, 0.05, "the ideal denoiser's bound is close to the entropy")
        // A predictor off by b in every value pays exactly Σ_t λ_t b² more (same draws of x_t).
        let biased = BiasedPredictor(inner: ring, bias: 0.05)
        let worse = ring.variationalBound(of: biased, samplesPerStep: 200, seed: 2, variance: .beta)
        let same = ring.variationalBound(of: ring, samplesPerStep: 200, seed: 2, variance: .beta)
        let extra = linear.steps.reduce(0.0) { $0 + linear.vlbWeight(t: $1, variance: .beta) * 0.05 * 0.05 }
        XCTAssertEqual(worse.total - same.total, extra, accuracy: 1e-9)
    }

    func testNoiseVarianceAveragesToTwiceTheLossFloor() {
        let ring = IdealDenoiser(mixture: .ring(), schedule: linear)
        for t in [5, 150, 400] {
            let floor = ring.lossFloor(t: t, samples: 20_000, seed: 9)
            var rng = Xoshiro256(seed: 4)
            let x0 = ring.mixture.sample(count: 20_000, using: &rng).flattened
            let xt = linear.qSample(x0: x0, t: t, noise: rng.gaussians(x0.count))
            let spread = Moments.mean(ring.noiseVariance(xt: xt, t: t)) / 2
            XCTAssertEqual(spread, floor.mean, accuracy: 4 * floor.standardError + 0.002, "t = \(t)")
        }
    }
}

/// The ideal prediction plus a constant: a stand-in for a network with a known error.
private struct BiasedPredictor: NoisePredictor {
    let inner: IdealDenoiser
    let bias: Double
    var schedule: NoiseSchedule { inner.schedule }
    func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        inner.predictNoise(xt: xt, t: t, dimension: dimension).map { $0 + bias }
    }
}
