import CCairo
import Foundation

/// A box of colour swatches and labels, top-right inside the plot area.
struct Legend {
    /// What a legend entry's swatch shows.
    enum Swatch {
        case line(Color, LineStyle)
        case dot(Color)
        case arrow(Color)
    }

    struct Entry {
        var label: String
        var swatch: Swatch
    }

    let entries: [Entry]

    static let swatchWidth = 24.0
    static let padding = 6.0
    static let inset = 8.0

    /// Draws the legend in the top-right corner of `plot`.
    func draw(in plot: Rect, on canvas: Canvas) {
        let text = canvas.measure("Xg", .legend)
        let rowHeight = max(text.height, 10) + 3
        let labelWidth = canvas.maxWidth(entries.map(\.label), .legend)
        let pad = Legend.padding
        let box = Rect(x: plot.maxX - Legend.inset - (pad * 3 + Legend.swatchWidth + labelWidth).rounded(.up),
                       y: plot.minY + Legend.inset,
                       width: (pad * 3 + Legend.swatchWidth + labelWidth).rounded(.up),
                       height: (pad * 2 + rowHeight * Double(entries.count)).rounded(.up))
        canvas.fill(box, Color.white.withAlpha(0.85))
        canvas.frame(box, color: Color(0.75, 0.75, 0.75))
        for (index, entry) in entries.enumerated() {
            let middle = box.minY + pad + rowHeight * (Double(index) + 0.5)
            let left = box.minX + pad
            drawSwatch(entry.swatch, from: left, to: left + Legend.swatchWidth, at: middle, on: canvas)
            canvas.draw(entry.label, at: SIMD2(left + Legend.swatchWidth + pad, middle), .legend,
                        horizontal: .left, vertical: .middle)
        }
    }

    private func drawSwatch(_ swatch: Swatch, from left: Double, to right: Double, at y: Double, on canvas: Canvas) {
        let cr = canvas.cr
        switch swatch {
        case let .line(color, style):
            cairo_move_to(cr, left, y)
            cairo_line_to(cr, right, y)
            LayerPainter.stroke(canvas, color: color, style: style, width: 2.5)
        case let .dot(color):
            canvas.setColor(color.withAlpha(min(1, color.a * 0.8)))
            for dx in [0.25, 0.5, 0.75] {
                cairo_new_sub_path(cr)
                cairo_arc(cr, left + (right - left) * dx, y, 3, 0, 2 * Double.pi)
                cairo_fill(cr)
            }
        case let .arrow(color):
            LayerPainter.arrow(canvas, from: SIMD2(left, y), to: SIMD2(right, y), color: color)
        }
    }
}
