import CCairo

/// A digit ready to draw: its outline's measurements and its distance field.
struct Glyph: Sendable {
    let outline: GlyphOutline
    let field: DistanceField
}

/// The digits 0–9 in every `Typeface`, read from the fonts and turned into distance fields
/// once per process (font lookup and the distance transform are the slow part) and shared
/// by every generator.
struct GlyphLibrary: Sendable {
    /// `glyphs[typeface][digit]`.
    let glyphs: [[Glyph]]

    static let shared = GlyphLibrary(typefaces: Typeface.all)

    /// Texels across a glyph's larger side: a texel is ~0.2 pixel in a 16 × 16 image and
    /// ~0.4 in a 28 × 28 one, where bilinear sampling of the smooth field still gives clean
    /// edges (80 texels looked the same and took 60 % longer to build).
    static let fieldTexels = 56
    /// Border around each field, as a fraction of the glyph's larger side: more than the
    /// largest pen radius (0.08) plus half a pixel, so even the broadest stroke's edge lies
    /// inside the field.
    static let fieldMargin = 0.15

    init(typefaces: [Typeface]) {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
        let cr = cairo_create(surface)!
        defer {
            cairo_destroy(cr)
            cairo_surface_destroy(surface)
        }
        // Unhinted outlines, so a glyph's shape does not depend on the machine's font settings.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_set_font_options(cr, options)
        cairo_font_options_destroy(options)
        glyphs = typefaces.map { typeface in
            let face = typeface.makeFontFace()
            defer { cairo_font_face_destroy(face) }
            return (0...9).map { digit in
                let outline = GlyphOutline(String(digit), face: face, shear: typeface.shear, cr: cr)
                return Glyph(outline: outline, field: DistanceField(outline, texels: Self.fieldTexels,
                                                                    margin: Self.fieldMargin * outline.extent))
            }
        }
    }
}
