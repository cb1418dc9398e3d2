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
        showText(text)
        cairo_restore(cr)
    }

    /// Shows `text` at the current point. Cairo's simple text API places no combining marks
    /// (the tilde of β̃, the hat of x̂), so each mark is drawn centred over its base letter,
    /// raised when the letter is taller than an x.
    private func showText(_ text: String) {
        func isCombining(_ scalar: Unicode.Scalar) -> Bool { (0x0300...0x036F).contains(scalar.value) }
        guard text.unicodeScalars.contains(where: isCombining) else {
            cairo_show_text(cr, text)
            return
        }
        var xExtents = cairo_text_extents_t()
        cairo_text_extents(cr, "x", &xExtents)
        for character in text {
            let base = String(String.UnicodeScalarView(character.unicodeScalars.filter { !isCombining($0) }))
            var x = 0.0, y = 0.0
            cairo_get_current_point(cr, &x, &y)
            var baseExtents = cairo_text_extents_t()
            cairo_text_extents(cr, base, &baseExtents)
            let raise = min(0, baseExtents.y_bearing - xExtents.y_bearing)
            for mark in character.unicodeScalars where isCombining(mark) {
                let glyph = String(mark)
                var markExtents = cairo_text_extents_t()
                cairo_text_extents(cr, glyph, &markExtents)
                let centre = x + baseExtents.x_bearing + baseExtents.width / 2
                cairo_move_to(cr, centre - markExtents.x_bearing - markExtents.width / 2, y + raise)
                cairo_show_text(cr, glyph)
            }
            cairo_move_to(cr, x, y)
            cairo_show_text(cr, base)
        }
    }
}
