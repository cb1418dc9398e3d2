import XCTest
@testable import ImageData

/// The gzip container (RFC 1952): header fields, members, trailer checks.
final class GzipTests: XCTestCase {
    private func assertGzipThrows(_ bytes: [UInt8], _ expected: DecompressionError,
                                  file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try Gzip.decompress(bytes), file: file, line: line) { error in
            XCTAssertEqual(error as? DecompressionError, expected, file: file, line: line)
        }
    }

    /// The standard check value of CRC-32/ISO-HDLC.
    func testCRC32CheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }

    func testSamplesFromPythonDecompress() throws {
        XCTAssertEqual(String(decoding: try Gzip.decompress(CompressedSamples.fixedGzip), as: UTF8.self),
                       CompressedSamples.fixedText)
        XCTAssertEqual(try Gzip.decompress(CompressedSamples.dynamicGzip), CompressedSamples.skewedBytes())
    }

    func testOptionalHeaderFieldsAreSkipped() throws {
        let data = Array("diffusion".utf8)
        let member = TestFiles.gzip(deflate: TestFiles.storedDeflate(data), of: data, name: "a.txt",
                                    comment: "made by a test", extra: [1, 2, 3, 4, 5], headerCRC: true)
        XCTAssertEqual(try Gzip.decompress(member), data)
    }

    func testWrongHeaderCRCIsRejected() {
        let data: [UInt8] = [9, 9]
        var member = TestFiles.gzip(deflate: TestFiles.storedDeflate(data), of: data, name: "x", headerCRC: true)
        member[12] ^= 0xFF  // the first byte of the CRC16, right after "x\0"
        assertGzipThrows(member, .badHeaderCRC)
    }

    func testConcatenatedMembersJoin() throws {
        let joined = TestFiles.gzipStored([1, 2, 3]) + CompressedSamples.fixedGzip + TestFiles.gzipStored([4])
        XCTAssertEqual(try Gzip.decompress(joined), [1, 2, 3] + Array(CompressedSamples.fixedText.utf8) + [4])
    }

    func testCorruptedDataFailsTheCRC() {
        var bytes = TestFiles.gzipStored([10, 20, 30, 40])
        bytes[16] = 99  // the first stored byte: header 10 + block header 5 + 1
        assertGzipThrows(bytes, .badCRC(stored: CRC32.checksum([10, 20, 30, 40]), computed: CRC32.checksum([10, 99, 30, 40])))
    }

    func testWrongLengthInTrailerIsRejected() {
        var bytes = TestFiles.gzipStored([1, 2, 3])
        bytes[bytes.count - 4] = 4
        assertGzipThrows(bytes, .badLength(stored: 4, computed: 3))
    }

    func testMissingTrailerIsTruncated() {
        assertGzipThrows(Array(TestFiles.gzipStored([1, 2, 3]).dropLast(3)), .truncated)
        assertGzipThrows([0x1F, 0x8B, 8, 0, 0], .truncated)
    }

    func testOtherMethodsAndReservedFlagsAreRejected() {
        var bytes = TestFiles.gzipStored([1])
        bytes[2] = 7
        assertGzipThrows(bytes, .unsupportedMethod(7))
        bytes[2] = 8
        bytes[3] = 0x20
        assertGzipThrows(bytes, .reservedFlags(0x20))
    }

    func testGarbageAfterTheLastMemberIsRejected() {
        assertGzipThrows(TestFiles.gzipStored([1]) + [0, 0, 0], .trailingData(3))
        assertGzipThrows([0x50, 0x4B, 3, 4], .notGzip)
    }

    func testErrorDescriptionsAreOneLine() {
        let errors: [DecompressionError] = [
            .truncated, .invalidBlockType, .storedLengthMismatch, .invalidCodeLengths("over-subscribed"), .invalidCode,
            .invalidSymbol(286), .distanceTooFar(distance: 5, available: 2), .notGzip, .unsupportedMethod(7),
            .reservedFlags(0x20), .badHeaderCRC, .badCRC(stored: 0xDEAD_BEEF, computed: 1),
            .badLength(stored: 4, computed: 3), .trailingData(3),
        ]
        XCTAssertEqual(DecompressionError.badCRC(stored: 0xDEAD_BEEF, computed: 1).description,
                       "bad CRC: stored 0xdeadbeef, computed 0x00000001")
        for error in errors {
            XCTAssertFalse(error.description.isEmpty)
            XCTAssertFalse(error.description.contains("\n"), "\(error)")
        }
        XCTAssertEqual(Set(errors.map(\.description)).count, errors.count, "each error should read differently")
    }
}
