import FileSupport
import Foundation
import XCTest
@testable import Plot
import Diffusion

/// Sample figures of every kind. Each test renders and reads its PNG back; with the
/// environment variable PLOT_DEMO_DIR set, it also writes the PNG there for a person to look at.
final class DemoFigures: XCTestCase {
    private func save(_ bytes: [UInt8], _ name: String) throws {
        let image = try RasterImage(pngData: bytes)
        XCTAssertGreaterThan(image.width, 100)
        guard let folder = ProcessInfo.processInfo.environment["PLOT_DEMO_DIR"] else { return }
        let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: url)
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
        try save(Figure(title: "Lesson 01 · Schedules", panels: [panel, linear]).pngData(), "lines.png")
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
        try save(figure.pngData(), "scatter-grid.png")
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
        try save(grid.pngData(), "image-grid.png")
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
        try save(Figure(panels: [panel]).pngData(), "arrows.png")
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
        let bytes = try Figure(title: "Edge cases", panels: [flat, tiny, huge, logBoth], columns: 2).pngData()
        XCTAssertEqual(try RasterImage(pngData: bytes).width, 960)
        if let folder = ProcessInfo.processInfo.environment["PLOT_DEMO_DIR"] {
            try AtomicFile.write(bytes, to: URL(fileURLWithPath: folder).appendingPathComponent("edge-cases.png"))
        }
    }
}
