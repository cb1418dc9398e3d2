import Foundation

/// Reads MNIST and Fashion-MNIST style IDX files (e.g. `train-images-idx3-ubyte` with
/// `train-labels-idx1-ubyte`, raw or `.gz`) into an `ImageSet`. Pixel values 0…255 become
/// −1…1, so the black MNIST background is −1 like the built-in `DigitImages`.
public enum IDXReader {
    /// The images of `images`, labelled from `labels` if given, optionally resized to
    /// `size × size` by area averaging (28 → 14 averages 2 × 2 blocks; 28 → 16 to match
    /// `DigitImages`). Throws an `IDXError` with a one-line description.
    public static func read(images: URL, labels: URL? = nil, size: Int? = nil) throws -> ImageSet {
        let imageFile = try IDXFile(contentsOf: images, kind: .image)
        let labelFile = try labels.map { try IDXFile(contentsOf: $0, kind: .label) }
        return try imageSet(imageFile, imageName: images.lastPathComponent,
                            labelFile, labelName: labels?.lastPathComponent ?? "", size: size)
    }

    /// Like `read`, from bytes already in memory; the names appear in error messages.
    public static func decode(images: [UInt8], labels: [UInt8]? = nil, size: Int? = nil,
                              imageName: String = "images", labelName: String = "labels") throws -> ImageSet {
        let imageFile = try IDXFile(bytes: images, kind: .image, name: imageName)
        let labelFile = try labels.map { try IDXFile(bytes: $0, kind: .label, name: labelName) }
        return try imageSet(imageFile, imageName: imageName, labelFile, labelName: labelName, size: size)
    }

    /// Gray levels as pixel values: 0 (black) → −1, 255 (white) → 1.
    private static let levels: [Double] = (0..<256).map { Double($0) / 127.5 - 1 }

    private static func imageSet(_ imageFile: IDXFile, imageName: String, _ labelFile: IDXFile?, labelName: String,
                                 size: Int?) throws -> ImageSet {
        let (count, rows, columns) = (imageFile.dimensions[0], imageFile.dimensions[1], imageFile.dimensions[2])
        guard count > 0, rows > 0, columns > 0 else {
            throw IDXError.emptyImages(file: imageName, count: count, rows: rows, columns: columns)
        }
        var labels: [Int] = []
        if let labelFile {
            guard labelFile.dimensions[0] == count else {
                throw IDXError.countMismatch(imageFile: imageName, images: count, labelFile: labelName,
                                             labels: labelFile.dimensions[0])
            }
            labels = labelFile.data.map(Int.init)
        }
        let pixelsPerImage = rows * columns
        let start = imageFile.data.startIndex
        let images = levels.withUnsafeBufferPointer { levels in
            (0..<count).map { index in
                let first = start + index * pixelsPerImage
                return imageFile.data[first..<first + pixelsPerImage].map { levels[Int($0)] }
            }
        }
        let set = ImageSet(width: columns, height: rows, images: images, labels: labels)
        guard let size else { return set }
        precondition(size > 0, "Images can only be resized to a positive size, not \(size).")
        return set.resized(width: size, height: size)
    }
}
