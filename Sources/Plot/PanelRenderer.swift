import CCairo
import Foundation

/// Draws one panel: grid, frame, ticks and labels, then the data layers and a legend.
struct PanelRenderer {
    let panel: Panel
    let layout: PanelLayout
    let canvas: Canvas

    static let gridColor = Color(0.88, 0.88, 0.88)
    static let minorGridColor = Color(0.95, 0.95, 0.95)
    static let frameColor = Color(0.25, 0.25, 0.25)
    static let textColor = Color(0.1, 0.1, 0.1)

    func draw() {
        let layers = StyledLayers(panel)
        if panel.showAxes { drawGrid() }
        canvas.clipped(to: layout.plot) {
            LayerPainter(layout: layout, canvas: canvas).paint(layers)
        }
        canvas.frame(layout.plot, color: PanelRenderer.frameColor)
        if panel.showAxes { drawTicks() }
        drawLabels()
        if panel.showLegend, layers.legendEntries.count > 1 {
            Legend(entries: layers.legendEntries).draw(in: layout.plot, avoiding: dataPixels(), on: canvas)
        }
    }

    /// Where the panel's data lands, in pixels: the legend keeps clear of it. Long series are
    /// thinned to about 400 points each.
    private func dataPixels() -> [SIMD2<Double>] {
        func thinned(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
            let stride = max(1, points.count / 400)
            return Swift.stride(from: 0, to: points.count, by: stride).map { points[$0] }
        }
        let lines = panel.lines.flatMap { line in thinned(zip(line.xs, line.ys).map { SIMD2($0, $1) }) }
        let scatters = panel.scatters.flatMap { thinned($0.points) }
        let arrows = panel.arrows.flatMap { thinned($0.origins) }
        return (lines + scatters + arrows).compactMap(layout.pixel)
    }

    /// Minor (log) and major gridlines.
    private func drawGrid() {
        let plot = layout.plot
        let minorX = panel.xScale == .log ? Ticks.logMinor(layout.x.lo, layout.x.hi) : []
        let minorY = panel.yScale == .log ? Ticks.logMinor(layout.y.lo, layout.y.hi) : []
        for (values, color) in [(minorX, PanelRenderer.minorGridColor), (layout.x.ticks, PanelRenderer.gridColor)] {
            for px in values.compactMap(layout.x.pixel) {
                canvas.line(from: SIMD2(px, plot.minY), to: SIMD2(px, plot.maxY), color: color)
            }
        }
        for (values, color) in [(minorY, PanelRenderer.minorGridColor), (layout.y.ticks, PanelRenderer.gridColor)] {
            for py in values.compactMap(layout.y.pixel) {
                canvas.line(from: SIMD2(plot.minX, py), to: SIMD2(plot.maxX, py), color: color)
            }
        }
    }

    /// Tick marks outside the frame, with their labels.
    private func drawTicks() {
        let plot = layout.plot
        let length = PanelLayout.tickLength, gap = PanelLayout.tickGap
        for (value, label) in zip(layout.x.ticks, layout.x.labels) {
            guard let px = layout.x.pixel(value) else { continue }
            canvas.line(from: SIMD2(px, plot.maxY), to: SIMD2(px, plot.maxY + length), color: PanelRenderer.frameColor)
            canvas.draw(label, at: SIMD2(px, plot.maxY + length + gap), .tick, color: PanelRenderer.textColor,
                        horizontal: .center, vertical: .top)
        }
        for (value, label) in zip(layout.y.ticks, layout.y.labels) {
            guard let py = layout.y.pixel(value) else { continue }
            canvas.line(from: SIMD2(plot.minX - length, py), to: SIMD2(plot.minX, py), color: PanelRenderer.frameColor)
            canvas.draw(label, at: SIMD2(plot.minX - length - gap, py), .tick, color: PanelRenderer.textColor,
                        horizontal: .right, vertical: .middle)
        }
    }

    /// Title above the plot, x label below, y label rotated on the left.
    private func drawLabels() {
        let plot = layout.plot, cell = layout.cell, pad = PanelLayout.padding
        if let title = panel.title {
            let width = canvas.measure(title, .title).width
            let centre = min(max(plot.midX, cell.minX + pad + width / 2), cell.maxX - pad - width / 2)
            canvas.draw(title, at: SIMD2(centre, cell.minY + pad), .title, horizontal: .center, vertical: .top)
        }
        guard panel.showAxes else { return }
        if let label = panel.xLabel {
            canvas.draw(label, at: SIMD2(plot.midX, cell.maxY - pad), .axisLabel, color: PanelRenderer.textColor,
                        horizontal: .center, vertical: .bottom)
        }
        if let label = panel.yLabel {
            canvas.draw(label, at: SIMD2(cell.minX + pad, plot.midY), .axisLabel, color: PanelRenderer.textColor,
                        horizontal: .center, vertical: .top, rotated: true)
        }
    }
}
