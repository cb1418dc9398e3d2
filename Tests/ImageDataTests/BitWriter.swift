@testable import ImageData

/// Writes bits least significant first, as DEFLATE packs them (RFC 1951 §3.1.1), so tests
/// can build small streams by hand.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    /// A field of `count` bits, least significant bit first.
    mutating func write(_ value: Int, bits count: Int) {
        for bit in 0..<count {
            if bitCount % 8 == 0 { bytes.append(0) }
            if value >> bit & 1 == 1 { bytes[bytes.count - 1] |= UInt8(1 << (bitCount % 8)) }
            bitCount += 1
        }
    }

    /// A Huffman code of `length` bits, most significant bit first (RFC 1951 §3.1.1).
    mutating func writeCode(_ code: Int, length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) { write(code >> bit & 1, bits: 1) }
    }

    /// Canonical codes for `lengths` (RFC 1951 §3.2.2, steps 1–3), nil for unused symbols.
    static func canonicalCodes(_ lengths: [Int]) -> [Int?] {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths where length > 0 { counts[length] += 1 }
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1..<16 {
            code = (code + counts[length - 1]) << 1
            next[length] = code
        }
        return lengths.map { length in
            guard length > 0 else { return nil }
            defer { next[length] += 1 }
            return next[length]
        }
    }
}
