import FileSupport

/// The chunk structure of a PNG file (PNG spec §5): the signature, then records of a
/// big-endian length, a four-letter type, the data and the CRC-32 of type and data.
struct PNGChunk: Equatable {
    /// Four ASCII letters, e.g. "IHDR".
    var type: String
    var data: [UInt8]

    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// The chunks of a PNG file, in order; throws on a bad signature, truncation or CRC
    /// mismatch. A chunk's length is checked against the bytes left before it is read.
    static func parse(_ bytes: [UInt8]) throws -> [PNGChunk] {
        guard bytes.starts(with: signature) else { throw PlotError.invalidPNG("missing PNG signature") }
        var chunks: [PNGChunk] = []
        var reader = ByteReader(bytes, offset: signature.count)
        while reader.remaining > 0 {
            let start = reader.offset
            guard let length = reader.read(UInt32.self, .bigEndian), let type = reader.read(count: 4) else {
                throw PlotError.invalidPNG("truncated chunk header at byte \(start)")
            }
            guard let data = reader.read(count: length), let crc = reader.read(UInt32.self, .bigEndian) else {
                throw PlotError.invalidPNG("truncated chunk at byte \(start)")
            }
            guard CRC32.checksum(data, continuing: CRC32.checksum(type)) == crc else {
                throw PlotError.invalidPNG("CRC mismatch in chunk at byte \(start)")
            }
            chunks.append(PNGChunk(type: String(decoding: type, as: UTF8.self), data: Array(data)))
        }
        return chunks
    }

    /// A complete file: the signature followed by `chunks`, each with its length and CRC.
    static func encode(_ chunks: [PNGChunk]) -> [UInt8] {
        var bytes = signature
        for chunk in chunks {
            let typeAndData = Array(chunk.type.utf8) + chunk.data
            bytes.append(UInt32(chunk.data.count), .bigEndian)
            bytes += typeAndData
            bytes.append(CRC32.checksum(typeAndData), .bigEndian)
        }
        return bytes
    }
}
