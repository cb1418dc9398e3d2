import CZlib

/// gzip files (RFC 1952) through zlib. A file is one or more members (`cat a.gz b.gz` makes
/// two), each a header, a DEFLATE stream (RFC 1951) and a trailer with the CRC-32 and the
/// length of its data; zlib checks both.
public enum Gzip {
    /// RFC 1952 §2.3.1: ID1 ID2.
    public static let magic: [UInt8] = [0x1F, 0x8B]

    /// Whether `bytes` starts with the gzip magic number.
    public static func isGzip<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.starts(with: magic)
    }

    /// The data of every member of `bytes`, concatenated. DEFLATE expands at most 1032-fold
    /// (zlib's "maximum compression factor"), so the output, and the memory it takes, is
    /// bounded by the input's length whatever the headers claim. Throws `GzipError`.
    public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard isGzip(bytes) else { throw GzipError.notGzip }
        var stream = z_stream()
        guard czlib_inflate_init_gzip(&stream) == Z_OK else { throw GzipError.outOfMemory }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try bytes.withUnsafeBufferPointer { input in
            var fed = 0  // bytes handed to zlib so far; zlib takes at most 2³² − 1 at a time
            while true {
                if stream.avail_in == 0, fed < input.count {
                    let piece = min(input.count - fed, 1 << 30)
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + fed)
                    stream.avail_in = uInt(piece)
                    fed += piece
                }
                let status = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
                let unread = input.count - fed + Int(stream.avail_in)
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END where unread == 0:
                    return
                case Z_STREAM_END:
                    // Another member must follow (RFC 1952 §2.2); zlib keeps its place in the input.
                    guard input[(input.count - unread)...].starts(with: magic) else { throw GzipError.trailingData(unread) }
                    inflateReset(&stream)
                case Z_BUF_ERROR:
                    // Output space was free, so zlib is waiting for input that does not come.
                    throw GzipError.truncated
                case Z_MEM_ERROR:
                    throw GzipError.outOfMemory
                default:
                    throw GzipError.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib status \(status)")
                }
            }
        }
        return output
    }

    /// `bytes` as one gzip member at zlib's `level` (1 fastest … 9 smallest), for tests and
    /// tools that make `.gz` files.
    public static func compress(_ bytes: [UInt8], level: Int32 = 9) -> [UInt8] {
        precondition(bytes.count < 1 << 30, "Gzip.compress takes less than 1 GiB at a time.")
        var stream = z_stream()
        precondition(czlib_deflate_init_gzip(&stream, level) == Z_OK, "zlib could not start a gzip stream.")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        precondition(status == Z_STREAM_END, "zlib's deflateBound left too little room.")
        return Array(output.prefix(Int(stream.total_out)))
    }
}
