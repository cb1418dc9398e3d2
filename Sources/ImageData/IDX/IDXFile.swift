import Foundation

/// One parsed IDX file (LeCun, Cortes & Burges, "The MNIST database of handwritten digits",
/// section "File formats for the MNIST database"): a big-endian magic number
/// 0x00 0x00 ⟨type⟩ ⟨dimension count⟩, one big-endian 32-bit size per dimension, then the
/// data as unsigned bytes, last dimension fastest. Gzip-compressed files (RFC 1952) are
/// recognised by their magic number 1f 8b and decompressed first.
struct IDXFile {
    let kind: IDXKind
    /// Sizes from the header, e.g. [60000, 28, 28].
    let dimensions: [Int]
    /// Exactly the bytes the dimensions call for.
    let data: ArraySlice<UInt8>

    /// Reads and checks the file at `url`.
    init(contentsOf url: URL, kind: IDXKind) throws {
        let name = url.lastPathComponent
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw IDXError.unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
        try self.init(bytes: bytes, kind: kind, name: name)
    }

    /// Parses `bytes` (raw or gzipped) as an IDX file of `kind`; `name` is for messages.
    init(bytes compressedOrRaw: [UInt8], kind: IDXKind, name: String) throws {
        var bytes = compressedOrRaw
        if Gzip.isGzip(bytes) {
            do {
                bytes = try Gzip.decompress(bytes)
            } catch let error as DecompressionError {
                throw IDXError.corruptGzip(file: name, reason: error)
            }
        }
        guard bytes.count >= 4 else { throw IDXError.truncatedHeader(file: name, kind: kind, bytes: bytes.count) }
        let magic = Self.bigEndian32(bytes, at: 0)
        guard magic == kind.magic else { throw IDXError.wrongMagic(file: name, kind: kind, magic: magic) }
        guard bytes.count >= kind.headerLength else {
            throw IDXError.truncatedHeader(file: name, kind: kind, bytes: bytes.count)
        }
        let dimensions = (0..<kind.dimensionCount).map { Int(Self.bigEndian32(bytes, at: 4 + 4 * $0)) }
        let present = bytes.count - kind.headerLength
        // Each size is below 2³², so the product of three cannot overflow after a checked step.
        let (needed, overflow) = dimensions.dropFirst().reduce(1, *).multipliedReportingOverflow(by: dimensions[0])
        guard !overflow, needed <= present else {
            throw IDXError.truncated(file: name, kind: kind, dimensions: dimensions, bytesPresent: present)
        }
        self.kind = kind
        self.dimensions = dimensions
        data = bytes[kind.headerLength..<kind.headerLength + needed]
    }

    /// Four bytes at `offset` as a big-endian unsigned integer.
    private static func bigEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
