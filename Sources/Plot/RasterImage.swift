import CCairo
import Foundation

/// A decoded PNG, for tests and for checking output pixel by pixel.
public struct RasterImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major 0xAARRGGBB pixels, not premultiplied.
    private let pixels: [UInt32]

    /// Reads the PNG file at `url` (for an APNG, its first frame).
    public init(pngAt url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PlotError.cannotRead(path: url.path, reason: (error as NSError).localizedFailureReason ?? "\(error)")
        }
        try self.init(pngData: [UInt8](data))
    }

    /// Decodes PNG bytes (for an APNG, its first frame).
    public init(pngData: [UInt8]) throws {
        let surface = try PNGCodec.decode(pngData)
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        width = Int(cairo_image_surface_get_width(surface))
        height = Int(cairo_image_surface_get_height(surface))
        let stride = Int(cairo_image_surface_get_stride(surface))
        let opaque = cairo_image_surface_get_format(surface) == CAIRO_FORMAT_RGB24
        guard let base = cairo_image_surface_get_data(surface) else { throw PlotError.invalidPNG("no pixel data") }
        var pixels = [UInt32]()
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(base + y * stride)
            for x in 0..<width {
                let value = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                pixels.append(opaque ? value | 0xFF00_0000 : RasterImage.unpremultiplied(value))
            }
        }
        self.pixels = pixels
    }

    /// The colour at column `x`, row `y` (0,0 is top-left).
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)×\(height)")
        let value = pixels[y * width + x]
        return (UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
    }

    /// Cairo's premultiplied ARGB32 converted to straight alpha.
    private static func unpremultiplied(_ value: UInt32) -> UInt32 {
        let a = (value >> 24) & 0xFF
        guard a > 0, a < 255 else { return value }
        let channel = { (shift: UInt32) in min(255, (((value >> shift) & 0xFF) * 255 + a / 2) / a) << shift }
        return (a << 24) | channel(16) | channel(8) | channel(0)
    }
}
