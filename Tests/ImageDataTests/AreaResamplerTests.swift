import Diffusion
import XCTest
@testable import ImageData

/// Area-averaging resize.
final class AreaResamplerTests: XCTestCase {
    /// 3 → 2: output pixel 0 covers input [0, 1.5): weights 2/3, 1/3.
    func testFractionalTapsAreOverlaps() {
        let taps = AreaResampler.taps(from: 3, to: 2)
        XCTAssertEqual(taps.map { $0.map(\.index) }, [[0, 1], [1, 2]])
        XCTAssertEqual(taps[0][0].weight, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(taps[0][1].weight, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(taps[1][1].weight, 2.0 / 3, accuracy: 1e-12)
    }

    /// Area averaging keeps the mean of an image (28 → 16 as for MNIST next to DigitImages).
    func testResizingPreservesTheMean() {
        var rng = Xoshiro256(seed: 3)
        let image = (0..<(28 * 28)).map { _ in rng.uniform() * 2 - 1 }
        let resized = AreaResampler(from: (28, 28), to: (16, 16)).resample(image)
        XCTAssertEqual(resized.count, 256)
        XCTAssertEqual(resized.reduce(0, +) / 256, image.reduce(0, +) / 784, accuracy: 1e-12)
        XCTAssertTrue(resized.allSatisfy { (-1...1).contains($0) })
    }

    func testEnlargingRepeatsPixels() {
        let set = ImageSet(width: 2, height: 1, images: [[-1, 1]], labels: [4])
        let larger = set.resized(width: 4, height: 2)
        XCTAssertEqual(larger.images[0], [-1, -1, 1, 1, -1, -1, 1, 1])
        XCTAssertEqual(larger.labels, [4])
    }
}

