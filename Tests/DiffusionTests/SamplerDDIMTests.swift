import XCTest
@testable import Diffusion

/// DDIM's settings, sub-sequences, encoding (Song et al. 2021, §4.2, §4.3) and slerp (§5.3).
final class SamplerDDIMTests: XCTestCase {
    let linear = NoiseSchedule(.linear, timesteps: 1000)

    func testSettingsOutsideTheirRangesAreOneLineErrors() {
        let cases: [(steps: Int, eta: Double, error: SamplerSettingsError)] = [
            (0, 0, .tooFewSteps(0)), (-3, 0, .tooFewSteps(-3)), (1001, 0, .tooManySteps(1001, timesteps: 1000)),
            (50, -1, .etaOutOfRange(-1)), (50, 3, .etaOutOfRange(3)),
        ]
        for c in cases {
            XCTAssertThrowsError(try DDIMSampler(schedule: linear, steps: c.steps, eta: c.eta)) { error in
                XCTAssertEqual(error as? SamplerSettingsError, c.error)
                XCTAssertFalse("\(error)".contains("\n"))
            }
        }
        XCTAssertEqual(SamplerSettingsError.tooManySteps(1001, timesteps: 1000).description,
                       "The number of sampling steps must be at most T = 1000; got 1001.")
        XCTAssertThrowsError(try DDIMSampler.validate(steps: 10, eta: .nan, timesteps: 1000))
        for (steps, eta) in [(1, 0.0), (1000, 1.0), (50, 0.5)] {
            XCTAssertNoThrow(try DDIMSampler(schedule: linear, steps: steps, eta: eta))
        }
    }

    func testSubSequences() throws {
        let uniform = TimestepSpacing.uniform.timesteps(count: 50, of: 1000)
        XCTAssertEqual(uniform, Array(stride(from: 1, through: 981, by: 20)))
        XCTAssertEqual(TimestepSpacing.uniform.timesteps(count: 3, of: 10), [1, 4, 7])
        for spacing in TimestepSpacing.allCases {
            XCTAssertEqual(spacing.timesteps(count: 1000, of: 1000), Array(1...1000), "\(spacing) with S = T")
            XCTAssertEqual(spacing.timesteps(count: 1, of: 1000), [1])
            for count in [2, 10, 50, 333, 999] {
                let taus = spacing.timesteps(count: count, of: 1000)
                XCTAssertEqual(taus.count, count)
                XCTAssertEqual(taus.first, 1)
                XCTAssertEqual(taus.last, 1 + (count - 1) * 1000 / count, "\(spacing), S = \(count): same top as uniform")
                XCTAssertTrue(zip(taus, taus.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
        // Quadratic strides grow: τ_i − 1 = ⌊c (i − 1)²⌋ with c = 980/49² ≈ 0.408 for S = 50,
        // i.e. 0, 0, 1, 3, 6, …, each pushed at least one above the last: 1, 2, 3, 4, 7.
        let quadratic = TimestepSpacing.quadratic.timesteps(count: 50, of: 1000)
        XCTAssertEqual(Array(quadratic.prefix(5)), [1, 2, 3, 4, 7])
        XCTAssertEqual(quadratic[10], 1 + Int(980.0 / 2401 * 100))
        // The sampler's steps run down the sub-sequence and end at t = 0.
        let sampler = try DDIMSampler(schedule: linear, steps: 50, eta: 0, spacing: .quadratic)
        XCTAssertEqual(sampler.steps.map(\.from), quadratic.reversed())
        XCTAssertEqual(sampler.steps.map(\.to), Array(quadratic.reversed().dropFirst()) + [0])
    }

    func testEncodeThenDecodeReturnsTheData() throws {
        // Encoding and decoding are Euler steps of the same ODE in opposite directions, each
        // evaluating ε̂ at the other end of a step, so the round trip errs by O(1/S). Measured
        // on these 500 ring points: rms 0.095, 0.032, 0.0090, 0.0037, 0.0019 for
        // S = 10, 50, 200, 500, 1000, halving as S doubles. At S = T the error must be below
        // 0.004 rms (about twice the measured value, 1/25 of a component's s = 0.1).
        let ideal = IdealDenoiser(mixture: .ring(), schedule: linear)
        var rng = Xoshiro256(seed: 3)
        let x0 = GaussianMixture.ring().sample(count: 500, using: &rng).flattened
        func roundTrip(steps: Int) throws -> (rms: Double, max: Double, latent: [Double]) {
            let sampler = try DDIMSampler(schedule: linear, steps: steps, eta: 0)
            let latent = sampler.encode(predictor: ideal, x0: x0, dimension: 2).samples
            let back = sampler.decode(predictor: ideal, xT: latent, dimension: 2).samples
            XCTAssertEqual(back, sampler.run(predictor: ideal, from: latent, dimension: 2, seed: 99).samples,
                           "η = 0 decoding is the sampler itself")
            let errors = zip(back, x0).map { abs($0 - $1) }
            return ((errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot(), errors.max()!, latent)
        }
        let full = try roundTrip(steps: 1000), half = try roundTrip(steps: 500)
        XCTAssertLessThan(full.rms, 0.004)
        XCTAssertLessThan(full.max, 0.02)
        XCTAssertEqual(half.rms / full.rms, 2, accuracy: 0.4, "first-order convergence in 1/S")
        // The latent is noise-like: the ring's points spread to unit variance per value.
        let latentVariance = full.latent.map { $0 * $0 }.reduce(0, +) / Double(full.latent.count)
        XCTAssertEqual(latentVariance, 1, accuracy: 0.1)
        // A DDIM with η ≠ 0 still encodes and decodes with η = 0.
        let noisy = try DDIMSampler(schedule: linear, steps: 1000, eta: 1)
        XCTAssertEqual(noisy.decode(predictor: ideal, xT: full.latent, dimension: 2).samples,
                       try DDIMSampler(schedule: linear, steps: 1000, eta: 0).decode(predictor: ideal, xT: full.latent, dimension: 2).samples)
    }

    func testEncodingTrajectoryRunsUpTheSubSequence() throws {
        let ideal = IdealDenoiser(mixture: .ring(), schedule: linear)
        let sampler = try DDIMSampler(schedule: linear, steps: 10, eta: 0)
        let x0 = [1.0, 0.0, 0.0, -1.0]
        let result = sampler.encode(predictor: ideal, x0: x0, dimension: 2, record: .every(1))
        XCTAssertEqual(result.trajectory.map(\.t), [0] + sampler.timesteps)
        XCTAssertEqual(result.trajectory.first?.samples, x0)
        // The first step from t = 0 keeps x̂_0 = x_0, so x_{τ_1} = √ᾱ_1 x_0 + √(1 − ᾱ_1) ε̂(x_0, 1).
        let eps = ideal.predictNoise(xt: x0, t: 1, dimension: 2)
        let expected = zip(x0, eps).map { linear.sqrtAlphaBar(1) * $0 + linear.sqrtOneMinusAlphaBar(1) * $1 }
        for (a, b) in zip(result.trajectory[1].samples, expected) { XCTAssertEqual(a, b, accuracy: 1e-15) }
    }

    func testSlerp() {
        let a = [3.0, 0, 0], b = [0.0, 3, 0]
        XCTAssertEqual(slerp(a, b, fraction: 0), a)
        for (got, want) in zip(slerp(a, b, fraction: 1), b) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        // Orthogonal vectors of equal norm: the point at fraction α is at angle α·90°, norm 3.
        for fraction in [0.25, 0.5, 0.8] {
            let p = slerp(a, b, fraction: fraction), angle = fraction * Double.pi / 2
            XCTAssertEqual(p[0], 3 * cos(angle), accuracy: 1e-14)
            XCTAssertEqual(p[1], 3 * sin(angle), accuracy: 1e-14)
            XCTAssertEqual(p[2], 0)
        }
        // Unlike a straight line, the midpoint of two Gaussian latents keeps their norm.
        var rng = Xoshiro256(seed: 2)
        let z0 = rng.gaussians(512), z1 = rng.gaussians(512)
        func norm(_ v: [Double]) -> Double { v.map { $0 * $0 }.reduce(0, +).squareRoot() }
        let middle = slerp(z0, z1, fraction: 0.5), line = zip(z0, z1).map { ($0 + $1) / 2 }
        XCTAssertEqual(norm(middle), (norm(z0) + norm(z1)) / 2, accuracy: 0.03 * norm(z0))
        XCTAssertLessThan(norm(line), 0.8 * norm(z0))
        // Parallel vectors fall back to the straight line.
        XCTAssertEqual(slerp([1, 2], [2, 4], fraction: 0.5), [1.5, 3])
    }
}
