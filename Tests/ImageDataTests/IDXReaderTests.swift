import FileSupport
import XCTest
@testable import ImageData

/// Reading MNIST-style IDX files (LeCun et al.), raw and gzipped, and every way they fail.
final class IDXReaderTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Three 2×3 images whose pixels are known, and their labels.
    private let pixels: [[UInt8]] = [[0, 255, 0, 255, 0, 255], [1, 2, 3, 4, 5, 6], [255, 255, 255, 128, 127, 0]]
    private let labels: [UInt8] = [7, 0, 9]

    private func write(_ bytes: [UInt8], _ name: String) throws -> URL {
        try TestFiles.write(bytes, named: name, in: folder)
    }

    private func assertReadThrows(images: [UInt8], labels: [UInt8]? = nil, _ expected: String,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let imageURL = try write(images, "train-images-idx3-ubyte")
        let labelURL = try labels.map { try write($0, "train-labels-idx1-ubyte") }
        XCTAssertThrowsError(try IDXReader.read(images: imageURL, labels: labelURL), file: file, line: line) { error in
            XCTAssertTrue(error is IDXError, "\(error)", file: file, line: line)
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    private func assertMatchesPixels(_ set: ImageSet, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(set.width, 3, file: file, line: line)
        XCTAssertEqual(set.height, 2, file: file, line: line)
        XCTAssertEqual(set.images, pixels.map { $0.map { Double($0) / 127.5 - 1 } }, file: file, line: line)
        XCTAssertEqual(set.images[0], [-1, 1, -1, 1, -1, 1], file: file, line: line)
        XCTAssertEqual(set.labels, [7, 0, 9], file: file, line: line)
    }

    func testRawFilesReadBackExactly() throws {
        let set = try IDXReader.read(images: write(TestFiles.idxImages(pixels, rows: 2, columns: 3), "images"),
                                     labels: write(TestFiles.idxLabels(labels), "labels"))
        assertMatchesPixels(set)
    }

    func testGzippedFilesReadBackExactly() throws {
        let images = Gzip.compress(TestFiles.idxImages(pixels, rows: 2, columns: 3))
        let set = try IDXReader.read(images: write(images, "images.gz"),
                                     labels: write(Gzip.compress(TestFiles.idxLabels(labels)), "labels.gz"))
        assertMatchesPixels(set)
    }

    /// `gzip -9` (GNU gzip 1.12) of the label file [7, 0, 9]: its header stores the file's
    /// name and time, which the reader must skip.
    private let gnuGzipLabels: [UInt8] = [
        0x1F, 0x8B, 0x08, 0x08, 0x00, 0xB9, 0x55, 0x69, 0x02, 0x03, 0x74, 0x72, 0x61, 0x69, 0x6E, 0x2D, 0x6C, 0x61,
        0x62, 0x65, 0x6C, 0x73, 0x2D, 0x69, 0x64, 0x78, 0x31, 0x2D, 0x75, 0x62, 0x79, 0x74, 0x65, 0x00, 0x63, 0x60,
        0xE0, 0x60, 0x64, 0x60, 0x60, 0x60, 0x66, 0x67, 0xE0, 0x04, 0x00, 0xA5, 0x12, 0xD3, 0x72, 0x0B, 0x00, 0x00,
        0x00,
    ]

    func testFilesFromGNUGzipRead() throws {
        let set = try IDXReader.read(images: write(Gzip.compress(TestFiles.idxImages(pixels, rows: 2, columns: 3)), "images.gz"),
                                     labels: write(gnuGzipLabels, "train-labels-idx1-ubyte.gz"))
        assertMatchesPixels(set)
    }

    /// `cat a.gz b.gz` is one valid gzip file of two members (RFC 1952 §2.2): the reader
    /// must join them, here a header cut in the middle of the second image.
    func testMultiMemberGzipJoinsTheMembers() throws {
        let file = TestFiles.idxImages(pixels, rows: 2, columns: 3)
        let joined = Gzip.compress(Array(file.prefix(25))) + Gzip.compress(Array(file.dropFirst(25)), level: 1)
        let set = try IDXReader.decode(images: joined, labels: TestFiles.idxLabels(labels))
        assertMatchesPixels(set)
    }

    /// 600 MNIST-sized images of one gray, compressed over 300-fold: decompression must
    /// run through many of its output buffers.
    func testLargeGzipDecompressesCompletely() throws {
        let file = TestFiles.idxImages(Array(repeating: Array(repeating: 51, count: 28 * 28), count: 600), rows: 28, columns: 28)
        let compressed = Gzip.compress(file)
        XCTAssertLessThan(compressed.count * 300, file.count)
        let set = try IDXReader.decode(images: compressed)
        XCTAssertEqual(set.count, 600)
        XCTAssertEqual(set.images[599][28 * 28 - 1], 51 / 127.5 - 1, accuracy: 1e-12)
    }

    func testCorruptAndTruncatedGzipAreRefusedInOneLine() throws {
        let gzipped = Gzip.compress(TestFiles.idxImages(pixels, rows: 2, columns: 3))
        var badCRC = gzipped
        badCRC[gzipped.count - 6] ^= 0x01  // the trailer's CRC-32 (RFC 1952 §2.3.1)
        try assertReadThrows(images: badCRC, "train-images-idx3-ubyte: gzip data is corrupt (incorrect data check)")
        var badLength = gzipped
        badLength[gzipped.count - 4] ^= 0x01  // the trailer's ISIZE
        try assertReadThrows(images: badLength, "train-images-idx3-ubyte: gzip data is corrupt (incorrect length check)")
        var badMethod = gzipped
        badMethod[2] = 7  // CM must be 8, deflate
        try assertReadThrows(images: badMethod, "train-images-idx3-ubyte: gzip data is corrupt (unknown compression method)")
        var badBlock = gzipped
        badBlock[10] |= 0x06  // BTYPE = 11, reserved (RFC 1951 §3.2.3)
        try assertReadThrows(images: badBlock, "train-images-idx3-ubyte: gzip data is corrupt (invalid block type)")
        for length in [2, 10, 20, gzipped.count - 1] {
            try assertReadThrows(images: Array(gzipped.prefix(length)), "train-images-idx3-ubyte: gzip data is corrupt (the compressed data ends early)")
        }
        try assertReadThrows(images: gzipped + [0, 0, 0],
                             "train-images-idx3-ubyte: gzip data is corrupt (3 bytes after the last member that are not gzip)")
    }

    func testImagesWithoutLabels() throws {
        let set = try IDXReader.decode(images: TestFiles.idxImages(pixels, rows: 2, columns: 3))
        XCTAssertEqual(set.count, 3)
        XCTAssertEqual(set.labels, [])
    }

    /// 4×4 → 2×2 averages 2 × 2 blocks.
    func testResizeAveragesBlocks() throws {
        let image: [UInt8] = [0, 0, 255, 255,
                              0, 0, 255, 255,
                              255, 255, 0, 0,
                              255, 255, 0, 255]
        let set = try IDXReader.decode(images: TestFiles.idxImages([image], rows: 4, columns: 4), size: 2)
        XCTAssertEqual(set.width, 2)
        XCTAssertEqual(set.images[0][0], -1, accuracy: 1e-12)
        XCTAssertEqual(set.images[0][1], 1, accuracy: 1e-12)
        XCTAssertEqual(set.images[0][2], 1, accuracy: 1e-12)
        XCTAssertEqual(set.images[0][3], -0.5, accuracy: 1e-12)
    }

    func testWrongMagicNamesBothNumbers() throws {
        try assertReadThrows(images: TestFiles.idxLabels(labels),
                             "train-images-idx3-ubyte: not an IDX image file (magic 0x00000801, expected 0x00000803)")
        try assertReadThrows(images: TestFiles.idxImages(pixels, rows: 2, columns: 3),
                             labels: TestFiles.idxImages(pixels, rows: 2, columns: 3),
                             "train-labels-idx1-ubyte: not an IDX label file (magic 0x00000803, expected 0x00000801)")
    }

    func testTruncatedPixelsAndHeader() throws {
        try assertReadThrows(images: TestFiles.idxImages(pixels, rows: 2, columns: 3, count: 60000),
                             "train-images-idx3-ubyte: truncated: header says 60000 images of 2×3 but the file holds 18 bytes of pixels")
        try assertReadThrows(images: Array(TestFiles.idxImages(pixels, rows: 2, columns: 3).prefix(10)),
                             "train-images-idx3-ubyte: truncated: 10 bytes cannot hold an IDX image header of 16 bytes")
        try assertReadThrows(images: TestFiles.idxImages(pixels, rows: 2, columns: 3),
                             labels: TestFiles.idxLabels([1, 2], count: 3),
                             "train-labels-idx1-ubyte: truncated: header says 3 labels but the file holds 2 bytes of labels")
    }

    func testLabelCountMustMatchImageCount() throws {
        try assertReadThrows(images: TestFiles.idxImages(pixels, rows: 2, columns: 3), labels: TestFiles.idxLabels([1, 2]),
                             "train-labels-idx1-ubyte: 2 labels for the 3 images of train-images-idx3-ubyte")
    }

    func testZeroSizedImagesAndMissingFiles() throws {
        try assertReadThrows(images: TestFiles.idxImages([], rows: 0, columns: 28),
                             "train-images-idx3-ubyte: header says 0 images of 0×28 pixels")
        try assertReadThrows(images: TestFiles.idxImages([], rows: 65536, columns: 65536),
                             "train-images-idx3-ubyte: header says 0 images of 65536×65536 pixels")
        XCTAssertThrowsError(try IDXReader.read(images: folder.appendingPathComponent("missing-idx3-ubyte"))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("missing-idx3-ubyte: cannot read the file ("), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }
}
