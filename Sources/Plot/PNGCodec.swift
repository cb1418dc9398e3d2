import CCairo
import FileSupport
import Foundation

/// Collects bytes from Cairo's PNG writer.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// Feeds bytes to Cairo's PNG reader.
private final class ByteSource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

/// PNG encoding and decoding of Cairo image surfaces, entirely in memory.
enum PNGCodec {
    /// The surface as PNG bytes.
    static func encode(_ surface: OpaquePointer) throws -> [UInt8] {
        let sink = ByteSink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PlotError.cairo(String(cString: cairo_status_to_string(status)))
        }
        return sink.bytes
    }

    /// A new image surface decoded from PNG bytes; the caller destroys it. The header's
    /// size is checked against the image data first, so no header makes Cairo allocate
    /// more than the file can fill.
    static func decode(_ bytes: [UInt8]) throws -> OpaquePointer {
        try checkSize(PNGChunk.parse(bytes))
        let source = ByteSource(bytes)
        let surface = withExtendedLifetime(source) {
            cairo_image_surface_create_from_png_stream({ closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                let source = Unmanaged<ByteSource>.fromOpaque(closure).takeUnretainedValue()
                let count = Int(length)
                guard source.offset + count <= source.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                source.bytes.withUnsafeBufferPointer { buffer in
                    data.update(from: buffer.baseAddress! + source.offset, count: count)
                }
                source.offset += count
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(source).toOpaque())
        }
        guard let surface else { throw PlotError.invalidPNG("cairo returned no surface") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw PlotError.invalidPNG(String(cString: cairo_status_to_string(status)))
        }
        return surface
    }

    /// Throws unless IHDR (PNG spec §11.2.2) comes first and its width × height pixels fit
    /// in the IDAT chunks: each pixel takes at least one bit of the inflated data, and
    /// DEFLATE expands at most 1032-fold (zlib's maximum compression factor).
    private static func checkSize(_ chunks: [PNGChunk]) throws {
        guard let header = chunks.first, header.type == "IHDR", header.data.count == 13 else {
            throw PlotError.invalidPNG("the first chunk is not a 13-byte IHDR")
        }
        var reader = ByteReader(header.data)
        let width = Int(reader.read(UInt32.self, .bigEndian)!), height = Int(reader.read(UInt32.self, .bigEndian)!)
        let compressed = chunks.filter { $0.type == "IDAT" }.reduce(0) { $0 + $1.data.count }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)  // each below 2³²
        guard !overflow, pixels <= 8 * 1032 * compressed else {
            throw PlotError.invalidPNG("IHDR declares \(width)×\(height) pixels, more than \(compressed) bytes of image data can hold")
        }
    }
}
