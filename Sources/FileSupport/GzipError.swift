/// Why gzip data cannot be decompressed, as a short clause for a one-line message, e.g.
/// "the compressed data ends early" or "incorrect data check" (zlib's word for a CRC mismatch).
public enum GzipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes do not start with the gzip magic number 1f 8b.
    case notGzip
    /// The input ends inside a member.
    case truncated
    /// zlib refused the data; its message says why (bad header, block, CRC or length).
    case corrupt(String)
    /// Bytes after the last member that do not start another member.
    case trailingData(Int)
    /// zlib could not allocate its state.
    case outOfMemory

    public var description: String {
        switch self {
        case .notGzip: "no gzip magic number 1f 8b"
        case .truncated: "the compressed data ends early"
        case .corrupt(let reason): reason
        case .trailingData(let count): "\(count) bytes after the last member that are not gzip"
        case .outOfMemory: "zlib ran out of memory"
        }
    }
}
