import FileSupport
import XCTest

/// Byte order and the bounds of `ByteReader`.
final class ByteOrderTests: XCTestCase {
    func testAppendAndReadBothOrders() {
        var bytes: [UInt8] = []
        bytes.append(UInt32(0x0102_0304), .bigEndian)
        bytes.append(UInt32(0x0102_0304), .littleEndian)
        bytes.append(Int16(-2), .bigEndian)
        XCTAssertEqual(bytes, [1, 2, 3, 4, 4, 3, 2, 1, 0xFF, 0xFE])
        var reader = ByteReader(bytes)
        XCTAssertEqual(reader.read(UInt32.self, .bigEndian), 0x0102_0304)
        XCTAssertEqual(reader.read(UInt32.self, .bigEndian), 0x0403_0201)
        XCTAssertEqual(reader.read(Int16.self, .bigEndian), -2)
        XCTAssertNil(reader.read(UInt8.self, .bigEndian))
        XCTAssertEqual(reader.remaining, 0)
    }

    /// Counts are checked against the bytes left, never multiplied first: Int.max floats
    /// or a negative count return nil instead of trapping or allocating.
    func testHugeAndNegativeCountsReturnNil() {
        var reader = ByteReader([1, 0, 0, 0, 2, 0, 0, 0, 9])
        XCTAssertNil(reader.read(UInt32.self, count: Int.max, .littleEndian))
        XCTAssertNil(reader.read(UInt32.self, count: Int64.min, .littleEndian))
        XCTAssertNil(reader.read(UInt64.self, count: UInt64.max, .littleEndian))
        XCTAssertNil(reader.read(count: UInt32.max))
        XCTAssertNil(reader.read(count: -1))
        XCTAssertNil(reader.read(UInt32.self, count: 3, .littleEndian))
        XCTAssertEqual(reader.offset, 0)
        XCTAssertEqual(reader.read(UInt32.self, count: 2, .littleEndian), [1, 2])
        XCTAssertEqual(reader.read(count: 1), [9])
    }

    func testPathFromCurrentFolder() {
        let here = FileManager.default.currentDirectoryPath
        XCTAssertEqual(URL(fileURLWithPath: "output/Lesson04/model.ckpt").pathFromCurrentFolder, "output/Lesson04/model.ckpt")
        XCTAssertEqual(URL(fileURLWithPath: here + "/a/../b/c.png").pathFromCurrentFolder, "b/c.png")
        XCTAssertEqual(URL(fileURLWithPath: "/elsewhere/x.csv").pathFromCurrentFolder, "/elsewhere/x.csv")
    }
}
