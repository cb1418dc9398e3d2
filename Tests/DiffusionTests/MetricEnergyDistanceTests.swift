import XCTest
@testable import Diffusion

/// The energy distance (Székely & Rizzo 2013) as the V-statistic of the PyTorch reference.
final class MetricEnergyDistanceTests: XCTestCase {
    func ring(_ count: Int, stream: UInt64) -> [SIMD2<Double>] {
        var rng = Xoshiro256(seed: 21, stream: stream)
        return GaussianMixture.ring().sample(count: count, using: &rng)
    }

    func testHandComputedValues() {
        // Two single points: 2‖a − b‖ − 0 − 0.
        XCTAssertEqual(energyDistance([SIMD2(0, 0)], [SIMD2(3, 4)]), 10, accuracy: 1e-15)
        // x = {(0,0), (1,0)}, y = {(0,1)}: 2·(1 + √2)/2 − (0 + 1 + 1 + 0)/4 − 0.
        XCTAssertEqual(energyDistance([SIMD2(0, 0), SIMD2(1, 0)], [SIMD2(0, 1)]), 1 + 2.0.squareRoot() - 0.5, accuracy: 1e-15)
    }

    func testDistanceOfASetToItselfIsExactlyZero() {
        for count in [1, 7, 2_000] {
            XCTAssertEqual(energyDistance(ring(count, stream: 0), ring(count, stream: 0)), 0, "n = \(count)")
        }
    }

    func testDistanceIsSymmetric() {
        let x = ring(1_500, stream: 1), y = ring(900, stream: 2).map { $0 * 1.2 }
        let forward = energyDistance(x, y), backward = energyDistance(y, x)
        XCTAssertGreaterThan(forward, 0)
        XCTAssertEqual(forward, backward, accuracy: 1e-12 * forward)
    }

    func testDistanceGrowsWithAShift() {
        let x = ring(1_000, stream: 3)
        let distances = [0.0, 0.05, 0.1, 0.3, 1, 3, 10, 20].map { shift in energyDistance(x, x.map { $0 + SIMD2(shift, 0) }) }
        XCTAssertEqual(distances[0], 0)
        for i in 1..<distances.count {
            XCTAssertGreaterThan(distances[i], distances[i - 1], "shift index \(i)")
        }
        // Far beyond the ring's diameter, ‖X − X′ + s‖ ≈ s + (X − X′)·ŝ + ‖(X − X′)_⊥‖²/(2s), so
        // D²(s) ≈ 2s + 2·1.02/(2s) − 2 E‖X − X′‖ (E‖(X − X′)_⊥‖² = 2 · 0.51): from s = 10 to 20 it
        // grows by 2·10 − 1.02·(1/10 − 1/20) = 19.949.
        XCTAssertEqual(distances[7] - distances[6], 19.949, accuracy: 0.01)
    }

    func testThreadedSumMatchesAPlainDoubleLoop() {
        // 2,000 × 1,500 pairs take the two-thread path.
        let a = ring(2_000, stream: 4), b = ring(1_500, stream: 5)
        var total = 0.0
        for p in a { for q in b { total += ((p - q) * (p - q)).sum().squareRoot() } }
        let plain = total / Double(a.count * b.count)
        XCTAssertEqual(meanPairwiseDistance(a, b), plain, accuracy: 1e-12 * plain)
        XCTAssertEqual(meanPairwiseDistance(a, b), meanPairwiseDistance(a, b), "the result must repeat exactly")
    }

    func testComparisonFloorIsTheDistanceBetweenTwoDraws() {
        let samples = ring(2_000, stream: 6)
        let comparison = EnergyDistanceComparison(samples: samples, seed: 8) { count, rng in
            GaussianMixture.ring().sample(count: count, using: &rng)
        }
        var first = Xoshiro256(seed: 8, stream: 0), second = Xoshiro256(seed: 8, stream: 1)
        let data = GaussianMixture.ring().sample(count: 2_000, using: &first)
        let independent = GaussianMixture.ring().sample(count: 2_000, using: &second)
        XCTAssertEqual(comparison.distance, energyDistance(samples, data))
        XCTAssertEqual(comparison.floor, energyDistance(independent, data))
        XCTAssertEqual(comparison.expectedFloor, meanPairwiseDistance(data, data) * 2_000 / 1_999 * (2.0 / 2_000), accuracy: 1e-15)
        // A ring of radius 1.2 is far from the data (measured: 30× the expected floor, 38× the drawn one).
        let wrong = EnergyDistanceComparison(samples: samples.map { $0 * 1.2 }, data: data, independentData: independent)
        XCTAssertGreaterThan(wrong.distance, 20 * wrong.expectedFloor)
        XCTAssertGreaterThan(wrong.ratio, 20)
    }

    func testExpectedFloorIsTheMeanOfDrawnFloors() {
        // E[D²] = (1/n + 1/m) E‖X − X′‖ for two independent sets of n and m draws of one
        // distribution. One drawn floor spreads by a factor of 2 or more (its coefficient of
        // variation is about 0.6), so average 1,000 draws of n = m = 200 (the ratio does not
        // depend on n): the mean's standard error is then about 2 %, and 8 % is 4 of them.
        var drawn = 0.0, expected = 0.0
        for stream in 0..<1_000 {
            let comparison = EnergyDistanceComparison(samples: ring(200, stream: 100 + UInt64(stream)), seed: UInt64(stream)) { count, rng in
                GaussianMixture.ring().sample(count: count, using: &rng)
            }
            drawn += comparison.floor
            expected += comparison.expectedFloor
        }
        XCTAssertEqual(drawn / expected, 1, accuracy: 0.08)
    }
}
