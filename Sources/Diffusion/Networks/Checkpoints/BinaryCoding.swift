/// Little-endian writing and bounds-checked reading of the checkpoint format's fields.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
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

/// Reads fields in order; every read returns nil once the bytes run out.
struct BinaryReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) -> T? {
        let size = MemoryLayout<T>.size
        guard offset + size <= bytes.count else { return nil }
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { target in
            for i in 0..<size { target[i] = bytes[offset + i] }
        }
        offset += size
        return T(littleEndian: value)
    }

    mutating func readDouble() -> Double? { read(UInt64.self).map(Double.init(bitPattern:)) }

    mutating func readFloats(_ count: Int) -> [Float]? {
        guard count >= 0, offset + 4 * count <= bytes.count else { return nil }
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count { values[i] = Float(bitPattern: read(UInt32.self)!) }
        return values
    }

    /// A string written by `BinaryWriter.write(_: String)`, at most `limit` bytes long.
    mutating func readString(limit: Int = 64) -> String? {
        guard let length = read(UInt32.self), Int(length) <= limit, offset + Int(length) <= bytes.count else { return nil }
        defer { offset += Int(length) }
        return String(decoding: bytes[offset..<(offset + Int(length))], as: UTF8.self)
    }
}
