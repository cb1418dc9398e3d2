import XCTest
@testable import Diffusion

/// Samplers driven by the ideal denoiser of the ring of 8 Gaussians (linear schedule,
/// T = 1000) must reproduce the ring, as measured by the energy distance.
///
/// The tolerance: at n = 2,000 points the energy distance between two exact draws of the
/// ring is itself a noisy quantity (over 60 trials, 0.2× to 2.7× its expectation; the ratio
/// of two drawn floors reached 8×), so each test averages k independent comparisons of 2,000
/// samples and divides by the expected floor E[D²] = 2 E‖X − X′‖/n. For exact draws, that
/// average was at most 1.68 (k = 4) and 2.12 (k = 8) in 60 trials. The samplers measured
/// (k = 8): DDPM 1.06, DDIM S = 50 η = 0 1.31, S = 20 2.1, S = 10 9.1. So a sampler passes
/// below 2.5, and DDIM with S = 10 must fail that bar.
final class SamplerQualityTests: XCTestCase {
    let linear = NoiseSchedule(.linear, timesteps: 1000)
    var ideal: IdealDenoiser { IdealDenoiser(mixture: .ring(), schedule: linear) }

    /// The mean energy distance of `replicates` batches of 2,000 samples, in units of the
    /// mean expected floor; each batch is compared to its own draw of the ring.
    func relativeDistance(_ sampler: some Sampler, replicates: Int) -> Double {
        let n = 2_000
        let points = sampler.run(predictor: ideal, count: n * replicates, dimension: 2, seed: 42).points
        var distance = 0.0, expectedFloor = 0.0
        for r in 0..<replicates {
            let comparison = EnergyDistanceComparison(samples: Array(points[(r * n)..<((r + 1) * n)]), seed: 500 + UInt64(r)) {
                GaussianMixture.ring().sample(count: $0, using: &$1)
            }
            distance += comparison.distance
            expectedFloor += comparison.expectedFloor
        }
        return distance / expectedFloor
    }

    func testDDIMWithFiftyStepsReachesTheFloor() throws {
        let ratio = relativeDistance(try DDIMSampler(schedule: linear, steps: 50, eta: 0), replicates: 8)
        XCTAssertLessThan(ratio, 2.5)
    }

    func testDDPMReachesTheFloor() {
        let ratio = relativeDistance(DDPMSampler(schedule: linear, variance: .beta), replicates: 4)
        XCTAssertLessThan(ratio, 2.5)
    }

    func testDDIMWithTenStepsDoesNot() throws {
        let ratio = relativeDistance(try DDIMSampler(schedule: linear, steps: 10, eta: 0), replicates: 8)
        XCTAssertGreaterThan(ratio, 4)
    }
}
