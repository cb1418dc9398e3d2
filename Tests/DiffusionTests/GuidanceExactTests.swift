import XCTest
@testable import Diffusion

/// Conditioning and guidance with the exact denoisers of a Gaussian mixture.
final class GuidanceExactTests: XCTestCase {
    let linear = NoiseSchedule(.linear, timesteps: 1000)
    let crowded = GaussianMixture.ring(standardDeviation: 0.25)

    func testComponentDenoiserIsTheSingleGaussianIdealDenoiser() {
        // Given k, the data is one Gaussian: the ideal denoiser of a one-component mixture.
        let exact = ExactConditionalDenoiser(mixture: crowded, schedule: linear)
        let points: [Double] = [0.3, -1.2, 2.5, 0.4, -0.8, -0.1]
        for t in [1, 40, 500, 1000] {
            for k in [0, 3, 7] {
                let single = IdealDenoiser(mixture: GaussianMixture(means: [crowded.means[k]], standardDeviation: 0.25), schedule: linear)
                let expected = single.predictNoise(xt: points, t: t, dimension: 2)
                let got = exact.predictNoise(xt: points, t: t, dimension: 2, labels: [k, k, k])
                for (a, b) in zip(got, expected) { XCTAssertEqual(a, b, accuracy: 1e-12, "t = \(t), k = \(k)") }
            }
            // Without labels: the mixture's ideal denoiser.
            XCTAssertEqual(exact.predictNoise(xt: points, t: t, dimension: 2, labels: nil),
                           IdealDenoiser(mixture: crowded, schedule: linear).predictNoise(xt: points, t: t, dimension: 2))
        }
    }

    func testClassifierIsBayesRuleAndItsGradientMatchesFiniteDifferences() {
        let classifier = MixtureClassifier(mixture: crowded, schedule: linear)
        let ideal = IdealDenoiser(mixture: crowded, schedule: linear)
        let points: [SIMD2<Double>] = [SIMD2(0.3, 0.8), SIMD2(-1.1, 0.05), SIMD2(0.9, -0.6)]
        let h = 1e-5
        for t in [0, 10, 200, 700] {
            let alphaBar = linear.alphaBar(t), v = alphaBar * 0.0625 + 1 - alphaBar
            for p in points {
                let probabilities = classifier.probabilities(p, t: t)
                XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-12)
                for k in [0, 2, 5] {
                    // Bayes: p(k | x) = (1/K) N(x; √ᾱ μ_k, v) / q_t(x).
                    let d = p - alphaBar.squareRoot() * crowded.means[k]
                    let logJoint = -(d * d).sum() / (2 * v) - log(2 * Double.pi * v) - log(8.0)
                    XCTAssertEqual(log(probabilities[k]), logJoint - ideal.logDensity(p, t: t), accuracy: 1e-10)
                    let gradient = classifier.logProbabilityGradient(xt: [p.x, p.y], t: t, dimension: 2, labels: [k])
                    for axis in 0..<2 {
                        var step = SIMD2<Double>.zero
                        step[axis] = h
                        let numeric = (log(classifier.probabilities(p + step, t: t)[k]) - log(classifier.probabilities(p - step, t: t)[k])) / (2 * h)
                        XCTAssertEqual(gradient[axis], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "t = \(t), k = \(k), axis \(axis)")
                    }
                }
            }
        }
    }

    func testGuidedNoiseIsOnePlusWConditionalMinusWUnconditional() {
        let exact = ExactConditionalDenoiser(mixture: .ring(), schedule: linear)
        let points: [Double] = [0.5, 0.2, -0.7, 1.1]
        let conditional = exact.predictNoise(xt: points, t: 300, dimension: 2, labels: [1, 6])
        let unconditional = exact.predictNoise(xt: points, t: 300, dimension: 2, labels: nil)
        let guided = ClassifierFreeGuidance(model: exact, labels: [1, 6], guidanceScale: 3).predictNoise(xt: points, t: 300, dimension: 2)
        for i in points.indices {
            XCTAssertEqual(guided[i], 4 * conditional[i] - 3 * unconditional[i], accuracy: 1e-12)
        }
        XCTAssertEqual(exact.conditioned(on: [1, 6]).predictNoise(xt: points, t: 300, dimension: 2), conditional)
        XCTAssertEqual(exact.unconditional.predictNoise(xt: points, t: 300, dimension: 2), unconditional)
    }

    func testClassifierGuidanceWithExactPartsIsClassifierFreeGuidanceAtSOnePlusW() {
        // ∇ log q(x | y) = ∇ log q(x) + ∇ log p(y | x), so ε − √(1 − ᾱ) s ∇ log p(y | x) with
        // s = 1 + w equals (1 + w) ε(x, y) − w ε(x) when both parts are exact.
        let exact = ExactConditionalDenoiser(mixture: crowded, schedule: linear)
        let classifier = MixtureClassifier(mixture: crowded, schedule: linear)
        let points: [Double] = [0.5, 0.2, -0.7, 1.1, 0.0, -0.3]
        let labels = [1, 6, 3]
        for t in [5, 100, 600, 1000] {
            for w in [0.0, 1.5, 4] {
                let free = ClassifierFreeGuidance(model: exact, labels: labels, guidanceScale: w).predictNoise(xt: points, t: t, dimension: 2)
                let guided = ClassifierGuidance(predictor: exact.unconditional, classifier: classifier, labels: labels, scale: 1 + w)
                    .predictNoise(xt: points, t: t, dimension: 2)
                for (a, b) in zip(free, guided) { XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(a)), "t = \(t), w = \(w)") }
            }
        }
    }

    /// DDPM samples of each class of the crowded ring (s = 0.25, neighbours 0.77 apart, so a
    /// fair share of true draws lie nearer a neighbour) at w = 0, 1, 4.
    func testGuidanceRaisesLabelAccuracyAndLowersSpread() {
        let exact = ExactConditionalDenoiser(mixture: crowded, schedule: linear)
        let labels = (0..<800).map { $0 % 8 }
        let sampler = DDPMSampler(schedule: linear, variance: .beta)
        let scores = [0.0, 1, 4].map { w in
            let guided = ClassifierFreeGuidance(model: exact, labels: labels, guidanceScale: w)
            return ComponentFidelity(samples: sampler.run(predictor: guided, count: 800, dimension: 2, seed: 3).points,
                                     labels: labels, mixture: crowded, seed: 4)
        }
        // w = 0 samples the components themselves: spread s, accuracy of true draws
        // (measured 0.872 at 2,000 samples), energy distance at its floor.
        XCTAssertEqual(scores[0].spread, 0.25, accuracy: 0.015)
        XCTAssertEqual(scores[0].labelAccuracy, 0.87, accuracy: 0.04)
        XCTAssertLessThan(scores[0].energyDistance, 2 * scores[0].expectedFloor)
        // Guidance: accuracy up, spread down, mean pushed away from the other components.
        XCTAssertGreaterThan(scores[1].labelAccuracy, scores[0].labelAccuracy + 0.05)
        XCTAssertGreaterThan(scores[2].labelAccuracy, 0.995)
        XCTAssertLessThan(scores[1].spread, scores[0].spread - 0.02)
        XCTAssertLessThan(scores[2].spread, scores[1].spread - 0.01)
        XCTAssertGreaterThan(scores[2].meanShift, scores[1].meanShift + 0.05)
        XCTAssertGreaterThan(scores[2].energyDistance, 10 * scores[2].expectedFloor)
    }

    func testComponentFidelityOfExactDrawsAndOfShiftedDraws() {
        let ring = GaussianMixture.ring()
        var rng = Xoshiro256(seed: 9, stream: 0)
        let labels = (0..<1600).map { $0 % 8 }
        let exact = labels.map { ring.means[$0] + 0.1 * SIMD2(rng.gaussian(), rng.gaussian()) }
        let score = ComponentFidelity(samples: exact, labels: labels, mixture: ring, seed: 2)
        XCTAssertEqual(score.labelAccuracy, 1)
        XCTAssertEqual(score.spread, 0.1, accuracy: 0.005)
        XCTAssertLessThan(score.meanShift, 0.02)
        // E[D²] = (2/200) · √π · 0.1 per class.
        XCTAssertEqual(score.expectedFloor, 0.01 * Double.pi.squareRoot() * 0.1, accuracy: 1e-15)
        XCTAssertLessThan(score.energyDistance, 2.5 * score.expectedFloor)
        // Asked for the neighbouring component: accuracy 0, mean off by the neighbours' distance.
        let wrong = ComponentFidelity(samples: exact, labels: labels.map { ($0 + 1) % 8 }, mixture: ring, seed: 2)
        XCTAssertEqual(wrong.labelAccuracy, 0)
        XCTAssertEqual(wrong.meanShift, 2 * sin(Double.pi / 8), accuracy: 0.02)
    }
}

final class TiltedComponentTests: XCTestCase {
    func testTiltIsTheComponentAtZeroAndSharpensOverlappingComponents() {
        var rng = Xoshiro256(seed: 12)
        let ring = GaussianMixture.ring(), crowded = GaussianMixture.ring(standardDeviation: 0.25)
        let plain = TiltedComponent(mixture: crowded, component: 2, guidanceScale: 0, count: 40_000, using: &rng)
        // w = 0: the component itself (Monte Carlo error of s about 0.25/√80,000).
        XCTAssertEqual(plain.spread, 0.25, accuracy: 0.004)
        XCTAssertLessThan(plain.meanShift, 0.006)
        // Overlapping components: p(k | x)^w cuts the side facing the neighbours.
        let tilted = TiltedComponent(mixture: crowded, component: 2, guidanceScale: 4, count: 40_000, using: &rng)
        XCTAssertLessThan(tilted.spread, 0.22)
        XCTAssertGreaterThan(tilted.meanShift, 0.03)
        // The ring's components barely overlap at t = 0 (neighbours 7.7 s apart): nothing to cut.
        let separated = TiltedComponent(mixture: ring, component: 2, guidanceScale: 8, count: 40_000, using: &rng)
        XCTAssertEqual(separated.spread, 0.1, accuracy: 0.0015)
        XCTAssertLessThan(separated.meanShift, 0.003)
    }
}

final class WithinClassDistanceTests: XCTestCase {
    func testDistanceIsPerValueRMSWithinClassesOnly() {
        // Class 0: (0,0) and (3,4): distance 5, per value 5/√2. Class 1: three copies of one
        // point: 0. Mean over the classes: 5/(2√2). The cross-class pairs do not count.
        let samples: [Double] = [0, 0, 9, 9, 3, 4, 9, 9, 9, 9]
        let labels = [0, 1, 0, 1, 1]
        XCTAssertEqual(withinClassDistance(samples, labels: labels, dimension: 2), 5 / (2 * 2.0.squareRoot()), accuracy: 1e-12)
        // Independent N(0, 1) values: E‖x − y‖² / d = 2, so the RMS difference is near √2.
        var rng = Xoshiro256(seed: 4)
        let noise = (0..<(40 * 256)).map { _ in rng.gaussian() }
        XCTAssertEqual(withinClassDistance(noise, labels: (0..<40).map { $0 % 4 }, dimension: 256), 2.0.squareRoot(), accuracy: 0.03)
    }
}
