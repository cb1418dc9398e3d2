import XCTest
@testable import Plot

/// Figures drawn and read back pixel by pixel.
final class FigureTests: XCTestCase {
    /// A panel with a thick red line from (0,0) to (1,1) over exactly 0…1 × 0…1.
    private func diagonalFigure() -> Figure {
        var panel = Panel(title: "Diagonal", xLabel: "x", yLabel: "y")
        panel.xRange = 0...1
        panel.yRange = 0...1
        panel.lines = [LineSeries(xs: [0, 1], ys: [0, 1], color: Color(1, 0, 0), width: 6)]
        return Figure(panels: [panel])
    }

    func testRedDiagonalIsRedAndCornerIsWhite() throws {
        let figure = diagonalFigure()
        let image = try RasterImage(pngData: figure.pngData())
        XCTAssertEqual(image.width, 480)
        XCTAssertEqual(image.height, 360)
        let layout = figure.layouts(on: try Canvas(width: 1, height: 1))[0]
        for t in [0.2, 0.5, 0.8] {
            let p = try XCTUnwrap(layout.pixel(SIMD2(t, t)))
            XCTAssertTrue(TestSupport.pixel(image, Int(p.x), Int(p.y), isNear: (255, 0, 0)), "not red at t=\(t): \(image.pixel(x: Int(p.x), y: Int(p.y)))")
        }
        let corner = try XCTUnwrap(layout.pixel(SIMD2(0.03, 0.97)))
        XCTAssertTrue(TestSupport.pixel(image, Int(corner.x), Int(corner.y), isNear: (255, 255, 255), tolerance: 0))
        // Outside the plot area (top-left of the page) is white too, and the page is opaque RGB.
        XCTAssertTrue(TestSupport.pixel(image, 1, 1, isNear: (255, 255, 255), tolerance: 0))
    }

    func testDenseScatterRegionIsDarkerThanSparseRegion() throws {
        var rng = SystemRandomNumberGenerator()
        let dense = (0..<3000).map { _ in SIMD2(Double.random(in: 0.1...0.2, using: &rng), Double.random(in: 0.1...0.2, using: &rng)) }
        let sparse = (0..<30).map { _ in SIMD2(Double.random(in: 0.6...0.9, using: &rng), Double.random(in: 0.6...0.9, using: &rng)) }
        var panel = Panel()
        panel.xRange = 0...1
        panel.yRange = 0...1
        panel.scatters = [ScatterLayer(points: dense + sparse, color: .black)]
        let figure = Figure(panels: [panel])
        let image = try RasterImage(pngData: figure.pngData())
        let layout = figure.layouts(on: try Canvas(width: 1, height: 1))[0]
        func meanBrightness(_ lo: Double, _ hi: Double) throws -> Double {
            let a = try XCTUnwrap(layout.pixel(SIMD2(lo, hi))), b = try XCTUnwrap(layout.pixel(SIMD2(hi, lo)))
            var total = 0, count = 0
            for y in Int(a.y)...Int(b.y) { for x in Int(a.x)...Int(b.x) { total += TestSupport.brightness(image, x, y); count += 1 } }
            return Double(total) / Double(count)
        }
        let denseBrightness = try meanBrightness(0.12, 0.18)
        let sparseBrightness = try meanBrightness(0.62, 0.88)
        XCTAssertLessThan(denseBrightness, 200, "dense region should be nearly black")
        XCTAssertGreaterThan(sparseBrightness, 600, "sparse region should be mostly white")
    }

    func testDegenerateDataDoesNotCrash() throws {
        var panel = Panel(title: "Degenerate")
        panel.lines = [
            LineSeries(label: "flat", xs: [1, 1, 1], ys: [2, 2, 2]),
            LineSeries(label: "empty", xs: [], ys: []),
            LineSeries(label: "bad", xs: [0, .nan, 2, .infinity], ys: [1, 2, .nan, 3]),
        ]
        panel.yScale = .log
        var empty = Panel()
        empty.scatters = [ScatterLayer(points: [])]
        let bytes = try Figure(title: "Edge cases", panels: [panel, empty, Panel()], columns: 2).pngData()
        let image = try RasterImage(pngData: bytes)
        XCTAssertEqual(image.width, 960)
        XCTAssertGreaterThan(image.height, 720)
    }

    func testEqualAspectGivesSameScaleOnBothAxes() throws {
        var panel = Panel()
        panel.equalAspect = true
        panel.scatters = [ScatterLayer(points: [SIMD2(-1, -1), SIMD2(1, 1), SIMD2(3, 0)])]
        let figure = Figure(panels: [panel])
        let layout = figure.layouts(on: try Canvas(width: 1, height: 1))[0]
        let origin = try XCTUnwrap(layout.pixel(SIMD2(0, 0)))
        let unitX = try XCTUnwrap(layout.pixel(SIMD2(1, 0))), unitY = try XCTUnwrap(layout.pixel(SIMD2(0, 1)))
        XCTAssertEqual(unitX.x - origin.x, origin.y - unitY.y, accuracy: 1e-6)
    }
}

/// Automatic ranges.
final class AxisRangeTests: XCTestCase {
    func testLineOnlyPanelsRunExactlyOverTheirX() throws {
        var panel = Panel()
        panel.lines = [LineSeries(xs: [0, 500, 1000], ys: [0.03, 0.5, 0.96])]
        let layout = Figure(panels: [panel]).layouts(on: try Canvas(width: 1, height: 1))[0]
        XCTAssertEqual([layout.x.lo, layout.x.hi], [0, 1000])
        XCTAssertEqual([layout.y.lo, layout.y.hi], [0, 1])  // padded, clamped at 0, extended to ticks
        XCTAssertEqual(layout.x.labels, ["0", "200", "400", "600", "800", "1000"])
    }

    func testScatterRangesArePadded() throws {
        var panel = Panel()
        panel.scatters = [ScatterLayer(points: [SIMD2(-1, 10), SIMD2(1, 20)])]
        let layout = Figure(panels: [panel]).layouts(on: try Canvas(width: 1, height: 1))[0]
        XCTAssertLessThan(layout.x.lo, -1)
        XCTAssertGreaterThan(layout.x.hi, 1)
        XCTAssertLessThan(layout.y.lo, 10)
        XCTAssertGreaterThan(layout.y.hi, 20)
    }

    func testLogAxisSkipsNonPositiveValues() throws {
        var panel = Panel()
        panel.yScale = .log
        panel.lines = [LineSeries(xs: [0, 1, 2, 3], ys: [0, -1, 1e-3, 10])]
        let layout = Figure(panels: [panel]).layouts(on: try Canvas(width: 1, height: 1))[0]
        XCTAssertEqual(layout.y.ticks, [1e-3, 1e-2, 0.1, 1, 10])
        XCTAssertEqual(layout.y.labels, ["10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹"])
        XCTAssertNil(layout.pixel(SIMD2(1, 0)))
    }
}
