/// The order of an integer's bytes in a file: PNG and IDX are big-endian (most significant
/// byte first), gzip trailers and the workbook's checkpoints little-endian.
public enum ByteOrder: Sendable {
    case bigEndian
    case littleEndian
}

extension Array where Element == UInt8 {
    /// Appends `value`'s bytes in `order`.
    public mutating func append<T: FixedWidthInteger>(_ value: T, _ order: ByteOrder) {
        let ordered = order == .bigEndian ? value.bigEndian : value.littleEndian
        Swift.withUnsafeBytes(of: ordered) { append(contentsOf: $0) }
    }
}

/// Reads a file's fields in order. Every read checks the bytes left first and returns nil
/// when they run out, and no count, however large, overflows or allocates beyond them.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    /// Where the next read starts.
    public private(set) var offset: Int

    public init(_ bytes: [UInt8], offset: Int = 0) {
        precondition(offset >= 0 && offset <= bytes.count, "A ByteReader starts inside its bytes.")
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// The next integer of type `T`, stored in `order`; nil past the end.
    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self, _ order: ByteOrder) -> T? {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { return nil }
        let stored = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return order == .bigEndian ? T(bigEndian: stored) : T(littleEndian: stored)
    }

    /// The next `count` bytes; nil when `count` is negative or more than remain.
    public mutating func read<Count: BinaryInteger>(count: Count) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { offset += Int(count) }
        return bytes[offset..<(offset + Int(count))]
    }

    /// The next `count` integers of type `T` in `order`; nil when they do not all remain.
    public mutating func read<T: FixedWidthInteger, Count: BinaryInteger>(_: T.Type, count: Count, _ order: ByteOrder) -> [T]? {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= remaining / size else { return nil }
        let values = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                for i in 0..<Int(count) {
                    let stored = source.loadUnaligned(fromByteOffset: offset + i * size, as: T.self)
                    buffer[i] = order == .bigEndian ? T(bigEndian: stored) : T(littleEndian: stored)
                }
            }
            initialized = Int(count)
        }
        offset += Int(count) * size
        return values
    }
}
