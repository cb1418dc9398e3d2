import CCairo
import Foundation

/// A box of colour swatches and labels inside the plot area, in the corner where it hides
/// the fewest data points.
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

    /// Draws the legend in the corner of `plot` that covers the fewest of `data` (pixel
    /// positions of the drawn points), preferring top-right, then top-left, bottom-right,
    /// bottom-left on ties.
    func draw(in plot: Rect, avoiding data: [SIMD2<Double>], on canvas: Canvas) {
        let text = canvas.measure("Xg", .legend)
        let rowHeight = max(text.height, 10) + 3
        let labelWidth = canvas.maxWidth(entries.map(\.label), .legend)
        let pad = Legend.padding
        let width = (pad * 3 + Legend.swatchWidth + labelWidth).rounded(.up)
        let height = (pad * 2 + rowHeight * Double(entries.count)).rounded(.up)
        let left = plot.minX + Legend.inset, right = plot.maxX - Legend.inset - width
        let top = plot.minY + Legend.inset, bottom = plot.maxY - Legend.inset - height
        let corners = [SIMD2(right, top), SIMD2(left, top), SIMD2(right, bottom), SIMD2(left, bottom)]
        func covered(_ corner: SIMD2<Double>) -> Int {
            data.reduce(0) { count, p in
                count + (p.x >= corner.x && p.x <= corner.x + width && p.y >= corner.y && p.y <= corner.y + height ? 1 : 0)
            }
        }
        let best = corners.min { covered($0) < covered($1) } ?? corners[0]
        let box = Rect(x: best.x, y: best.y, width: width, height: height)
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
