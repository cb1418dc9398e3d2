import Diffusion
import Foundation
@testable import Plot
import XCTest
@testable import ImageData

/// Contact sheets of generated digits, one row per class, written to the temporary folder
/// (digits-16.png, digits-28.png) for a person to look at; the test reads the sheet back and
/// checks that every tile shows its digit's pixels.
final class ContactSheetTests: XCTestCase {
    /// `columns` samples of each digit, row d holding digit d.
    static func sheet(size: Int, columns: Int, seed: UInt64) -> ImageGrid {
        var rng = Xoshiro256(seed: seed)
        let set = DigitImages.generate(count: 10 * columns, size: size, using: &rng)
        let tiles = (0..<10).map { digit in
            set.images.indices.filter { set.labels[$0] == digit }.map { set.images[$0] }
        }
        var grid = ImageGrid(title: "DigitImages \(size)×\(size), seed \(seed)", tiles: tiles, tileWidth: size,
                             tileHeight: size, rowLabels: (0...9).map(String.init))
        grid.scale = size <= 16 ? 6 : 4
        return grid
    }

    func testSheetsShowEveryDigitsPixelsInItsRow() throws {
        for size in [16, 28] {
            let grid = Self.sheet(size: size, columns: 16, seed: 7)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("digits-\(size).png")
            try grid.writePNG(to: url)
            let image = try RasterImage(pngData: [UInt8](try Data(contentsOf: url)))
            let layout = ImageGridLayout(grid, measurer: try Canvas(width: 1, height: 1))
            var rng = Xoshiro256(seed: 7)
            let set = DigitImages.generate(count: 160, size: size, using: &rng)
            for digit in 0..<10 {
                let images = set.images.indices.filter { set.labels[$0] == digit }.map { set.images[$0] }
                XCTAssertEqual(images.count, 16, "16 samples of \(digit)")
                XCTAssertEqual(Set(images).count, 16, "the samples of \(digit) differ from one another")
                for (column, pixels) in images.enumerated() {
                    // A drawn digit: some ink and some background.
                    XCTAssertLessThan(pixels.min() ?? 1, -0.5)
                    XCTAssertGreaterThan(pixels.max() ?? -1, 0.5)
                    let origin = layout.tileOrigin(row: digit, column: column)
                    for index in stride(from: column % 7, to: size * size, by: 7) {
                        let (x, y) = (index % size, index / size)
                        let shown = image.pixel(x: Int(origin.x) + x * grid.scale + 1, y: Int(origin.y) + y * grid.scale + 1)
                        let expected = UInt8((min(max((pixels[index] + 1) / 2, 0), 1) * 255).rounded())
                        XCTAssertEqual(shown.r, expected, "digit \(digit), sample \(column), pixel (\(x), \(y))")
                        if shown.r != expected { return }
                    }
                }
            }
        }
    }
}
