import XCTest
@testable import Diffusion

/// The pieces of a training step, each against its formula.
final class TrainingComponentTests: XCTestCase {
    func testLossValuesAndDerivatives() {
        let d: [Double] = [-3, -1, -0.5, 0, 0.25, 1, 2]
        XCTAssertEqual(d.map { LossKind.l2.value($0) }, [9, 1, 0.25, 0, 0.0625, 1, 4])
        XCTAssertEqual(d.map { LossKind.l1.value($0) }, [3, 1, 0.5, 0, 0.25, 1, 2])
        XCTAssertEqual(d.map { LossKind.huber.value($0) }, [2.5, 0.5, 0.125, 0, 0.03125, 0.5, 1.5])
        XCTAssertEqual(d.map { LossKind.huber.derivative($0) }, [-1, -1, -0.5, 0, 0.25, 1, 1])
        for kind in LossKind.allCases {
            for x in [-2.3, -0.7, 0.4, 1.6] {
                let numeric = (kind.value(x + 1e-6) - kind.value(x - 1e-6)) / 2e-6
                XCTAssertEqual(kind.derivative(x), numeric, accuracy: 1e-6, "\(kind) at \(x)")
            }
        }
        XCTAssertEqual(LossKind.l2.mean(prediction: [1, 2, 3, 4], noise: [0, 0, 3, 2]), (1 + 4 + 0 + 4) / 4)
    }

    func testLossSumAndGradientOfABatch() {
        var prediction: [Float] = [1, -2, 0.5, 3]
        let noise: [Float] = [0, 0, 0, 0.5]
        let sum = prediction.withUnsafeMutableBufferPointer {
            LossKind.huber.sumAndGradient(prediction: $0.baseAddress!, noise: noise, count: 4, gradientScale: 0.25)
        }
        XCTAssertEqual(sum, 0.5 + 1.5 + 0.125 + 2.0)
        XCTAssertEqual(prediction, [0.25, -0.25, 0.125, 0.25])
    }

    func testAntitheticTimesComeInMirroredPairs() {
        var rng = Xoshiro256(seed: 4)
        let times = TimeSampling.antithetic.draw(count: 128, schedule: NoiseSchedule(.linear, timesteps: 100), using: &rng)
        XCTAssertEqual(times.count, 128)
        for k in 0..<63 { XCTAssertEqual(times[65 + k], 101 - times[k]) }
        XCTAssertTrue(times.allSatisfy { (1...100).contains($0) })
        // The mean of each pair is (T + 1) / 2, so the batch mean is close to 50.5.
        XCTAssertEqual(Double(times.reduce(0, +)) / 128, 50.5, accuracy: 1)
    }

    func testUniformTimesCoverOneToT() {
        var rng = Xoshiro256(seed: 5)
        let times = TimeSampling.uniform.draw(count: 20_000, schedule: NoiseSchedule(.linear, timesteps: 10), using: &rng)
        XCTAssertEqual(Set(times), Set(1...10))
        XCTAssertEqual(Double(times.reduce(0, +)) / 20_000, 5.5, accuracy: 0.05)
    }

    func testLogNormalTimesFollowTheirNoiseLevels() {
        // Karras et al. 2022: ln σ ~ N(−1.2, 1.2²), so P(σ_t ≤ e^−1.2) = 1/2 and
        // P(σ_t ≤ e^0) = Φ(1) = 0.841; t is the first step whose σ_t reaches the draw.
        let schedule = NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02)
        var rng = Xoshiro256(seed: 6)
        let times = TimeSampling.logNormal.draw(count: 40_000, schedule: schedule, using: &rng)
        XCTAssertTrue(times.allSatisfy { (1...1000).contains($0) })
        func sigma(_ t: Int) -> Double { let a = schedule.alphaBars[t - 1]; return ((1 - a) / a).squareRoot() }
        let belowMedian = Double(times.filter { sigma($0) <= exp(-1.2) }.count) / 40_000
        let belowOne = Double(times.filter { sigma($0) <= 1 }.count) / 40_000
        // Rounding up to a step moves each draw to σ_t ≥ σ, by at most one step's increase.
        XCTAssertEqual(belowMedian, 0.5, accuracy: 0.03)
        XCTAssertEqual(belowOne, 0.841, accuracy: 0.03)
        XCTAssertEqual(TimeSampling.firstStep(reaching: 0, alphaBars: schedule.alphaBars), 1)
        XCTAssertEqual(TimeSampling.firstStep(reaching: 1e9, alphaBars: schedule.alphaBars), 1000)
        let t = TimeSampling.firstStep(reaching: 0.09, alphaBars: schedule.alphaBars)
        XCTAssertTrue(sigma(t) >= 0.3 && sigma(t - 1) < 0.3)
    }

    func testHalfLogNormalTimesAlternateUniformAndLogNormal() {
        let schedule = NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02)
        var rng = Xoshiro256(seed: 7)
        let times = TimeSampling.halfLogNormal.draw(count: 40_000, schedule: schedule, using: &rng)
        func sigma(_ t: Int) -> Double { let a = schedule.alphaBars[t - 1]; return ((1 - a) / a).squareRoot() }
        let even = stride(from: 0, to: times.count, by: 2).map { times[$0] }
        let odd = stride(from: 1, to: times.count, by: 2).map { times[$0] }
        // Even rows uniform on 1…1000 (mean 500.5, a quarter above 750); odd rows log-normal
        // in σ (median e^−1.2, about t = 89; 0.04% above t = 750).
        XCTAssertEqual(Double(even.reduce(0, +)) / Double(even.count), 500.5, accuracy: 5)
        XCTAssertEqual(Double(even.filter { $0 > 750 }.count) / Double(even.count), 0.25, accuracy: 0.015)
        XCTAssertEqual(Double(odd.filter { sigma($0) <= exp(-1.2) }.count) / Double(odd.count), 0.5, accuracy: 0.03)
        XCTAssertLessThan(Double(odd.filter { $0 > 750 }.count) / Double(odd.count), 0.001)
    }

    func testLearningRateWarmUpAndCosineDecay() {
        let cosine = LearningRateDecay.cosine
        XCTAssertEqual(cosine.factor(step: 1, of: 100, warmup: 10), 0.1, accuracy: 1e-12)
        XCTAssertEqual(cosine.factor(step: 5, of: 100, warmup: 10), 0.5 * 0.5 * (1 + cos(Double.pi * 0.04)), accuracy: 1e-12)
        XCTAssertEqual(cosine.factor(step: 51, of: 100, warmup: 10), 0.5, accuracy: 1e-12)
        XCTAssertEqual(cosine.factor(step: 100, of: 100, warmup: 0), 0.5 * (1 + cos(Double.pi * 0.99)), accuracy: 1e-12)
        XCTAssertEqual(LearningRateDecay.constant.factor(step: 3, of: 100, warmup: 4), 0.75)
        XCTAssertEqual(LearningRateDecay.constant.factor(step: 80, of: 100, warmup: 4), 1)
    }

    /// Kingma & Ba 2015, Algorithm 1: thanks to the bias correction the first step moves
    /// every parameter by α · g / (|g| + ε) ≈ α · sign(g); the second follows the formula.
    func testAdamFirstAndSecondSteps() {
        let adam = Adam(parameterCount: 3)
        var theta: [Float] = [1, 2, 3]
        adam.advance()
        adam.update(0..<3, parameters: &theta, gradient: [0.5, -2, 0], gradientScale: 1, learningRate: 0.1)
        XCTAssertEqual(theta[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(theta[1], 2.1, accuracy: 1e-6)
        XCTAssertEqual(theta[2], 3, "A zero gradient leaves the parameter where it is.")
        adam.advance()
        adam.update(0..<1, parameters: &theta, gradient: [1, -2, 4], gradientScale: 0.5, learningRate: 0.1)
        adam.update(1..<3, parameters: &theta, gradient: [1, -2, 4], gradientScale: 0.5, learningRate: 0.1)
        // By hand, for the first parameter: g = 0.5 then 0.5 (the scale halves the second).
        let m: Double = 0.9 * 0.05 + 0.1 * 0.5
        let v: Double = 0.999 * 0.00025 + 0.001 * 0.25
        let mHat = m / (1 - 0.81), vHat = v / (1 - 0.998001)
        let expected = 0.9 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
        XCTAssertEqual(Double(theta[0]), expected, accuracy: 1e-6)
    }

    func testEMAAndClipping() {
        var average: [Float] = [1, 1]
        ExponentialMovingAverage(decay: 0.9).update(0..<2, average: &average, parameters: [2, -1])
        XCTAssertEqual(average[0], 1.1, accuracy: 1e-6)
        XCTAssertEqual(average[1], 0.8, accuracy: 1e-6)

        // 1003 values: vector blocks and a scalar tail; the halves are summed in place.
        var first = (0..<1003).map { (i: Int) -> Float in Float(i % 7 - 3) }
        let second = (0..<1003).map { (i: Int) -> Float in Float(i % 5) / 2 }
        let squaredNorm = GradientClipping.combine(0..<500, &first, second) + GradientClipping.combine(500..<1003, &first, second)
        let expected = (0..<1003).map { (i: Int) -> Double in Double(i % 7 - 3) + Double(i % 5) / 2 }
        XCTAssertEqual(first.map(Double.init), expected)
        XCTAssertEqual(squaredNorm, expected.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-9)
        XCTAssertEqual(GradientClipping.factor(norm: 4, maxNorm: 1), Float(1 / (4 + 1e-6)))
        XCTAssertEqual(GradientClipping.factor(norm: 0.5, maxNorm: 1), 1)
        XCTAssertEqual(GradientClipping.factor(norm: 1e9, maxNorm: nil), 1)
    }

    func testEpochsVisitEveryPointOnceWithAShortLastBatch() {
        let points = (0..<10).map { SIMD2(Double($0), -Double($0)) }
        var sampler = EpochSampler(points: points)
        var rng = Xoshiro256(seed: 6)
        var batch = [Float](repeating: 0, count: 8)
        var epoch: [Float] = []
        var sizes: [Int] = []
        for _ in 0..<3 {
            let rows = sampler.nextBatch(size: 4, using: &rng, into: &batch)
            sizes.append(rows)
            epoch += (0..<rows).map { batch[2 * $0] }
            XCTAssertTrue((0..<rows).allSatisfy { batch[2 * $0 + 1] == -batch[2 * $0] })
        }
        XCTAssertEqual(sizes, [4, 4, 2])
        XCTAssertEqual(epoch.sorted(), (0..<10).map(Float.init))
        XCTAssertNotEqual(epoch, (0..<10).map(Float.init), "The order is shuffled.")
    }
}
