import FileSupport
import XCTest

/// zlib's CRC-32 and gzip through FileSupport.
final class GzipTests: XCTestCase {
    /// The check value of CRC-32/ISO-HDLC (the CRC of "123456789", e.g. in RFC 3385's
    /// list of CRCs and every CRC catalogue).
    func testCRC32CheckValueAndContinuation() {
        let text = Array("123456789".utf8)
        XCTAssertEqual(CRC32.checksum(text), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
        XCTAssertEqual(CRC32.checksum(text[4...], continuing: CRC32.checksum(text[..<4])), 0xCBF4_3926)
        XCTAssertEqual(text.withUnsafeBytes { CRC32.checksum($0) }, 0xCBF4_3926)
    }

    func testRoundTripOfOneAndTwoMembers() throws {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * $0 >> 7) }
        XCTAssertEqual(try Gzip.decompress(Gzip.compress(data)), data)
        XCTAssertEqual(try Gzip.decompress(Gzip.compress([])), [])
        XCTAssertEqual(try Gzip.decompress(Gzip.compress([1, 2]) + Gzip.compress([]) + Gzip.compress([3])), [1, 2, 3])
    }

    func testEveryKindOfBadInputHasItsError() {
        let member = Gzip.compress(Array("the workbook".utf8))
        func error(_ bytes: [UInt8]) -> GzipError? {
            do { _ = try Gzip.decompress(bytes); return nil } catch { return error as? GzipError }
        }
        XCTAssertEqual(error([0x50, 0x4B, 3, 4]), .notGzip)
        XCTAssertEqual(error(Array(member.dropLast())), .truncated)
        XCTAssertEqual(error(member + Array(member.prefix(5))), .truncated)
        XCTAssertEqual(error(member + [0]), .trailingData(1))
        var flags = member
        flags[3] = 0xE0  // reserved FLG bits (RFC 1952 §2.3.1)
        XCTAssertEqual(error(flags), .corrupt("unknown header flags set"))
        XCTAssertEqual(GzipError.trailingData(3).description, "3 bytes after the last member that are not gzip")
    }
}
