import CCairo
import Foundation

/// Small grayscale pictures drawn with Cairo, so lessons need no downloads. Pixels are
/// row-major, scaled to [−1, 1] (−1 black, 1 white) as diffusion models expect.
public enum Picture {
    /// A smiling face, white strokes on black, `size` × `size` pixels.
    public static func smiley(size: Int) -> [Double] {
        render(size: size) { cr, s in
            cairo_set_line_width(cr, 0.09 * s)
            cairo_arc(cr, 0.5 * s, 0.5 * s, 0.38 * s, 0, 2 * Double.pi)
            cairo_stroke(cr)
            for x in [0.36, 0.64] {
                cairo_arc(cr, x * s, 0.4 * s, 0.07 * s, 0, 2 * Double.pi)
                cairo_fill(cr)
            }
            cairo_arc(cr, 0.5 * s, 0.52 * s, 0.2 * s, 0.15 * Double.pi, 0.85 * Double.pi)
            cairo_stroke(cr)
        }
    }

    /// Renders `draw` (white on black, coordinates in pixels, given the side length) into a
    /// `size` × `size` picture.
    public static func render(size: Int, draw: (OpaquePointer, Double) -> Void) -> [Double] {
        precondition(size > 0, "A picture needs a positive size.")
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(size), Int32(size))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_paint(cr)
        cairo_set_source_rgb(cr, 1, 1, 1)
        draw(cr, Double(size))
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        var pixels = [Double](repeating: -1, count: size * size)
        for y in 0..<size {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<size {
                let green = Double((row[x] >> 8) & 0xFF) / 255   // gray: r = g = b
                pixels[y * size + x] = 2 * green - 1
            }
        }
        return pixels
    }
}
