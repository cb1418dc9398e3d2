/// A DEFLATE decoder (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
enum Inflate {
    /// Decompresses the raw DEFLATE stream that starts at byte `start` of `input`, appending
    /// to `output`. Returns the offset of the first byte after the stream (the final block
    /// ends mid-byte; the rest of that byte is padding).
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, from start: Int, into output: inout [UInt8]) throws -> Int {
        var reader = BitReader(input, at: start)
        var isFinal = false
        repeat {
            // 3.2.3: BFINAL, then BTYPE (00 stored, 01 fixed, 10 dynamic, 11 reserved)
            isFinal = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0: try copyStoredBlock(&reader, into: &output)
            case 1: try decodeBlock(&reader, FixedCodes.literalLength, FixedCodes.distance, into: &output)
            case 2:
                let codes = try DynamicCodes(&reader)
                try decodeBlock(&reader, codes.literalLength, codes.distance, into: &output)
            default: throw DecompressionError.invalidBlockType
            }
        } while !isFinal
        reader.alignToByte()
        return reader.byteOffset
    }

    /// 3.2.4: skip to a byte boundary, read LEN and NLEN (its ones' complement), copy LEN bytes.
    private static func copyStoredBlock(_ reader: inout BitReader, into output: inout [UInt8]) throws {
        reader.alignToByte()
        let length = try reader.bits(16)
        let complement = try reader.bits(16)
        guard length == complement ^ 0xFFFF else { throw DecompressionError.storedLengthMismatch }
        output.append(contentsOf: try reader.bytes(length))
    }

    /// 3.2.5: length symbols 257…285 → base length and number of extra bits.
    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                     35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                      3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    /// 3.2.5: distance symbols 0…29 → base distance and number of extra bits.
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                       513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
                                        8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    /// 3.2.5: literals 0…255 are copied, 256 ends the block, 257…285 start a
    /// ⟨length, backward distance⟩ pair that repeats earlier output (possibly overlapping).
    private static func decodeBlock(_ reader: inout BitReader, _ literalLength: HuffmanCode, _ distance: HuffmanCode,
                                    into output: inout [UInt8]) throws {
        while true {
            let symbol = try literalLength.decode(&reader)
            if symbol < 256 {
                output.append(UInt8(truncatingIfNeeded: symbol))
                continue
            }
            if symbol == 256 { return }
            guard symbol <= 285 else { throw DecompressionError.invalidSymbol(symbol) }
            let length = lengthBase[symbol - 257] + (try reader.bits(lengthExtra[symbol - 257]))
            let distanceSymbol = try distance.decode(&reader)
            guard distanceSymbol < 30 else { throw DecompressionError.invalidSymbol(distanceSymbol) }
            let back = distanceBase[distanceSymbol] + (try reader.bits(distanceExtra[distanceSymbol]))
            guard back <= output.count else {
                throw DecompressionError.distanceTooFar(distance: back, available: output.count)
            }
            var from = output.count - back
            for _ in 0..<length {
                output.append(output[from])
                from += 1
            }
        }
    }
}

/// 3.2.6: the fixed Huffman codes of block type 01.
enum FixedCodes {
    /// Literal/length code lengths: 0–143 → 8 bits, 144–255 → 9, 256–279 → 7, 280–287 → 8.
    static let literalLength = try! HuffmanCode(lengths: [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
                                                  + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8))
    /// Distance codes 0–31, all 5 bits (30 and 31 never occur in valid data).
    static let distance = try! HuffmanCode(lengths: [Int](repeating: 5, count: 32))
}
