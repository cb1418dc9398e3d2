import FileSupport

/// The checkpoint format's fields: little-endian integers, floats by their bit patterns,
/// strings as a UInt32 byte count and UTF-8 bytes.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        bytes.append(value, .littleEndian)
    }

    mutating func write(_ value: Double) { write(value.bitPattern) }

    mutating func write(_ values: [Float]) {
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for value in values { write(value.bitPattern) }
    }

    /// A string as its UTF-8 length (UInt32) and bytes.
    mutating func write(_ text: String) {
        let utf8 = Array(text.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Reads the fields in order; every read returns nil once the bytes run out, and a count
/// read from the file is checked against the bytes left before anything is allocated.
struct BinaryReader {
    private var reader: ByteReader

    init(_ bytes: [UInt8]) { reader = ByteReader(bytes) }

    var bytes: [UInt8] { reader.bytes }
    var offset: Int { reader.offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) -> T? { reader.read(T.self, .littleEndian) }

    /// `count` doubles; nil when `count` is negative or more than the bytes left hold.
    mutating func readDoubles<Count: BinaryInteger>(_ count: Count) -> [Double]? {
        reader.read(UInt64.self, count: count, .littleEndian)?.map(Double.init(bitPattern:))
    }

    /// `count` floats; nil when `count` is negative or more than the bytes left hold.
    mutating func readFloats<Count: BinaryInteger>(_ count: Count) -> [Float]? {
        reader.read(UInt32.self, count: count, .littleEndian)?.map(Float.init(bitPattern:))
    }

    /// A string written by `BinaryWriter.write(_: String)`, at most `limit` bytes long.
    mutating func readString(limit: Int = 64) -> String? {
        guard let length = read(UInt32.self), length <= limit, let utf8 = reader.read(count: length) else { return nil }
        return String(decoding: utf8, as: UTF8.self)
    }
}
