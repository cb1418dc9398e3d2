import XCTest
@testable import Diffusion

/// The maximum mean discrepancy (Gretton et al. 2012), the KID built on it (Bińkowski et al.
/// 2018), and the classifier features it reads.
final class MetricKernelDistanceTests: XCTestCase {
    func testHandComputedCubicMMD() {
        // d = 1, x = {0, 1}, y = {1, 2}, k(a, b) = (ab + 1)³:
        // k(0,1) = 1; k(1,2) = 27; cross: k(0,1) + k(0,2) + k(1,1) + k(1,2) = 1 + 1 + 8 + 27 = 37.
        // unbiased: 1 + 27 − 2·37/4 = 9.5; biased adds the diagonals k(0,0) = 1, k(1,1) = 8, k(2,2) = 125:
        // (1 + 2 + 8)/4 + (8 + 54 + 125)/4 − 2·37/4 = 31.
        XCTAssertEqual(mmdSquared([0, 1], [1, 2], dimension: 1, kernel: .cubicPolynomial), 9.5, accuracy: 1e-13)
        XCTAssertEqual(mmdSquared([0, 1], [1, 2], dimension: 1, kernel: .cubicPolynomial, estimate: .biased), 31, accuracy: 1e-13)
        // d = 2 divides xᵀy by 2: x = {(1,1), (0,0)}, y = {(2,0), (0,2)}: xᵀy/2 + 1 = 2, 1, 1, 1 across,
        // within x: 1 (cross pair), within y: 1. Unbiased: 1 + 1 − 2·(8 + 8 + 1 + 1)/4 = −7.
        XCTAssertEqual(mmdSquared([1, 1, 0, 0], [2, 0, 0, 2], dimension: 2, kernel: .cubicPolynomial), -7, accuracy: 1e-13)
    }

    /// E k(X, X′) over the pairs i ≠ j: by hand, and as the within-sample terms of MMD²_u.
    func testMeanKernelOverPairs() {
        // d = 1, x = {0, 1, 2}: k = (ab + 1)³ over the pairs (0,1), (0,2), (1,2): 1, 1, 27; mean 29/3.
        XCTAssertEqual(meanKernel([0, 1, 2], dimension: 1, kernel: .cubicPolynomial), 29.0 / 3, accuracy: 1e-13)
        // MMD²_u(x, y) = mean k(x, x′) + mean k(y, y′) − 2 mean k(x, y); with y a single point twice, mean k(x, y) is
        // the mean of k(x_i, y₀), so the identity checks meanKernel against mmdSquared on random rows.
        var rng = Xoshiro256(seed: 12)
        let (d, n) = (5, 9)
        let x = rng.gaussians(n * d), point = rng.gaussians(d), y = point + point
        let cross = (0..<n).reduce(0.0) { total, i in
            total + pow(zip(x[(i * d)..<((i + 1) * d)], point).map(*).reduce(0, +) / Double(d) + 1, 3)
        } / Double(n)
        let expected = meanKernel(x, dimension: d, kernel: .cubicPolynomial) + meanKernel(y, dimension: d, kernel: .cubicPolynomial) - 2 * cross
        XCTAssertEqual(mmdSquared(x, y, dimension: d, kernel: .cubicPolynomial), expected, accuracy: 1e-10 * abs(expected))
    }

    /// With the distance kernel ‖x‖ + ‖y‖ − ‖x − y‖, the V-statistic is the energy distance of
    /// Lessons 05 and 06 (Sejdinovic et al. 2013).
    func testDistanceKernelGivesTheEnergyDistance() {
        var rng = Xoshiro256(seed: 4)
        let x = GaussianMixture.ring().sample(count: 150, using: &rng), y = GaussianMixture.ring().sample(count: 90, using: &rng).map { $0 * 1.3 }
        let flat = { (points: [SIMD2<Double>]) in points.flatMap { [$0.x, $0.y] } }
        let energy = energyDistance(x, y)
        XCTAssertGreaterThan(energy, 0.01)
        XCTAssertEqual(mmdSquared(flat(x), flat(y), dimension: 2, kernel: .distance, estimate: .biased), energy, accuracy: 1e-12 * energy)
    }

    /// E[MMD²_u] = 0 for two samples of one distribution; the V-statistic is biased upwards.
    func testUnbiasedEstimateAveragesToZero() {
        var rng = Xoshiro256(seed: 9)
        let (d, n, repeats) = (4, 12, 3000)
        var unbiased: [Double] = [], biased: [Double] = [], shifted: [Double] = []
        for _ in 0..<repeats {
            let x = rng.gaussians(n * d), y = rng.gaussians(n * d)
            unbiased.append(mmdSquared(x, y, dimension: d, kernel: .cubicPolynomial))
            biased.append(mmdSquared(x, y, dimension: d, kernel: .cubicPolynomial, estimate: .biased))
            shifted.append(mmdSquared(x, y.map { $0 + 0.5 }, dimension: d, kernel: .cubicPolynomial))
        }
        func meanAndError(_ v: [Double]) -> (mean: Double, error: Double) {
            let mean = v.reduce(0, +) / Double(v.count)
            let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
            return (mean, (variance / Double(v.count)).squareRoot())
        }
        let u = meanAndError(unbiased), b = meanAndError(biased), s = meanAndError(shifted)
        XCTAssertLessThan(abs(u.mean), 4 * u.error, "unbiased mean \(u.mean) ± \(u.error)")
        XCTAssertGreaterThan(b.mean, 10 * b.error, "biased mean \(b.mean) ± \(b.error)")
        XCTAssertGreaterThan(s.mean, 10 * s.error, "a shift by 0.5 shows: \(s.mean) ± \(s.error)")
    }

    func testKIDOfOneDistributionIsNearZeroAndOfAShiftIsNot() {
        var rng = Xoshiro256(seed: 12)
        let d = 8, reference = rng.gaussians(600 * d), same = rng.gaussians(100 * d), moved = rng.gaussians(100 * d).map { $0 + 0.6 }
        let floor = KernelInceptionDistance(same, reference, dimension: d, subsets: 50, subsetSize: 100, seed: 1)
        let shift = KernelInceptionDistance(moved, reference, dimension: d, subsets: 50, subsetSize: 100, seed: 1)
        XCTAssertEqual(floor.subsetSize, 100)
        XCTAssertLessThan(abs(floor.mean), 3 * floor.standardDeviation, "\(floor)")
        XCTAssertGreaterThan(shift.mean, 5 * shift.standardDeviation, "\(shift)")
        // Reproducible from its seed.
        XCTAssertEqual(KernelInceptionDistance(moved, reference, dimension: d, subsets: 50, subsetSize: 100, seed: 1), shift)
    }

    /// When every subset is the whole of both sets, every estimate is the same number.
    func testKIDOfWholeSetsHasNoSpreadAndEqualsTheUnbiasedMMD() {
        var rng = Xoshiro256(seed: 13)
        let x = rng.gaussians(30 * 3), y = rng.gaussians(20 * 3).map { $0 * 1.5 }
        let kid = KernelInceptionDistance(x, y, dimension: 3, subsets: 10, subsetSize: 50)
        XCTAssertEqual(kid.subsetSize, 20)
        let whole = KernelInceptionDistance(Array(x.prefix(60)), y, dimension: 3, subsets: 10, subsetSize: 20)
        let exact = mmdSquared(Array(x.prefix(60)), y, dimension: 3, kernel: .cubicPolynomial)
        XCTAssertEqual(whole.mean, exact, accuracy: 1e-12 * abs(exact))
        XCTAssertEqual(whole.standardDeviation, 0, accuracy: 1e-12 * abs(exact))
        XCTAssertGreaterThan(kid.standardDeviation, 0)
    }

    /// The features are the hidden layer: the output layer applied to them gives the classifier's probabilities.
    func testClassifierFeaturesFeedItsOutputLayer() {
        var rng = Xoshiro256(seed: 14)
        let network = ClassifierNetwork(inputs: 20, hidden: 17, classes: 10)
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        network.initialize(&parameters, using: &rng)
        let classifier = ImageClassifier(network: network, parameters: parameters, trainingLoss: 0)
        let images = rng.gaussians(5 * 20)
        let features = classifier.features(images)
        XCTAssertEqual(features.count, 5 * 17)
        XCTAssertTrue(features.allSatisfy { $0 >= 0 } && features.contains { $0 > 0 }, "ReLU features")
        var logits = [Float](repeating: 0, count: 5 * 10)
        let scratch = FloatBuffer(count: network.outputLayer.scratchCount)
        network.outputLayer.forward(features.map(Float.init), rows: 5, parameters: parameters, into: &logits, scratch: scratch.pointer)
        SoftmaxCrossEntropy.softmax(&logits, rows: 5, classes: 10)
        let probabilities = classifier.probabilities(images)
        for (p, q) in zip(logits, probabilities) { XCTAssertEqual(Double(p), q, accuracy: 1e-6) }
    }
}
