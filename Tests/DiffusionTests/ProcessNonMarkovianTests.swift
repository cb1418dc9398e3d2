@testable import Diffusion
import Foundation
import XCTest

/// DDIM's forward processes q_σ (Song et al. 2021, eq. 7) and their marginals (Lemma 1).
final class ProcessNonMarkovianTests: XCTestCase {
    let schedule = NoiseSchedule(.linear, timesteps: 1000)

    func testEtaOneIsDDPMsPosterior() {
        let x0 = [1.0, -0.5, 2.0], xt = [0.8, 0.1, -1.5]
        for t in [2, 10, 500, 1000] {
            let sigma = ReverseStep.ddimSigma(schedule: schedule, from: t, to: t - 1, eta: 1)
            XCTAssertEqual(sigma * sigma, schedule.betaTilde(t), accuracy: 1e-15)
            let mean = schedule.ddimForwardMean(x0: x0, xt: xt, from: t, to: t - 1, sigma: sigma)
            for (a, b) in zip(mean, schedule.posterior(x0: x0, xt: xt, t: t).mean) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        }
    }

    func testMarginalsMatchForEveryEtaAndSubsequence() {
        var rng = Xoshiro256(seed: 8)
        let x0 = GaussianMixture.ring().sample(count: 10_000, using: &rng).flattened
        for eta in [0.0, 0.5, 1.0] {
            for taus in [TimestepSpacing.uniform.timesteps(count: 10, of: 1000), Array(1...1000)] {
                let rows = schedule.ddimForwardMarginals(x0: x0, timesteps: taus, eta: eta, seed: 3)
                XCTAssertEqual(rows.map(\.t), taus.reversed())
                for row in rows {
                    // 20,000 values: the ratio's standard error is √(2/20000) = 1%.
                    XCTAssertEqual(row.varianceRatio, 1, accuracy: 0.05, "η = \(eta), t = \(row.t)")
                    XCTAssertLessThan(abs(row.meanErrorInStandardErrors), 5, "η = \(eta), t = \(row.t)")
                }
            }
        }
    }

    func testKeepingTheWholeDirectionBreaksTheMarginals() {
        // Adding σ z without shrinking the direction term (√(1 − ᾱ_prev) instead of
        // √(1 − ᾱ_prev − σ²)) inflates the variance: the check must see it.
        var rng = Xoshiro256(seed: 9)
        let x0 = [Double](repeating: 0.5, count: 20_000), taus = TimestepSpacing.uniform.timesteps(count: 10, of: 1000)
        var x = schedule.qSample(x0: x0, t: taus.last!, noise: rng.gaussians(x0.count))
        for i in stride(from: taus.count - 1, to: 0, by: -1) {
            let sigma = ReverseStep.ddimSigma(schedule: schedule, from: taus[i], to: taus[i - 1], eta: 1)
            let mean = schedule.ddimForwardMean(x0: x0, xt: x, from: taus[i], to: taus[i - 1], sigma: 0)
            x = zip(mean, rng.gaussians(x0.count)).map { $0 + sigma * $1 }
        }
        let residual = zip(x, x0).map { $0 - schedule.sqrtAlphaBar(taus[0]) * $1 }
        let ratio = residual.reduce(0) { $0 + $1 * $1 } / Double(residual.count) / (1 - schedule.alphaBar(taus[0]))
        XCTAssertGreaterThan(ratio, 1.5)
    }

    func testAngleOfIndependentLongGaussiansIsNearlyRight() {
        XCTAssertEqual(angle([1, 0], [0, 2]), Double.pi / 2, accuracy: 1e-15)
        let z0 = NoiseStreams.initialNoise(count: 1000, dimension: 2, seed: 1), z1 = NoiseStreams.initialNoise(count: 1000, dimension: 2, seed: 2)
        XCTAssertEqual(angle(z0, z1) * 180 / Double.pi, 90, accuracy: 4)
    }
}
