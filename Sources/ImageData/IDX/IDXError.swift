import FileSupport

/// Why an IDX file cannot be read, as one line that names the file, e.g.
/// "train-images-idx3-ubyte: not an IDX image file (magic 0x00000801, expected 0x00000803)".
public enum IDXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The first four bytes are not the magic number of the expected kind of file.
    case wrongMagic(file: String, kind: IDXKind, magic: UInt32)
    /// The file ends inside its header.
    case truncatedHeader(file: String, kind: IDXKind, bytes: Int)
    /// The header promises more data than the file holds.
    case truncated(file: String, kind: IDXKind, dimensions: [Int], bytesPresent: Int)
    /// No images, or images of no pixels. (With no images, nothing bounds the sizes the
    /// header declares by the file's length.)
    case emptyImages(file: String, count: Int, rows: Int, columns: Int)
    /// The file is gzip-compressed but cannot be decompressed.
    case corruptGzip(file: String, reason: GzipError)
    /// The label file does not hold one label per image.
    case countMismatch(imageFile: String, images: Int, labelFile: String, labels: Int)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "\(file): cannot read the file (\(reason))"
        case .wrongMagic(let file, let kind, let magic):
            "\(file): not an IDX \(kind.rawValue) file (magic 0x\(hex(magic)), expected 0x\(hex(kind.magic)))"
        case .truncatedHeader(let file, let kind, let bytes):
            "\(file): truncated: \(bytes) bytes cannot hold an IDX \(kind.rawValue) header of \(kind.headerLength) bytes"
        case .truncated(let file, let kind, let dimensions, let bytesPresent):
            "\(file): truncated: header says \(kind.describe(dimensions)) but the file holds \(bytesPresent) bytes of \(kind.payload)"
        case .emptyImages(let file, let count, let rows, let columns):
            "\(file): header says \(count) images of \(rows)×\(columns) pixels"
        case .corruptGzip(let file, let reason):
            "\(file): gzip data is corrupt (\(reason))"
        case .countMismatch(let imageFile, let images, let labelFile, let labels):
            "\(labelFile): \(labels) labels for the \(images) images of \(imageFile)"
        }
    }
}

/// The two kinds of IDX file in MNIST and Fashion-MNIST: unsigned bytes in 3 dimensions
/// (images × rows × columns) or in 1 (labels).
public enum IDXKind: String, Sendable {
    case image
    case label

    /// Magic number: two zero bytes, data type 0x08 (unsigned byte), number of dimensions.
    var magic: UInt32 {
        switch self {
        case .image: 0x0000_0803
        case .label: 0x0000_0801
        }
    }

    /// Number of dimensions, each a big-endian 32-bit size after the magic number.
    var dimensionCount: Int { Int(magic & 0xFF) }

    /// Magic number plus sizes.
    var headerLength: Int { 4 + 4 * dimensionCount }

    /// What the data bytes are, for messages.
    var payload: String {
        switch self {
        case .image: "pixels"
        case .label: "labels"
        }
    }

    /// The header's promise, e.g. "60000 images of 28×28".
    func describe(_ dimensions: [Int]) -> String {
        switch self {
        case .image: "\(dimensions[0]) images of \(dimensions[1])×\(dimensions[2])"
        case .label: "\(dimensions[0]) labels"
        }
    }
}

/// `value` in lowercase hexadecimal, zero-padded to 8 digits.
private func hex(_ value: UInt32) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - text.count)) + text
}
