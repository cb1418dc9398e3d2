import XCTest
@testable import ImageData

/// The DEFLATE decoder (RFC 1951) on hand-built streams and on zlib's output.
final class InflateTests: XCTestCase {
    private func inflate(_ stream: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        let end = try stream.withUnsafeBufferPointer { try Inflate.decompress($0, from: 0, into: &output) }
        XCTAssertEqual(end, stream.count, "the stream should end exactly at its last byte")
        return output
    }

    private func assertInflateThrows(_ stream: [UInt8], _ expected: DecompressionError,
                                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try inflate(stream), file: file, line: line) { error in
            XCTAssertEqual(error as? DecompressionError, expected, file: file, line: line)
        }
    }

    func testStoredBlocksAcrossSeveralBlocks() throws {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        XCTAssertEqual(try inflate(TestFiles.storedDeflate(data, blockSize: 300)), data)
        XCTAssertEqual(try inflate(TestFiles.storedDeflate([])), [])
    }

    func testStoredBlockLengthMustMatchComplement() {
        var stream = TestFiles.storedDeflate([1, 2, 3])
        stream[3] ^= 0x01  // NLEN no longer ~LEN
        assertInflateThrows(stream, .storedLengthMismatch)
    }

    func testStoredBlockShorterThanItsLengthIsTruncated() {
        assertInflateThrows(Array(TestFiles.storedDeflate([1, 2, 3, 4]).dropLast()), .truncated)
    }

    func testReservedBlockTypeIsRejected() {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(3, bits: 2)
        assertInflateThrows(writer.bytes, .invalidBlockType)
    }

    /// A fixed block whose first symbol is length 3 at distance 1, with nothing written yet.
    func testBackReferenceBeforeTheStartIsRejected() {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)                // fixed Huffman
        writer.writeCode(0b000_0001, length: 7)  // symbol 257: length 3
        writer.writeCode(0, length: 5)           // distance symbol 0: distance 1
        assertInflateThrows(writer.bytes, .distanceTooFar(distance: 1, available: 0))
    }

    /// Hand-built fixed block: literals 'a' 'b', then length 4 at distance 2 → "ababab".
    func testFixedBlockOverlappingCopy() throws {
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)
        for literal in [0x61, 0x62] { writer.writeCode(0x30 + literal, length: 8) }  // 0–143: 00110000 + value
        writer.writeCode(0b000_0010, length: 7)  // symbol 258: length 4
        writer.writeCode(1, length: 5)           // distance symbol 1: distance 2
        writer.writeCode(0, length: 7)           // symbol 256: end of block
        XCTAssertEqual(try inflate(writer.bytes), Array("ababab".utf8))
    }

    func testFixedHuffmanSampleFromZlib() throws {
        let deflate = Array(CompressedSamples.fixedGzip[10..<(CompressedSamples.fixedGzip.count - 8)])
        XCTAssertEqual(deflate[0] >> 1 & 3, 1, "the sample should be a fixed-Huffman block")
        XCTAssertEqual(String(decoding: try inflate(deflate), as: UTF8.self), CompressedSamples.fixedText)
    }

    func testDynamicHuffmanSampleFromZlib() throws {
        let deflate = Array(CompressedSamples.dynamicGzip[10..<(CompressedSamples.dynamicGzip.count - 8)])
        XCTAssertEqual(deflate[0] >> 1 & 3, 2, "the sample should be a dynamic-Huffman block")
        XCTAssertEqual(try inflate(deflate), CompressedSamples.skewedBytes())
    }

    func testTruncatedDynamicStreamThrows() {
        let deflate = Array(CompressedSamples.dynamicGzip[10..<400])
        assertInflateThrows(deflate, .truncated)
    }

    /// Codes of every length 1…15 (longer than the 9-bit lookup table), encoded by the
    /// canonical rule and decoded back.
    func testHuffmanCodesUpToFifteenBits() throws {
        let lengths = [0] + Array(1...15) + [15]  // complete: 2⁻¹ + … + 2⁻¹⁵ + 2⁻¹⁵ = 1; symbol 0 unused
        let code = try HuffmanCode(lengths: lengths)
        let codes = BitWriter.canonicalCodes(lengths)
        let message = [16, 1, 15, 9, 10, 2, 16, 12, 1, 14]
        var writer = BitWriter()
        for symbol in message { writer.writeCode(codes[symbol]!, length: lengths[symbol]) }
        var decoded: [Int] = []
        try writer.bytes.withUnsafeBufferPointer { bytes in
            var reader = BitReader(bytes, at: 0)
            for _ in message { decoded.append(try code.decode(&reader)) }
        }
        XCTAssertEqual(decoded, message)
    }

    func testOverSubscribedCodeLengthsAreRejected() {
        XCTAssertThrowsError(try HuffmanCode(lengths: [1, 1, 1])) { error in
            XCTAssertEqual(error as? DecompressionError, .invalidCodeLengths("over-subscribed"))
        }
    }

    /// An incomplete code (one 1-bit code) is legal, but the unused bit pattern is not.
    func testUnusedCodeOfIncompleteCodeIsInvalid() throws {
        let code = try HuffmanCode(lengths: [0, 1])
        try [UInt8(0x02), 0x00].withUnsafeBufferPointer { bytes in  // bits 0, then 1, 0, 0, …
            var reader = BitReader(bytes, at: 0)
            XCTAssertEqual(try code.decode(&reader), 1)
            XCTAssertThrowsError(try code.decode(&reader)) { XCTAssertEqual($0 as? DecompressionError, .invalidCode) }
        }
    }
}
