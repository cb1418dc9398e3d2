import CCairo

/// A typeface the digits are drawn in, named for Cairo's toy font API
/// (`cairo_toy_font_face_create`), which asks fontconfig (or the system on macOS) for the
/// closest installed match. The DejaVu and Liberation families come with most Linux
/// systems; where one is missing, a similar default face stands in.
struct Typeface: Sendable {
    let family: String
    let italic: Bool
    let bold: Bool
    /// Extra pen width stroked around the glyph, as a fraction of the digit's height: thin
    /// faces get a broad pen, so strokes look like MNIST's pen lines rather than type.
    let pen: ClosedRange<Double>

    /// A Cairo font face for this typeface; the caller destroys it.
    func makeFontFace() -> OpaquePointer {
        cairo_toy_font_face_create(family, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                                   bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)!
    }

    /// The faces `DigitImages` draws from, light to heavy.
    static let all: [Typeface] = [
        Typeface(family: "DejaVu Sans Light", italic: false, bold: false, pen: 0.10...0.16),
        Typeface(family: "DejaVu Sans Light", italic: true, bold: false, pen: 0.10...0.16),
        Typeface(family: "DejaVu Sans", italic: false, bold: false, pen: 0.02...0.08),
        Typeface(family: "DejaVu Sans", italic: true, bold: false, pen: 0.02...0.08),
        Typeface(family: "DejaVu Sans", italic: false, bold: true, pen: 0.0...0.03),
        Typeface(family: "DejaVu Sans Condensed", italic: false, bold: false, pen: 0.02...0.08),
        Typeface(family: "DejaVu Sans Condensed", italic: true, bold: true, pen: 0.0...0.03),
        Typeface(family: "DejaVu Sans Mono", italic: false, bold: false, pen: 0.02...0.08),
        Typeface(family: "DejaVu Serif", italic: false, bold: false, pen: 0.04...0.10),
        Typeface(family: "DejaVu Serif", italic: true, bold: true, pen: 0.0...0.03),
        Typeface(family: "DejaVu Serif Condensed", italic: false, bold: false, pen: 0.04...0.10),
        Typeface(family: "Liberation Sans", italic: false, bold: false, pen: 0.02...0.08),
        Typeface(family: "Liberation Sans Narrow", italic: true, bold: false, pen: 0.02...0.08),
        Typeface(family: "Liberation Serif", italic: true, bold: false, pen: 0.04...0.10),
    ]
}
