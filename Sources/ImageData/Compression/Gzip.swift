/// The gzip file format (RFC 1952): one or more members, each a header, a DEFLATE stream
/// (RFC 1951) and a trailer holding the CRC-32 and the length (mod 2³²) of the data.
enum Gzip {
    /// 2.3.1: ID1 ID2.
    static let magic: [UInt8] = [0x1F, 0x8B]

    private enum Flag {
        static let headerCRC: UInt8 = 0x02, extra: UInt8 = 0x04, name: UInt8 = 0x08, comment: UInt8 = 0x10
        static let reserved: UInt8 = 0xE0
    }

    /// Whether `bytes` starts with the gzip magic number.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: magic)
    }

    /// The concatenated data of every member of `bytes`, each checked against its CRC-32
    /// and length.
    static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard isGzip(bytes) else { throw DecompressionError.notGzip }
        var output: [UInt8] = []
        output.reserveCapacity(expectedLength(of: bytes))
        var offset = 0
        try bytes.withUnsafeBufferPointer { input in
            while offset < input.count {
                guard input[offset...].starts(with: magic) else {
                    throw DecompressionError.trailingData(input.count - offset)
                }
                let memberStart = output.count
                offset = try Inflate.decompress(input, from: skipHeader(input, at: offset), into: &output)
                try checkTrailer(input, at: offset, data: output[memberStart...])
                offset += 8
            }
        }
        return output
    }

    /// ISIZE of the last member: the total length when there is one member of under 4 GiB.
    private static func expectedLength(of bytes: [UInt8]) -> Int {
        bytes.count >= 18 ? Int(littleEndian32(bytes[(bytes.count - 4)...])) : 0
    }

    /// 2.3.1: the offset of the DEFLATE stream after the header at `start`:
    /// ID1 ID2 CM FLG MTIME(4) XFL OS, [XLEN(2) extra], [name\0], [comment\0], [CRC16].
    private static func skipHeader(_ input: UnsafeBufferPointer<UInt8>, at start: Int) throws -> Int {
        guard input.count - start >= 10 else { throw DecompressionError.truncated }
        guard input[start + 2] == 8 else { throw DecompressionError.unsupportedMethod(input[start + 2]) }
        let flags = input[start + 3]
        guard flags & Flag.reserved == 0 else { throw DecompressionError.reservedFlags(flags) }
        var offset = start + 10
        if flags & Flag.extra != 0 {
            guard input.count - offset >= 2 else { throw DecompressionError.truncated }
            offset += 2 + Int(input[offset]) + Int(input[offset + 1]) << 8
        }
        for flag in [Flag.name, Flag.comment] where flags & flag != 0 {
            guard offset < input.count, let end = input[offset...].firstIndex(of: 0) else {
                throw DecompressionError.truncated
            }
            offset = end + 1
        }
        if flags & Flag.headerCRC != 0 {
            guard input.count - offset >= 2 else { throw DecompressionError.truncated }
            let stored = Int(input[offset]) | Int(input[offset + 1]) << 8
            guard stored == Int(CRC32.checksum(UnsafeBufferPointer(rebasing: input[start..<offset])) & 0xFFFF) else {
                throw DecompressionError.badHeaderCRC
            }
            offset += 2
        }
        guard offset <= input.count else { throw DecompressionError.truncated }
        return offset
    }

    /// 2.3.1: CRC32 and ISIZE, both little-endian, after the compressed blocks.
    private static func checkTrailer(_ input: UnsafeBufferPointer<UInt8>, at offset: Int, data: ArraySlice<UInt8>) throws {
        guard input.count - offset >= 8 else { throw DecompressionError.truncated }
        let storedCRC = littleEndian32(input[offset..<offset + 4])
        let computedCRC = CRC32.checksum(data)
        guard storedCRC == computedCRC else { throw DecompressionError.badCRC(stored: storedCRC, computed: computedCRC) }
        let storedLength = littleEndian32(input[(offset + 4)..<offset + 8])
        let computedLength = UInt32(truncatingIfNeeded: data.count)
        guard storedLength == computedLength else {
            throw DecompressionError.badLength(stored: storedLength, computed: computedLength)
        }
    }

    /// Four bytes as a little-endian unsigned integer (RFC 1952 §2.1).
    private static func littleEndian32<Bytes: Collection>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
}
