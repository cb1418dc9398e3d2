/// Reads the bits of a DEFLATE stream: within each byte the least significant bit comes
/// first, and multi-bit fields are packed starting with their least significant bit
/// (RFC 1951 §3.1.1). Up to 64 bits are buffered so most reads touch no memory.
struct BitReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Next byte to load into `buffer`.
    private var position: Int
    private var buffer: UInt64 = 0
    /// Valid bits in `buffer`.
    private var count = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// The offset of the byte holding the next unread bit, once aligned to a byte.
    var byteOffset: Int { position - count / 8 }

    /// The next `n` ≤ 32 bits, without consuming them; bits past the end of input read as 0.
    @inline(__always)
    mutating func peek(_ n: Int) -> Int {
        if count < n {
            while count <= 56 && position < bytes.count {
                buffer |= UInt64(bytes[position]) << UInt64(count)
                position += 1
                count += 8
            }
        }
        return Int(truncatingIfNeeded: buffer & ((1 << UInt64(n)) &- 1))
    }

    /// Drops `n` bits that `peek` returned; throws if they were past the end of input.
    @inline(__always)
    mutating func consume(_ n: Int) throws {
        guard n <= count else { throw DecompressionError.truncated }
        buffer >>= UInt64(n)
        count -= n
    }

    /// Reads an `n`-bit field (n ≤ 32).
    @inline(__always)
    mutating func bits(_ n: Int) throws -> Int {
        let value = peek(n)
        try consume(n)
        return value
    }

    /// Skips to the next byte boundary (before stored blocks and at the end of the stream).
    mutating func alignToByte() {
        buffer >>= UInt64(count % 8)
        count -= count % 8
    }

    /// The next `n` whole bytes after aligning to a byte boundary (a stored block's data).
    mutating func bytes(_ n: Int) throws -> Slice<UnsafeBufferPointer<UInt8>> {
        alignToByte()
        let start = byteOffset
        guard n <= bytes.count - start else { throw DecompressionError.truncated }
        position = start + n
        buffer = 0
        count = 0
        return bytes[start..<start + n]
    }
}
