import FileSupport
import Foundation

/// Builders for the small IDX files (LeCun et al.'s format) the tests read.
enum TestFiles {
    /// An IDX image file: magic 0x00000803, count, rows, columns (big-endian), pixels.
    static func idxImages(_ images: [[UInt8]], rows: Int, columns: Int, count: Int? = nil) -> [UInt8] {
        header([0x0803, count ?? images.count, rows, columns]) + images.flatMap { $0 }
    }

    /// An IDX label file: magic 0x00000801, count, labels.
    static func idxLabels(_ labels: [UInt8], count: Int? = nil) -> [UInt8] {
        header([0x0801, count ?? labels.count]) + labels
    }

    /// Magic number and sizes as big-endian 32-bit integers.
    static func header(_ fields: [Int]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields { bytes.append(UInt32(truncatingIfNeeded: field), .bigEndian) }
        return bytes
    }

    /// Writes `bytes` to a fresh file named `name` in a temporary folder.
    static func write(_ bytes: [UInt8], named name: String, in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}
