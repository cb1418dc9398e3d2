import FileSupport
import Foundation
import XCTest
@testable import Plot
import Diffusion

/// Sample figures of every kind. Each test renders, reads its PNG back and checks that the
/// data landed where its axes say; with the environment variable PLOT_DEMO_DIR set, it also
/// writes the PNG there for a person to look at.
final class DemoFigures: XCTestCase {
    /// The figure's pixels, after writing its PNG to PLOT_DEMO_DIR when that is set.
    static func render(_ bytes: [UInt8], _ name: String) throws -> RasterImage {
        if let folder = ProcessInfo.processInfo.environment["PLOT_DEMO_DIR"] {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AtomicFile.write(bytes, to: url)
        }
        return try RasterImage(pngData: bytes)
    }

    /// Whether some pixel within `radius` of data point `point` of `figure`'s panel `panel`
    /// is near `color` (each channel within 60 of 255 × component).
    static func inked(_ image: RasterImage, _ figure: Figure, panel: Int, at point: SIMD2<Double>, _ color: Color,
                      radius: Int = 2) throws -> Bool {
        let layout = figure.layouts(on: try Canvas(width: 1, height: 1))[panel]
        let p = try XCTUnwrap(layout.pixel(point))
        let rgb = (Int(color.r * 255), Int(color.g * 255), Int(color.b * 255))
        for dy in -radius...radius {
            for dx in -radius...radius where TestSupport.pixel(image, Int(p.x) + dx, Int(p.y) + dy, isNear: rgb, tolerance: 60) {
                return true
            }
        }
        return false
    }

    func testLineFigureWithLogY() throws {
        let steps = Array(0...1000).map(Double.init)
        var panel = Panel(title: "Noise schedule", xLabel: "step t", yLabel: "value")
        panel.yScale = .log
        panel.lines = [
            LineSeries(label: "β_t (linear)", xs: steps, ys: steps.map { 1e-4 + ($0 / 1000) * (0.02 - 1e-4) }),
            LineSeries(label: "1 − ᾱ_t", xs: steps, ys: steps.map { t in 1 - exp(-(1e-4 * t + 0.5 * (0.02 - 1e-4) * t * t / 1000)) },
                       style: .dashed),
        ]
        var linear = Panel(title: "Signal rate", xLabel: "step t", yLabel: "√ᾱ_t")
        linear.lines = [LineSeries(label: "linear", xs: steps, ys: steps.map { t in exp(-0.5 * (1e-4 * t + 0.5 * (0.02 - 1e-4) * t * t / 1000)) }),
                        LineSeries(label: "cosine", xs: steps, ys: steps.map { cos(($0 / 1000 + 0.008) / 1.008 * Double.pi / 2) }, style: .dotted)]
        let figure = Figure(title: "Lesson 01 · Schedules", panels: [panel, linear])
        let image = try Self.render(figure.pngData(), "lines.png")
        // β_500 on the log axis of the first panel, √ᾱ_500 (linear) on the second, in their colours.
        XCTAssertTrue(try Self.inked(image, figure, panel: 0, at: SIMD2(500, 1e-4 + 0.5 * (0.02 - 1e-4)), Color.palette[0]))
        XCTAssertFalse(try Self.inked(image, figure, panel: 0, at: SIMD2(500, 1e-3), Color.palette[0]), "β_500 is 10 times higher")
        let rootAlphaBar = exp(-0.5 * (1e-4 * 500 + 0.5 * (0.02 - 1e-4) * 500 * 500 / 1000))
        XCTAssertTrue(try Self.inked(image, figure, panel: 1, at: SIMD2(500, rootAlphaBar), Color.palette[0]))
    }

    func testScatterSmallMultiples() throws {
        var rng = Xoshiro256(seed: 7)
        let clean = (0..<4000).map { _ -> SIMD2<Double> in
            let angle = Double.random(in: 0..<(2 * Double.pi), using: &rng)
            return SIMD2(cos(angle), sin(angle)) * 2 + SIMD2(rng.gaussian(), rng.gaussian()) * 0.08
        }
        let panels = [0, 10, 50, 100, 300, 1000].map { t -> Panel in
            let keep = exp(-Double(t) / 250)
            var panel = Panel(title: "t = \(t)")
            panel.equalAspect = true
            panel.showAxes = t == 0
            panel.xRange = -3.5...3.5
            panel.yRange = -3.5...3.5
            panel.scatters = [ScatterLayer(points: clean.map { $0 * keep.squareRoot() + SIMD2(rng.gaussian(), rng.gaussian()) * (1 - keep).squareRoot() })]
            return panel
        }
        var figure = Figure(title: "Forward process on a ring", panels: panels, columns: 3)
        figure.panelWidth = 260
        figure.panelHeight = 260
        let image = try Self.render(figure.pngData(), "scatter-grid.png")
        // At t = 0 the ring of radius 2 is drawn and its centre is empty; at t = 1000 the
        // points are Gaussian around the centre.
        XCTAssertTrue(try Self.inked(image, figure, panel: 0, at: SIMD2(2, 0), Color.palette[0]))
        XCTAssertTrue(try Self.inked(image, figure, panel: 0, at: SIMD2(0, -2), Color.palette[0]))
        XCTAssertTrue(try Self.inked(image, figure, panel: 0, at: SIMD2(0, 0), .white, radius: 5))
        XCTAssertFalse(try Self.inked(image, figure, panel: 0, at: SIMD2(0, 0), Color.palette[0], radius: 5))
        XCTAssertTrue(try Self.inked(image, figure, panel: 5, at: SIMD2(0, 0), Color.palette[0]))
    }

    func testImageGrid() throws {
        let size = 16
        let digit: [Double] = (0..<(size * size)).map { i in
            let (x, y) = (Double(i % size) - 7.5, Double(i / size) - 7.5)
            let r = (x * x + y * y).squareRoot()
            return abs(r - 5) < 1.5 ? 1 : -1
        }
        var rng = Xoshiro256(seed: 3)
        let steps = [0, 50, 200, 1000]
        let tiles = steps.map { t in
            (0..<5).map { shift in
                let keep = exp(-Double(t) / 300)
                return digit.indices.map { i in digit[(i + shift * 2) % digit.count] * keep.squareRoot() + rng.gaussian() * (1 - keep).squareRoot() }
            }
        }
        let grid = ImageGrid(title: "Noising samples", tiles: tiles, tileWidth: size, tileHeight: size,
                             rowLabels: steps.map { "t = \($0)" }, columnLabels: (1...5).map { "sample \($0)" })
        let image = try Self.render(grid.pngData(), "image-grid.png")
        // The first tile is the clean ring digit: black at its centre, white on the ring.
        let origin = ImageGridLayout(grid, measurer: try Canvas(width: 1, height: 1)).tileOrigin(row: 0, column: 0)
        func shade(_ x: Int, _ y: Int) -> UInt8 {
            image.pixel(x: Int(origin.x) + x * grid.scale + 1, y: Int(origin.y) + y * grid.scale + 1).r
        }
        for (x, y) in [(7, 7), (8, 8), (0, 0)] { XCTAssertEqual(shade(x, y), 0, "(\(x), \(y)) is off the ring") }
        for (x, y) in [(13, 8), (8, 13), (2, 8)] { XCTAssertEqual(shade(x, y), 255, "(\(x), \(y)) is on the ring") }
    }

    func testArrowPanel() throws {
        var origins: [SIMD2<Double>] = [], vectors: [SIMD2<Double>] = []
        for i in -4...4 {
            for j in -4...4 {
                let p = SIMD2(Double(i), Double(j)) * 0.5
                origins.append(p)
                vectors.append(-p / (1 + (p * p).sum()))  // score of a Gaussian, softened
            }
        }
        var rng = Xoshiro256(seed: 11)
        var panel = Panel(title: "Score field", xLabel: "x₁", yLabel: "x₂")
        panel.equalAspect = true
        panel.scatters = [ScatterLayer(label: "samples", points: (0..<800).map { _ in SIMD2(rng.gaussian(), rng.gaussian()) * 0.6 })]
        panel.arrows = [ArrowLayer(label: "∇ log p(x)", origins: origins, vectors: vectors, scale: 0.9)]
        let figure = Figure(panels: [panel])
        let image = try Self.render(figure.pngData(), "arrows.png")
        // The arrow from (1.5, 1.5) runs toward the origin: 0.9 · (1.5, 1.5)/5.5 long. Its
        // middle is inked in the arrows' colour (the second of the palette); far out, where no
        // arrow reaches, nothing is.
        XCTAssertTrue(try Self.inked(image, figure, panel: 0, at: SIMD2(1.5, 1.5) * (1 - 0.45 / 5.5), Color.palette[1]))
        XCTAssertFalse(try Self.inked(image, figure, panel: 0, at: SIMD2(1.75, -1.1), Color.palette[1]))
    }
}

/// Awkward data: flat, empty, non-finite, tiny and huge values.
final class EdgeCaseDemo: XCTestCase {
    func testEdgeCases() throws {
        var flat = Panel(title: "Flat line, NaN gap", xLabel: "x", yLabel: "y")
        flat.lines = [LineSeries(label: "flat", xs: [0, 1, 2, 3], ys: [2, 2, 2, 2]),
                      LineSeries(label: "gap", xs: [0, 1, 2, 3, 4], ys: [1, 2.5, .nan, 2.2, 3], style: .dashed),
                      LineSeries(label: "empty", xs: [], ys: [])]
        var tiny = Panel(title: "Tiny values", xLabel: "learning rate", yLabel: "loss")
        tiny.lines = [LineSeries(xs: [0, 1e-6, 2e-6, 3e-6], ys: [3e-5, 1e-5, 2e-5, 4.2e-5])]
        var huge = Panel(title: "Huge values", xLabel: "parameters", yLabel: "time")
        huge.scatters = [ScatterLayer(points: [SIMD2(1e6, 12_000), SIMD2(5e6, 250_000), SIMD2(3e6, 80_000)], radius: 4, alpha: 0.8)]
        var logBoth = Panel(title: "Log–log, zeros skipped", xLabel: "t", yLabel: "error")
        logBoth.xScale = .log
        logBoth.yScale = .log
        let ts = (0...40).map { pow(10, Double($0) / 10) }
        logBoth.lines = [LineSeries(label: "t⁻¹", xs: [0] + ts, ys: [1] + ts.map { 1 / $0 }),
                         LineSeries(label: "t⁻²", xs: ts, ys: ts.map { 1 / ($0 * $0) }, style: .dotted)]
        let figure = Figure(title: "Edge cases", panels: [flat, tiny, huge, logBoth], columns: 2)
        let image = try DemoFigures.render(figure.pngData(), "edge-cases.png")
        // The flat line is drawn; the series with a NaN leaves a gap where it is undefined.
        XCTAssertTrue(try DemoFigures.inked(image, figure, panel: 0, at: SIMD2(1.5, 2), Color.palette[0]))
        XCTAssertTrue(try DemoFigures.inked(image, figure, panel: 0, at: SIMD2(0.5, 1.75), Color.palette[1]))
        XCTAssertFalse(try DemoFigures.inked(image, figure, panel: 0, at: SIMD2(2, 2.35), Color.palette[1], radius: 4))
        // Tiny and huge values land where their axes put them.
        XCTAssertTrue(try DemoFigures.inked(image, figure, panel: 1, at: SIMD2(2e-6, 2e-5), Color.palette[0]))
        XCTAssertTrue(try DemoFigures.inked(image, figure, panel: 2, at: SIMD2(5e6, 250_000), Color.palette[0]))
        // On log–log axes t⁻¹ is a straight line through (10, 0.1).
        XCTAssertTrue(try DemoFigures.inked(image, figure, panel: 3, at: SIMD2(10, 0.1), Color.palette[0]))
    }
}
