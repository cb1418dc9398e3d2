import FileSupport
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
            } catch let error as GzipError {
                throw IDXError.corruptGzip(file: name, reason: error)
            }
        }
        var reader = ByteReader(bytes)
        guard let magic = reader.read(UInt32.self, .bigEndian) else {
            throw IDXError.truncatedHeader(file: name, kind: kind, bytes: bytes.count)
        }
        guard magic == kind.magic else { throw IDXError.wrongMagic(file: name, kind: kind, magic: magic) }
        guard let sizes = reader.read(UInt32.self, count: kind.dimensionCount, .bigEndian) else {
            throw IDXError.truncatedHeader(file: name, kind: kind, bytes: bytes.count)
        }
        let dimensions = sizes.map { Int($0) }
        guard let needed = Self.product(dimensions), let data = reader.read(count: needed) else {
            throw IDXError.truncated(file: name, kind: kind, dimensions: dimensions, bytesPresent: reader.remaining)
        }
        self.kind = kind
        self.dimensions = dimensions
        self.data = data
    }

    /// The product of `sizes`, or nil when it passes Int's range (three sizes below 2³²
    /// each can).
    private static func product(_ sizes: [Int]) -> Int? {
        var product = 1
        for size in sizes {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}
