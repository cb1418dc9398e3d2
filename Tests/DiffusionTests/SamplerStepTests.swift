import XCTest
@testable import Diffusion

/// Single reverse steps of DDPM (Ho et al. 2020, Algorithm 2) and DDIM (Song et al. 2021,
/// eq. 12, 16) against reference numbers and against each other.
final class SamplerStepTests: XCTestCase {
    let linear = NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02)

    // One DDIM update from paper t = 501 to 481 (a stride of 20, S = 50): `ReferenceValues`.
    let xt = ReferenceValues.ddimXt, eps = ReferenceValues.ddimEps, z = ReferenceValues.ddimZ
    let references = ReferenceValues.ddimUpdates

    func assertClose(_ got: [Double], _ expected: [Double], relative tolerance: Double, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, what, file: file, line: line)
        for (g, e) in zip(got, expected) {
            XCTAssertLessThanOrEqual(abs(g - e), tolerance * max(abs(e), 1e-3), "\(what): got \(g), expected \(e)", file: file, line: line)
        }
    }

    func testDDIMUpdateMatchesReferenceValues() throws {
        let sampler = try DDIMSampler(schedule: linear, steps: 50, eta: 0)
        XCTAssertTrue(sampler.timesteps.contains(501) && sampler.timesteps.contains(481), "S = 50 must step 501 → 481.")
        for reference in references {
            let step = ReverseStep.ddim(schedule: linear, from: 501, to: 481, eta: reference.eta)
            XCTAssertEqual(step.sigma, reference.sigma, accuracy: 1e-12 * max(reference.sigma, 1e-3), "σ at η = \(reference.eta)")
            assertClose(step.update(xt: xt, eps: eps, noise: z), reference.xPrev, relative: 1e-12, "x_prev at η = \(reference.eta)")
        }
        // The sampler with η = 0.5 holds exactly this step.
        let half = try DDIMSampler(schedule: linear, steps: 50, eta: 0.5)
        XCTAssertTrue(half.steps.contains(ReverseStep.ddim(schedule: linear, from: 501, to: 481, eta: 0.5)))
    }

    func testDDIMWithEtaOneAndAllStepsIsDDPMWithBetaTilde() throws {
        let ddim = try DDIMSampler(schedule: linear, steps: 1000, eta: 1)
        let ddpm = DDPMSampler(schedule: linear, variance: .betaTilde)
        XCTAssertEqual(ddim.steps.map(\.from), ddpm.steps.map(\.from))
        var rng = Xoshiro256(seed: 11)
        for (ddimStep, ddpmStep) in zip(ddim.steps, ddpm.steps) {
            XCTAssertEqual(ddimStep.sigma * ddimStep.sigma, linear.betaTilde(ddimStep.from), accuracy: 1e-15,
                           "σ² = β̃ at t = \(ddimStep.from)")
            let (x, e, noise) = (rng.gaussians(6), rng.gaussians(6), rng.gaussians(6))
            let fromDDIM = ddimStep.update(xt: x, eps: e, noise: noise)
            let fromDDPM = ddpmStep.update(xt: x, eps: e, noise: noise)
            for (a, b) in zip(fromDDIM, fromDDPM) {
                XCTAssertEqual(a, b, accuracy: 1e-12, "x_{t−1} at t = \(ddimStep.from)")
            }
        }
    }

    func testDDPMStepAddsSigmaTimesNoiseExceptAtTheLastStep() {
        var rng = Xoshiro256(seed: 5)
        let (x, e, noise) = (rng.gaussians(4), rng.gaussians(4), rng.gaussians(4))
        for variance in ReverseVariance.allCases {
            let sampler = DDPMSampler(schedule: linear, variance: variance)
            for t in [1, 2, 100, 1000] {
                let step = sampler.step(at: t)
                XCTAssertEqual(step.from, t)
                let expectedSigma = t == 1 ? 0 : (variance == .beta ? linear.beta(t) : linear.betaTilde(t)).squareRoot()
                XCTAssertEqual(step.sigma, expectedSigma, accuracy: 1e-15, "σ_\(t) for σ² = \(variance)")
                let noisy = step.update(xt: x, eps: e, noise: noise), mean = step.update(xt: x, eps: e, noise: [0, 0, 0, 0])
                // The mean is eq. 11, as the forward process's own `meanFromEps` computes it.
                for (a, b) in zip(mean, linear.meanFromEps(xt: x, t: t, eps: e)) { XCTAssertEqual(a, b, accuracy: 1e-12) }
                for i in 0..<4 { XCTAssertEqual(noisy[i] - mean[i], expectedSigma * noise[i], accuracy: 1e-12) }
            }
        }
    }

    func testDDPMClippingUsesThePosteriorMeanOfTheClippedPrediction() {
        let x = [0.9, -1.4, 0.2, 2.5], e = [-1.2, 0.3, 0.1, -0.4]
        for t in [1, 10, 300, 900] {
            // 1. a range too wide to clip anything: eq. 7 and eq. 11 give the same step
            let wide = ReverseStep.ddpm(schedule: linear, t: t, variance: .beta, clipping: .range(-1e6...1e6))
            let plain = ReverseStep.ddpm(schedule: linear, t: t, variance: .beta)
            let zeros = [0.0, 0, 0, 0]
            for (a, b) in zip(wide.update(xt: x, eps: e, noise: zeros), plain.update(xt: x, eps: e, noise: zeros)) { XCTAssertEqual(a, b, accuracy: 1e-9) }
            // 2. a narrow range: the mean is μ̃(x_t, clip(x̂_0)) by the posterior of the forward process
            let clipped = ReverseStep.ddpm(schedule: linear, t: t, variance: .beta, clipping: .range(-0.5...0.5))
            let x0 = linear.predictX0(xt: x, t: t, eps: e).map { min(max($0, -0.5), 0.5) }
            XCTAssertEqual(clipped.predictedX0(xt: x, eps: e), x0)
            XCTAssertTrue(x0.contains(0.5) || x0.contains(-0.5), "The test must actually clip at t = \(t).")
            let expected = linear.posterior(x0: x0, xt: x, t: t).mean
            for (a, b) in zip(clipped.update(xt: x, eps: e, noise: [0, 0, 0, 0]), expected) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        }
    }

    func testDDIMClippingRecomputesEpsFromTheClippedPrediction() {
        let x = [0.9, -1.4], e = [-1.2, 0.3]
        let step = ReverseStep.ddim(schedule: linear, from: 200, to: 180, eta: 0, clipping: .range(-1...1))
        let x0 = step.predictedX0(xt: x, eps: e)
        XCTAssertEqual(x0, linear.predictX0(xt: x, t: 200, eps: e).map { min(max($0, -1), 1) })
        let epsFromX0 = linear.predictEps(xt: x, t: 200, x0: x0)
        let expected = zip(x0, epsFromX0).map { linear.sqrtAlphaBar(180) * $0 + linear.sqrtOneMinusAlphaBar(180) * $1 }
        for (a, b) in zip(step.update(xt: x, eps: e), expected) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }
}
