import CCairo

/// A typeface the digits are drawn in, named for Cairo's toy font API
/// (`cairo_toy_font_face_create`), which asks fontconfig (or the system on macOS) for the
/// closest installed match. The DejaVu and Liberation families come with most Linux
/// systems; where one is missing, a similar default face stands in.
struct Typeface: Sendable {
    let family: String
    let italic: Bool
    let bold: Bool
    /// A slant added to the outline (see `GlyphOutline.init`), for faces without an oblique style.
    let shear: Double
    /// Width of the round pen the glyph is traced with, as a fraction of the digit's larger
    /// side: thin faces get a broad pen, so strokes look like MNIST's pen lines rather than
    /// type; a negative width thins heavy faces.
    let pen: ClosedRange<Double>

    init(family: String, italic: Bool, bold: Bool, pen: ClosedRange<Double>, shear: Double = 0) {
        (self.family, self.italic, self.bold, self.pen, self.shear) = (family, italic, bold, pen, shear)
    }

    /// A Cairo font face for this typeface; the caller destroys it.
    func makeFontFace() -> OpaquePointer {
        cairo_toy_font_face_create(family, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                                   bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)!
    }

    /// The faces `DigitImages` draws from, in equal shares.
    static let all: [Typeface] = [
        Typeface(family: "DejaVu Sans Light", italic: false, bold: false, pen: 0.10...0.16),
        Typeface(family: "DejaVu Sans Light", italic: false, bold: false, pen: 0.10...0.16, shear: 0.2),
        Typeface(family: "DejaVu Sans", italic: false, bold: false, pen: 0.03...0.09),
        Typeface(family: "DejaVu Sans", italic: true, bold: false, pen: 0.03...0.09),
        Typeface(family: "DejaVu Sans", italic: false, bold: true, pen: -0.03...0.03),
        Typeface(family: "DejaVu Sans Condensed", italic: false, bold: false, pen: 0.03...0.09),
        Typeface(family: "DejaVu Sans Condensed", italic: true, bold: true, pen: -0.03...0.03),
        Typeface(family: "DejaVu Sans Mono", italic: false, bold: false, pen: 0.03...0.09),
        Typeface(family: "DejaVu Serif", italic: false, bold: false, pen: 0.05...0.11),
        Typeface(family: "DejaVu Serif", italic: true, bold: true, pen: -0.03...0.02),
        Typeface(family: "DejaVu Serif Condensed", italic: false, bold: false, pen: 0.05...0.11),
        Typeface(family: "Liberation Sans", italic: false, bold: false, pen: 0.03...0.09),
        Typeface(family: "Liberation Sans Narrow", italic: true, bold: false, pen: 0.03...0.09),
        Typeface(family: "Liberation Serif", italic: true, bold: false, pen: 0.05...0.11),
    ]
}
