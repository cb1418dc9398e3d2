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
        let images = TestFiles.gzipStored(TestFiles.idxImages(pixels, rows: 2, columns: 3), blockSize: 7)
        let set = try IDXReader.read(images: write(images, "images.gz"),
                                     labels: write(TestFiles.gzipStored(TestFiles.idxLabels(labels)), "labels.gz"))
        assertMatchesPixels(set)
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

    func testCorruptGzipReportsTheReason() throws {
        var gzipped = TestFiles.gzipStored(TestFiles.idxImages(pixels, rows: 2, columns: 3))
        gzipped[20] ^= 0xFF  // a byte of the IDX header inside the stored block
        let stored = CRC32.checksum(TestFiles.idxImages(pixels, rows: 2, columns: 3))
        var corrupted = TestFiles.idxImages(pixels, rows: 2, columns: 3)
        corrupted[5] ^= 0xFF
        try assertReadThrows(images: gzipped, "train-images-idx3-ubyte: gzip data is corrupt "
                             + "(bad CRC: stored 0x\(hex(stored)), computed 0x\(hex(CRC32.checksum(corrupted))))")
        try assertReadThrows(images: Array(CompressedSamples.dynamicGzip.prefix(300)),
                             "train-images-idx3-ubyte: gzip data is corrupt (the compressed data ends early)")
    }

    func testZeroSizedImagesAndMissingFiles() throws {
        try assertReadThrows(images: TestFiles.idxImages([], rows: 0, columns: 28),
                             "train-images-idx3-ubyte: header says images of 0×28 pixels")
        XCTAssertThrowsError(try IDXReader.read(images: folder.appendingPathComponent("missing-idx3-ubyte"))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("missing-idx3-ubyte: cannot read the file ("), text)
            XCTAssertFalse(text.contains("\n"), text)
        }
    }
}
