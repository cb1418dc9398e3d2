import Foundation
@testable import ImageData

/// Builders for the small files the tests read: IDX files (LeCun et al.'s format) and gzip
/// members (RFC 1952) made of stored DEFLATE blocks, which need no compressor.
enum TestFiles {
    /// An IDX image file: magic 0x00000803, count, rows, columns (big-endian), pixels.
    static func idxImages(_ images: [[UInt8]], rows: Int, columns: Int, count: Int? = nil) -> [UInt8] {
        bigEndian(0x0803) + bigEndian(count ?? images.count) + bigEndian(rows) + bigEndian(columns) + images.flatMap { $0 }
    }

    /// An IDX label file: magic 0x00000801, count, labels.
    static func idxLabels(_ labels: [UInt8], count: Int? = nil) -> [UInt8] {
        bigEndian(0x0801) + bigEndian(count ?? labels.count) + labels
    }

    static func bigEndian(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// `data` as stored DEFLATE blocks of at most `blockSize` bytes (RFC 1951 §3.2.4):
    /// header bits BFINAL + BTYPE 00, padding to a byte, LEN, NLEN, the bytes.
    static func storedDeflate(_ data: [UInt8], blockSize: Int = 65_535) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(start + blockSize, data.count)
            let length = end - start
            out.append(end == data.count ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8 & 0xFF)]
            out += data[start..<end]
            start = end
        } while start < data.count
        return out
    }

    /// A gzip member around `deflate` (RFC 1952 §2.3), with the optional header fields.
    static func gzip(deflate: [UInt8], of data: [UInt8], name: String? = nil, comment: String? = nil,
                     extra: [UInt8]? = nil, headerCRC: Bool = false) -> [UInt8] {
        var flags: UInt8 = 0
        if headerCRC { flags |= 0x02 }
        if extra != nil { flags |= 0x04 }
        if name != nil { flags |= 0x08 }
        if comment != nil { flags |= 0x10 }
        var out: [UInt8] = [0x1F, 0x8B, 8, flags, 0, 0, 0, 0, 0, 255]
        if let extra { out += [UInt8(extra.count & 0xFF), UInt8(extra.count >> 8)] + extra }
        if let name { out += Array(name.utf8) + [0] }
        if let comment { out += Array(comment.utf8) + [0] }
        if headerCRC { out += Array(littleEndian(CRC32.checksum(out)).prefix(2)) }
        return out + deflate + littleEndian(CRC32.checksum(data)) + littleEndian(UInt32(data.count))
    }

    /// `data` gzipped with stored blocks.
    static func gzipStored(_ data: [UInt8], blockSize: Int = 65_535) -> [UInt8] {
        gzip(deflate: storedDeflate(data, blockSize: blockSize), of: data)
    }

    /// Writes `bytes` to a fresh file named `name` in a temporary folder.
    static func write(_ bytes: [UInt8], named name: String, in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}
