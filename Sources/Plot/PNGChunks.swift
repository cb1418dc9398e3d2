/// The chunk structure of a PNG file: signature, then length + type + data + CRC32 records.
struct PNGChunk: Equatable {
    /// Four ASCII letters, e.g. "IHDR".
    var type: String
    var data: [UInt8]

    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// The chunks of a PNG file, in order; throws on a bad signature, truncation or CRC mismatch.
    static func parse(_ bytes: [UInt8]) throws -> [PNGChunk] {
        guard bytes.starts(with: signature) else { throw PlotError.invalidPNG("missing PNG signature") }
        var chunks: [PNGChunk] = []
        var offset = signature.count
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw PlotError.invalidPNG("truncated chunk header at byte \(offset)") }
            let length = Int(bytes.bigEndianUInt32(at: offset))
            guard length <= bytes.count - offset - 12 else { throw PlotError.invalidPNG("truncated chunk at byte \(offset)") }
            let typeBytes = Array(bytes[(offset + 4)..<(offset + 8)])
            let data = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            let crc = bytes.bigEndianUInt32(at: offset + 8 + length)
            guard CRC32.checksum(typeBytes + data) == crc else {
                throw PlotError.invalidPNG("CRC mismatch in chunk at byte \(offset)")
            }
            chunks.append(PNGChunk(type: String(decoding: typeBytes, as: UTF8.self), data: data))
            offset += 12 + length
        }
        return chunks
    }

    /// A complete file: the signature followed by `chunks`, each with its length and CRC.
    static func encode(_ chunks: [PNGChunk]) -> [UInt8] {
        var bytes = signature
        for chunk in chunks {
            let typeAndData = Array(chunk.type.utf8) + chunk.data
            bytes.appendBigEndian(UInt32(chunk.data.count))
            bytes += typeAndData
            bytes.appendBigEndian(CRC32.checksum(typeAndData))
        }
        return bytes
    }
}

/// The CRC-32 used by PNG (and zlib): reflected polynomial 0xEDB88320.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    /// Appends `value` as four big-endian bytes.
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    /// Appends `value` as two big-endian bytes.
    mutating func appendBigEndian(_ value: UInt16) {
        append(contentsOf: [UInt8(value >> 8), UInt8(value & 0xFF)])
    }

    /// The big-endian 32-bit value at `offset`.
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        self[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
