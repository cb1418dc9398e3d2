import Diffusion
import Foundation
import Plot
import XCTest
@testable import ImageData

/// Contact sheets of generated digits, one row per class, written to the temporary folder
/// (digits-16.png, digits-28.png) for a person to look at; the test checks the sheet holds
/// every class in its own row.
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

    func testSheetsHaveOneRowPerDigit() throws {
        for size in [16, 28] {
            let grid = Self.sheet(size: size, columns: 16, seed: 7)
            XCTAssertEqual(grid.tiles.count, 10)
            XCTAssertTrue(grid.tiles.allSatisfy { $0.count == 16 })
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("digits-\(size).png")
            try grid.writePNG(to: url)
            let png = try Data(contentsOf: url)
            XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47])
        }
    }
}
