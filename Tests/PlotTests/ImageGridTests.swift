import XCTest
@testable import Plot

/// Tiles read back pixel-exact.
final class ImageGridTests: XCTestCase {
    func testCheckerPatternLandsOnTheRightPixels() throws {
        // 4×2 tile: top row black, white, black, white; bottom row inverted.
        let tile: [Double] = [-1, 1, -1, 1, 1, -1, 1, -1]
        let grid = ImageGrid(title: "Pattern", tiles: [[tile, tile]], tileWidth: 4, tileHeight: 2,
                             rowLabels: ["t=0"], columnLabels: ["a", "b"])
        let image = try RasterImage(pngData: grid.pngData())
        let layout = ImageGridLayout(grid, measurer: try Canvas(width: 1, height: 1))
        XCTAssertEqual(image.width, layout.width)
        for column in 0..<2 {
            let origin = layout.tileOrigin(row: 0, column: column)
            for py in 0..<2 {
                for px in 0..<4 {
                    let expectWhite = tile[py * 4 + px] > 0
                    for (dx, dy) in [(0, 0), (3, 3), (1, 2)] {
                        let p = image.pixel(x: Int(origin.x) + px * 4 + dx, y: Int(origin.y) + py * 4 + dy)
                        XCTAssertEqual(p.r, expectWhite ? 255 : 0, "tile \(column) pixel (\(px),\(py))")
                        XCTAssertEqual(p.g, p.r)
                    }
                }
            }
        }
    }

    func testWrongTileSizeThrows() {
        let grid = ImageGrid(title: nil, tiles: [[[0, 0, 0]]], tileWidth: 2, tileHeight: 2)
        XCTAssertThrowsError(try grid.pngData()) { XCTAssertTrue($0 is PlotError) }
    }
}
