/// Why a gzip member (RFC 1952) or the DEFLATE stream inside it (RFC 1951) cannot be
/// decompressed. Each description is one short clause, e.g. "bad CRC: stored 0x…, computed 0x…".
public enum DecompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ends inside a header, a block or a trailer.
    case truncated
    /// BTYPE = 11, which RFC 1951 §3.2.3 reserves.
    case invalidBlockType
    /// A stored block whose LEN is not the ones' complement of NLEN (RFC 1951 §3.2.4).
    case storedLengthMismatch
    /// Code lengths that do not form a prefix code, or lack the end-of-block code.
    case invalidCodeLengths(String)
    /// Bits that match no code of the current Huffman table.
    case invalidCode
    /// A length symbol 286–287 or a distance symbol 30–31 (RFC 1951 §3.2.6).
    case invalidSymbol(Int)
    /// A back-reference to before the start of the output.
    case distanceTooFar(distance: Int, available: Int)
    /// The input does not start with the gzip magic number 1f 8b.
    case notGzip
    /// A compression method other than 8 (deflate).
    case unsupportedMethod(UInt8)
    /// Flag bits that RFC 1952 §2.3.1 reserves are set.
    case reservedFlags(UInt8)
    /// The optional header CRC16 (FHCRC) does not match.
    case badHeaderCRC
    /// The CRC-32 in the trailer does not match the decompressed data.
    case badCRC(stored: UInt32, computed: UInt32)
    /// ISIZE in the trailer does not match the decompressed length (mod 2³²).
    case badLength(stored: UInt32, computed: UInt32)
    /// Bytes after the last member that do not start another member.
    case trailingData(Int)

    public var description: String {
        switch self {
        case .truncated: "the compressed data ends early"
        case .invalidBlockType: "invalid deflate block type 3"
        case .storedLengthMismatch: "stored block length does not match its complement"
        case .invalidCodeLengths(let reason): "invalid Huffman code lengths: \(reason)"
        case .invalidCode: "invalid Huffman code"
        case .invalidSymbol(let symbol): "invalid length or distance symbol \(symbol)"
        case .distanceTooFar(let distance, let available):
            "back-reference \(distance) bytes back with only \(available) bytes written"
        case .notGzip: "no gzip magic number 1f 8b"
        case .unsupportedMethod(let method): "compression method \(method), expected 8 (deflate)"
        case .reservedFlags(let flags): "reserved header flags set (0x\(hex(UInt32(flags), digits: 2)))"
        case .badHeaderCRC: "bad header CRC"
        case .badCRC(let stored, let computed):
            "bad CRC: stored 0x\(hex(stored)), computed 0x\(hex(computed))"
        case .badLength(let stored, let computed): "bad length: stored \(stored), decompressed \(computed)"
        case .trailingData(let count): "\(count) bytes of trailing garbage"
        }
    }
}

/// `value` in lowercase hexadecimal, zero-padded to `digits`.
func hex(_ value: UInt32, digits: Int = 8) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}
