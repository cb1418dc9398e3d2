import CCairo
import Foundation

/// Paints data layers (lines, scatter dots, arrows) in pixel space.
struct LayerPainter {
    let layout: PanelLayout
    let canvas: Canvas

    /// Scatters first (they are usually the background cloud), then arrows, then lines on top.
    func paint(_ layers: StyledLayers) {
        for (layer, color) in layers.scatters { paint(layer, color) }
        for (layer, color) in layers.arrows { paint(layer, color) }
        for (layer, color) in layers.lines { paint(layer, color) }
    }

    /// A polyline, broken wherever a point cannot be shown.
    private func paint(_ line: LineSeries, _ color: Color) {
        let cr = canvas.cr
        var penDown = false
        for point in line.points {
            guard let p = layout.pixel(point) else { penDown = false; continue }
            if penDown { cairo_line_to(cr, p.x, p.y) } else { cairo_move_to(cr, p.x, p.y) }
            penDown = true
        }
        LayerPainter.stroke(canvas, color: color, style: line.style, width: line.width)
    }

    /// Strokes the current path in a line style.
    static func stroke(_ canvas: Canvas, color: Color, style: LineStyle, width: Double) {
        let cr = canvas.cr
        canvas.setColor(color)
        cairo_set_line_width(cr, width)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, style == .dotted ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        let dashes: [Double]
        switch style {
        case .solid: dashes = []
        case .dashed: dashes = [3 * width + 2, 2 * width + 1]
        case .dotted: dashes = [0, 2 * width + 1]
        }
        cairo_set_dash(cr, dashes, Int32(dashes.count), 0)
        cairo_stroke(cr)
        cairo_set_dash(cr, nil, 0, 0)
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
    }

    /// Each point as its own translucent dot, so overlaps blend darker.
    private func paint(_ scatter: ScatterLayer, _ color: Color) {
        let cr = canvas.cr
        canvas.setColor(color.withAlpha(color.a * scatter.alpha))
        for point in scatter.points {
            guard let p = layout.pixel(point) else { continue }
            cairo_new_sub_path(cr)
            cairo_arc(cr, p.x, p.y, scatter.radius, 0, 2 * Double.pi)
            cairo_fill(cr)
        }
    }

    /// One arrow per origin, with a filled head scaled to the arrow's length.
    private func paint(_ arrows: ArrowLayer, _ color: Color) {
        for segment in arrows.segments {
            guard let tail = layout.pixel(segment.tail), let tip = layout.pixel(segment.tip) else { continue }
            LayerPainter.arrow(canvas, from: tail, to: tip, color: color)
        }
    }

    /// An arrow in pixel space; a dot if it is shorter than a pixel.
    static func arrow(_ canvas: Canvas, from tail: SIMD2<Double>, to tip: SIMD2<Double>, color: Color, width: Double = 1.5) {
        let cr = canvas.cr
        canvas.setColor(color)
        let delta = tip - tail
        let length = (delta * delta).sum().squareRoot()
        guard length >= 1 else {
            cairo_new_sub_path(cr)
            cairo_arc(cr, tail.x, tail.y, width, 0, 2 * Double.pi)
            cairo_fill(cr)
            return
        }
        let direction = delta / length
        let normal = SIMD2(-direction.y, direction.x)
        let head = min(9, 0.4 * length)
        let base = tip - direction * head
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, tail.x, tail.y)
        cairo_line_to(cr, base.x, base.y)
        cairo_stroke(cr)
        let left = base + normal * head * 0.45, right = base - normal * head * 0.45
        cairo_move_to(cr, tip.x, tip.y)
        cairo_line_to(cr, left.x, left.y)
        cairo_line_to(cr, right.x, right.y)
        cairo_close_path(cr)
        cairo_fill(cr)
    }
}
