import CCairo
import Foundation

/// An opaque white RGB24 Cairo image with antialiasing: the page every figure is drawn on.
final class Canvas {
    let width: Int
    let height: Int
    let surface: OpaquePointer
    let cr: OpaquePointer

    /// A white page of `width × height` pixels.
    init(width: Int, height: Int) throws {
        guard (1...32_000).contains(width), (1...32_000).contains(height) else {
            throw PlotError.invalidInput("image size \(width)×\(height) is outside 1…32000 pixels")
        }
        self.width = width
        self.height = height
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))
        cr = cairo_create(surface)
        try check()
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
        fill(Rect(x: 0, y: 0, width: Double(width), height: Double(height)), Color.white)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Throws if Cairo has entered an error state.
    func check() throws {
        for status in [cairo_surface_status(surface), cairo_status(cr)] where status != CAIRO_STATUS_SUCCESS {
            throw PlotError.cairo(String(cString: cairo_status_to_string(status)))
        }
    }

    func setColor(_ color: Color) {
        cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a)
    }

    func fill(_ rect: Rect, _ color: Color) {
        setColor(color)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(cr)
    }

    /// A straight 1-pixel-crisp (when `crisp`) line.
    func line(from a: SIMD2<Double>, to b: SIMD2<Double>, color: Color, width: Double = 1, crisp: Bool = true) {
        let snap = { (v: Double) in crisp ? v.rounded(.down) + 0.5 : v }
        let (p, q) = a.x == b.x ? (SIMD2(snap(a.x), a.y), SIMD2(snap(b.x), b.y)) : (SIMD2(a.x, snap(a.y)), SIMD2(b.x, snap(b.y)))
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, nil, 0, 0)
        cairo_move_to(cr, p.x, p.y)
        cairo_line_to(cr, q.x, q.y)
        cairo_stroke(cr)
    }

    /// Strokes a rectangle's outline on pixel centres.
    func frame(_ rect: Rect, color: Color, width: Double = 1) {
        setColor(color)
        cairo_set_line_width(cr, width)
        cairo_set_dash(cr, nil, 0, 0)
        cairo_rectangle(cr, rect.x.rounded(.down) + 0.5, rect.y.rounded(.down) + 0.5,
                        rect.width.rounded(), rect.height.rounded())
        cairo_stroke(cr)
    }

    /// Runs `body` with drawing clipped to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void) {
        cairo_save(cr)
        cairo_rectangle(cr, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(cr)
        body()
        cairo_restore(cr)
    }

    /// The page encoded as PNG.
    func pngData() throws -> [UInt8] {
        cairo_surface_flush(surface)
        try check()
        return try PNGCodec.encode(surface)
    }
}

/// An axis-aligned rectangle in pixels.
struct Rect: Equatable {
    var x, y, width, height: Double
    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// The rectangle shrunk by the given margins.
    func inset(left: Double, top: Double, right: Double, bottom: Double) -> Rect {
        Rect(x: x + left, y: y + top, width: max(width - left - right, 1), height: max(height - top - bottom, 1))
    }
}
