import CZlib

/// The CRC-32 of ISO 3309 / ITU-T V.42 that PNG chunks (PNG spec §5.5), gzip members
/// (RFC 1952 §8) and the workbook's checkpoints store: zlib's `crc32`.
public enum CRC32 {
    /// The CRC-32 of `bytes`; pass an earlier result as `previous` to continue over more
    /// bytes (the CRC of a + b is `checksum(b, continuing: checksum(a))`).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = UInt(previous)
        var rest = bytes
        // zlib's length is a 32-bit uInt: feed the bytes in pieces below 2³².
        while let base = rest.baseAddress, !rest.isEmpty {
            let piece = min(rest.count, 1 << 30)
            crc = crc32(crc, base.assumingMemoryBound(to: UInt8.self), uInt(piece))
            rest = UnsafeRawBufferPointer(rebasing: rest[piece...])
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of an array or a slice of one.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes, continuing previous: UInt32 = 0) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0), continuing: previous) }) {
            return crc
        }
        return Array(bytes).withUnsafeBytes { checksum($0, continuing: previous) }
    }
}
