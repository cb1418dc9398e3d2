import XCTest
@testable import Diffusion

/// The ideal denoiser ε*(x_t, t) of a Gaussian mixture and the floor of L_simple it implies.
final class AnalyticDenoiserTests: XCTestCase {
    let linear = NoiseSchedule(.linear, timesteps: 1000)
    let single = GaussianMixture(means: [SIMD2(0.7, -0.3)], standardDeviation: 0.4)

    func testSingleGaussianGivesTheLinearFormula() {
        // One component: w = 1, so ε* = √(1 − ᾱ)/(ᾱ s² + 1 − ᾱ) · (x − √ᾱ μ), exactly, at every t.
        let denoiser = IdealDenoiser(mixture: single, schedule: linear)
        let points: [Double] = [0.3, -1.2, 2.5, 0.4, -0.8, -0.1]
        for t in [1000, 800, 500, 50, 1] {
            let alphaBar = linear.alphaBar(t)
            let factor = (1 - alphaBar).squareRoot() / (alphaBar * 0.16 + 1 - alphaBar)
            let mean = [0.7, -0.3].map { alphaBar.squareRoot() * $0 }
            let got = denoiser.predictNoise(xt: points, t: t, dimension: 2)
            for i in points.indices {
                XCTAssertEqual(got[i], factor * (points[i] - mean[i % 2]), accuracy: 1e-12, "ε*[\(i)] at t = \(t)")
            }
        }
    }

    func testRingAtLargeTIsNearlyLinearAroundTheMixtureMean() {
        // At t = T the components overlap (√ᾱ_T ≈ 0.006), the responsibilities are nearly
        // equal and ε* ≈ √(1 − ᾱ)/v · (x − √ᾱ · mean of μ_k) = √(1 − ᾱ)/v · x for the ring.
        let denoiser = IdealDenoiser(mixture: .ring(), schedule: linear)
        let points: [Double] = [1.5, -0.5, -2, 1, 0.1, 0.2]
        let factor = (1 - linear.alphaBar(1000)).squareRoot() / denoiser.componentVariance(t: 1000)
        for (got, x) in zip(denoiser.predictNoise(xt: points, t: 1000, dimension: 2), points) {
            XCTAssertEqual(got, factor * x, accuracy: 1e-4)
        }
        // At small t it is far from linear: a point near a mode is pulled to that mode only.
        let nearMode = denoiser.predictNoise(xt: [1.05, 0], t: 10, dimension: 2)
        let expected = (1 - linear.alphaBar(10)).squareRoot() / denoiser.componentVariance(t: 10) * (1.05 - linear.sqrtAlphaBar(10))
        XCTAssertEqual(nearMode[0], expected, accuracy: 1e-6)
    }

    func testIdealNoiseIsMinusScaledScoreByFiniteDifferences() {
        let denoiser = IdealDenoiser(mixture: .ring(), schedule: linear)
        let points: [SIMD2<Double>] = [SIMD2(0.3, 0.8), SIMD2(-1.1, 0.05), SIMD2(0.0, 0.0), SIMD2(1.6, -1.7)]
        let h = 1e-5
        for t in [1, 20, 150, 400, 1000] {
            let eps = denoiser.predictNoise(xt: points.flattened, t: t, dimension: 2)
            for (i, p) in points.enumerated() {
                let gradX = (denoiser.logDensity(p + SIMD2(h, 0), t: t) - denoiser.logDensity(p - SIMD2(h, 0), t: t)) / (2 * h)
                let gradY = (denoiser.logDensity(p + SIMD2(0, h), t: t) - denoiser.logDensity(p - SIMD2(0, h), t: t)) / (2 * h)
                let noiseRate = linear.sqrtOneMinusAlphaBar(t)
                // Central differences: truncation ~ h² |∂³ log q| and rounding ~ 1e-16/h.
                let scale = max(1, abs(eps[2 * i]), abs(eps[2 * i + 1]))
                XCTAssertEqual(eps[2 * i], -noiseRate * gradX, accuracy: 1e-6 * scale, "∂x at t = \(t), point \(i)")
                XCTAssertEqual(eps[2 * i + 1], -noiseRate * gradY, accuracy: 1e-6 * scale, "∂y at t = \(t), point \(i)")
            }
        }
    }

    func testLogDensityIntegratesToOne() {
        // The finite-difference test trusts log q; a midpoint sum over [−6, 6]² checks it is a density.
        let denoiser = IdealDenoiser(mixture: .ring(), schedule: linear)
        for t in [0, 100, 1000] {
            let n = 600, width = 12.0 / Double(n)
            var total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let p = SIMD2(-6 + (Double(i) + 0.5) * width, -6 + (Double(j) + 0.5) * width)
                    total += exp(denoiser.logDensity(p, t: t)) * width * width
                }
            }
            XCTAssertEqual(total, 1, accuracy: 1e-6, "∫ q(x_\(t)) dx")
        }
    }

    func testLossFloorOfASingleGaussianMatchesTheClosedForm() {
        // One component: ε − ε* = (1 − (1−ᾱ)/v) ε − √(1−ᾱ) √ᾱ s/v · z, whose variance per value
        // is 1 − (1 − ᾱ)/v with v = ᾱ s² + 1 − ᾱ.
        let denoiser = IdealDenoiser(mixture: single, schedule: linear)
        for t in [1, 50, 300, 700, 1000] {
            let floor = denoiser.lossFloor(t: t, samples: 40_000, seed: 3)
            let exact = 1 - (1 - linear.alphaBar(t)) / denoiser.componentVariance(t: t)
            // Each draw's loss is the exact value times χ²₂/2, whose standard deviation equals its
            // mean: the standard error is exact/√n = 0.5 % of it, and 4 of them is a 1-in-15,000 miss.
            XCTAssertEqual(floor.standardError, exact / 200, accuracy: 0.05 * exact / 200, "standard error at t = \(t)")
            XCTAssertEqual(floor.mean, exact, accuracy: 4 * floor.standardError, "floor at t = \(t)")
        }
    }

    func testLossFloorOfTheRingLiesBetweenZeroAndTheSingleGaussianBound() {
        // The ring is not Gaussian: its floor is below that of the Gaussian with the same
        // covariance (E‖x_0‖²/2 = (1 + 2·0.01)/2 per axis), where the best predictor is linear.
        let ring = IdealDenoiser(mixture: .ring(), schedule: linear)
        let variance = (1 + 2 * 0.01) / 2
        let matched = IdealDenoiser(mixture: GaussianMixture(means: [.zero], standardDeviation: variance.squareRoot()), schedule: linear)
        // (By t = 300 the components overlap so much that the gap is under 1 %.)
        for t in [10, 100, 200] {
            let floor = ring.lossFloor(t: t, samples: 40_000, seed: 9)
            let linearBound = 1 - (1 - linear.alphaBar(t)) / matched.componentVariance(t: t)
            XCTAssertGreaterThan(floor.mean, 0.01 * linearBound, "t = \(t): the floor is not 0")
            XCTAssertLessThan(floor.mean + 4 * floor.standardError, linearBound, "t = \(t)")
        }
    }
}
