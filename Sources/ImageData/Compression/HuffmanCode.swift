/// A canonical Huffman code given by its code lengths (RFC 1951 §3.2.2): codes of equal
/// length are consecutive integers in symbol order, shorter codes numerically precede longer
/// ones, and code bits are packed most significant bit first.
///
/// Decoding looks the next `fastBits` bits up in a table; longer codes fall back to the
/// bit-by-bit canonical walk of Mark Adler's `puff.c` (zlib/contrib/puff).
struct HuffmanCode: Sendable {
    static let maxBits = 15
    static let fastBits = 9

    /// Indexed by the next `fastBits` input bits: `symbol << 4 | length`, or 0 for a longer code.
    private var fast: [UInt16]
    /// `counts[n]`: how many codes have length n.
    private var counts: [Int]
    /// Symbols in canonical code order.
    private var symbols: [Int]

    /// Builds the code; a length of 0 means the symbol does not occur. Over-subscribed
    /// lengths are rejected; incomplete codes are allowed (RFC 1951 permits a lone distance
    /// code) and decoding an unused code throws.
    init(lengths: [Int]) throws {
        counts = [Int](repeating: 0, count: Self.maxBits + 1)
        for length in lengths { counts[length] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...Self.maxBits {
            left = left << 1 - counts[length]
            if left < 0 { throw DecompressionError.invalidCodeLengths("over-subscribed") }
        }
        // 1. first index in `symbols` of each length, then symbols sorted by (length, symbol)
        var offsets = [Int](repeating: 0, count: Self.maxBits + 2)
        for length in 1...Self.maxBits { offsets[length + 1] = offsets[length] + counts[length] }
        symbols = [Int](repeating: 0, count: offsets[Self.maxBits + 1])
        // 2. the fast table: each short code, bit-reversed, fills every slot it prefixes
        fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
        var nextCode = 0
        var codes = [Int](repeating: 0, count: Self.maxBits + 1)
        for length in 1...Self.maxBits {
            nextCode = (nextCode + counts[length - 1]) << 1
            codes[length] = nextCode
        }
        for (symbol, length) in lengths.enumerated() where length > 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
            let code = codes[length]
            codes[length] += 1
            guard length <= Self.fastBits else { continue }
            let reversed = Self.reverse(code, length)
            for slot in stride(from: reversed, to: 1 << Self.fastBits, by: 1 << length) {
                fast[slot] = UInt16(symbol << 4 | length)
            }
        }
    }

    /// The next symbol from `reader`.
    @inline(__always)
    func decode(_ reader: inout BitReader) throws -> Int {
        let entry = Int(fast[reader.peek(Self.fastBits)])
        if entry != 0 {
            try reader.consume(entry & 15)
            return entry >> 4
        }
        return try decodeSlowly(&reader)
    }

    /// puff.c's `decode`: read one bit at a time; `code - first` indexes the codes of the
    /// current length once it falls below their count.
    private func decodeSlowly(_ reader: inout BitReader) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1...Self.maxBits {
            code |= try reader.bits(1)
            let count = counts[length]
            if code - first < count { return symbols[index + code - first] }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw DecompressionError.invalidCode
    }

    /// The low `length` bits of `code` in reverse order.
    private static func reverse(_ code: Int, _ length: Int) -> Int {
        var result = 0
        for bit in 0..<length where code & (1 << bit) != 0 { result |= 1 << (length - 1 - bit) }
        return result
    }
}
