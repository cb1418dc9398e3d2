import CCairo
import Foundation

/// A text style: size in pixels and weight.
struct Font {
    var size: Double
    var bold = false

    static let figureTitle = Font(size: 18, bold: true)
    static let title = Font(size: 16, bold: true)
    static let axisLabel = Font(size: 13)
    static let tick = Font(size: 11)
    static let legend = Font(size: 11)
}

/// Where a text's anchor point sits relative to the text.
enum HorizontalAnchor { case left, center, right }
enum VerticalAnchor { case top, middle, baseline, bottom }

/// The measured size of a line of text: ink width, and the font's ascent and descent.
struct TextSize {
    var width: Double
    var ascent: Double
    var descent: Double
    var height: Double { ascent + descent }
}

extension Canvas {
    /// Selects DejaVu Sans (falling back to the system sans-serif) at `font`.
    func use(_ font: Font) {
        let weight = font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, weight)
        if cairo_status(cr) != CAIRO_STATUS_SUCCESS {
            cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, weight)
        }
        cairo_set_font_size(cr, font.size)
    }

    /// The size `text` takes in `font`.
    func measure(_ text: String, _ font: Font) -> TextSize {
        use(font)
        var extents = cairo_text_extents_t()
        var fontExtents = cairo_font_extents_t()
        cairo_text_extents(cr, text, &extents)
        cairo_font_extents(cr, &fontExtents)
        return TextSize(width: max(extents.x_advance, extents.x_bearing + extents.width),
                        ascent: fontExtents.ascent, descent: fontExtents.descent)
    }

    /// The widest of `texts` in `font` (0 for none).
    func maxWidth(_ texts: [String], _ font: Font) -> Double {
        texts.map { measure($0, font).width }.max() ?? 0
    }

    /// Draws `text` with its anchor at `point`; `rotated` turns it 90° anticlockwise (for y labels),
    /// in which case the anchors refer to the text's own reading direction.
    func draw(_ text: String, at point: SIMD2<Double>, _ font: Font, color: Color = .black,
              horizontal: HorizontalAnchor = .left, vertical: VerticalAnchor = .baseline, rotated: Bool = false) {
        let size = measure(text, font)
        let dx: Double
        switch horizontal {
        case .left: dx = 0
        case .center: dx = -size.width / 2
        case .right: dx = -size.width
        }
        let dy: Double
        switch vertical {
        case .top: dy = size.ascent
        case .middle: dy = (size.ascent - size.descent) / 2
        case .baseline: dy = 0
        case .bottom: dy = -size.descent
        }
        cairo_save(cr)
        cairo_translate(cr, point.x, point.y)
        if rotated { cairo_rotate(cr, -Double.pi / 2) }
        setColor(color)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, text)
        cairo_restore(cr)
    }
}
