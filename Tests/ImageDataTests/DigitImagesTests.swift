import Diffusion
import Foundation
import XCTest
@testable import ImageData

/// The built-in digit data set: reproducible, balanced, in range, varied, and labelled right.
final class DigitImagesTests: XCTestCase {
    private func digits(_ count: Int, size: Int = 16, seed: UInt64 = 42) -> ImageSet {
        var rng = Xoshiro256(seed: seed)
        return DigitImages.generate(count: count, size: size, using: &rng)
    }

    func testSameSeedGivesIdenticalImages() {
        XCTAssertEqual(digits(50), digits(50))
        XCTAssertNotEqual(digits(50).images, digits(50, seed: 43).images)
    }

    func testShorterSetIsPrefixOfLongerOne() {
        let short = digits(30), long = digits(100)
        XCTAssertEqual(short.images, Array(long.images.prefix(30)))
        XCTAssertEqual(short.labels, Array(long.labels.prefix(30)))
    }

    func testGeneratorAdvancesTheRandomState() {
        var rng = Xoshiro256(seed: 5)
        let first = DigitImages.generate(count: 20, using: &rng)
        let second = DigitImages.generate(count: 20, using: &rng)
        XCTAssertEqual(first.labels, second.labels)
        XCTAssertTrue(zip(first.images, second.images).allSatisfy { $0 != $1 })
    }

    func testLabelsAreBalanced() {
        XCTAssertEqual(digits(1000).labelCounts, [Int](repeating: 100, count: 10))
        XCTAssertEqual(digits(25).labelCounts, [3, 3, 3, 3, 3, 2, 2, 2, 2, 2])
        XCTAssertEqual(digits(0).count, 0)
    }

    func testPixelsAreInRangeOnABlackBackground() {
        for size in [16, 28] {
            let set = digits(200, size: size)
            XCTAssertEqual(set.width, size)
            XCTAssertEqual(set.height, size)
            for image in set.images {
                XCTAssertEqual(image.count, size * size)
                XCTAssertTrue(image.allSatisfy { (-1...1).contains($0) })
                XCTAssertEqual(image.max(), 1, "a digit has fully covered pixels")
                let inked = image.filter { $0 > 0 }.count
                XCTAssertTrue((size * size / 12)...(size * size / 2) ~= inked, "\(inked) of \(size * size) pixels inked")
                let corners = [0, size - 1, size * (size - 1), size * size - 1].map { image[$0] }
                XCTAssertEqual(corners, [-1, -1, -1, -1])
            }
        }
    }

    func testThousandsOfImagesAreDistinct() {
        let set = digits(3000)
        XCTAssertEqual(Set(set.images).count, 3000)
    }

    /// Like MNIST: the ink's centre of mass lies at the tile centre up to the random shift
    /// (±2/16 of the tile per axis, rarely clamped), and the larger side of the digit spans
    /// ~70–80 % of the tile.
    func testDigitsAreCentredAndSizedLikeMNIST() {
        for size in [16, 28] {
            let set = digits(500, size: size)
            var extents: [Double] = []
            for image in set.images {
                let ink = image.map { ($0 + 1) / 2 }
                let mass = ink.reduce(0, +)
                let cx = ink.indices.reduce(0) { $0 + ink[$1] * (Double($1 % size) + 0.5) } / mass
                let cy = ink.indices.reduce(0) { $0 + ink[$1] * (Double($1 / size) + 0.5) } / mass
                XCTAssertLessThanOrEqual(max(abs(cx - Double(size) / 2), abs(cy - Double(size) / 2)),
                                         Double(size) * 2 / 16 + 0.25)
                let rows = (0..<size).filter { y in (0..<size).contains { image[y * size + $0] > 0 } }
                let columns = (0..<size).filter { x in (0..<size).contains { image[$0 * size + x] > 0 } }
                extents.append(Double(max(rows.last! - rows.first!, columns.last! - columns.first!) + 1) / Double(size))
            }
            let mean = extents.reduce(0, +) / Double(extents.count)
            XCTAssertTrue((0.68...0.82).contains(mean), "mean extent \(mean) at \(size)×\(size)")
            XCTAssertGreaterThanOrEqual(extents.min()!, 0.55)
        }
    }

    /// A cheap check that labels match pictures: every class is closer on average to its own
    /// mean image than to any other class's, and a nearest-mean classifier trained on one
    /// set labels a second set mostly right.
    func testEachClassIsClosestToItsOwnMean() {
        let train = digits(1000), test = digits(500, seed: 99)
        var means = [[Double]](repeating: [Double](repeating: 0, count: 256), count: 10)
        for (image, label) in zip(train.images, train.labels) {
            for pixel in 0..<256 { means[label][pixel] += image[pixel] / 100 }  // 100 images per class
        }
        // distances[i][c]: squared distance from test image i to the mean of class c
        let distances = test.images.map { image in
            means.map { mean in
                var sum = 0.0
                for pixel in 0..<256 { sum += (image[pixel] - mean[pixel]) * (image[pixel] - mean[pixel]) }
                return sum
            }
        }
        func nearest(_ values: [Double]) -> Int { values.indices.min { values[$0] < values[$1] }! }
        for digit in 0..<10 {
            let members = test.labels.indices.filter { test.labels[$0] == digit }
            let average = (0..<10).map { c in members.reduce(0) { $0 + distances[$1][c] } / Double(members.count) }
            XCTAssertEqual(nearest(average), digit, "class \(digit): \(average)")
        }
        let correct = test.labels.indices.filter { nearest(distances[$0]) == test.labels[$0] }.count
        XCTAssertGreaterThan(Double(correct) / Double(test.count), 0.5, "0.66 when written; 0.1 is chance")
    }

    /// Lesson07 generates its data at start-up: 10,000 images of 16 × 16 take ~0.1 s here;
    /// the bound is loose so a busy machine does not fail it, but a per-image font lookup would.
    func testTenThousandImagesAreQuick() {
        _ = digits(1)  // fonts and distance fields are built once per process
        let start = Date()
        XCTAssertEqual(digits(10_000).count, 10_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}
