/// 3.2.7: the Huffman codes a dynamic block (type 10) sends before its data. The code
/// lengths of both codes are themselves Huffman coded, with a third "code length" code.
struct DynamicCodes {
    let literalLength: HuffmanCode
    let distance: HuffmanCode

    /// The order in which the code length code's own lengths are sent.
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Reads HLIT, HDIST, HCLEN, the code length code, then both sets of code lengths.
    init(_ reader: inout BitReader) throws {
        let literalCount = try reader.bits(5) + 257
        let distanceCount = try reader.bits(5) + 1
        let codeLengthCount = try reader.bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw DecompressionError.invalidCodeLengths("\(literalCount) literal/length and \(distanceCount) distance codes")
        }
        var codeLengthLengths = [Int](repeating: 0, count: 19)
        for index in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[index]] = try reader.bits(3) }
        let codeLengthCode = try HuffmanCode(lengths: codeLengthLengths)

        // 0–15 are lengths; 16 repeats the previous length 3–6 times; 17 and 18 give 3–10
        // and 11–138 zeros. Repeats may run from the literal/length into the distance lengths.
        let total = literalCount + distanceCount
        var lengths: [Int] = []
        lengths.reserveCapacity(total)
        while lengths.count < total {
            let symbol = try codeLengthCode.decode(&reader)
            let (value, repeats): (Int, Int)
            switch symbol {
            case 0...15: (value, repeats) = (symbol, 1)
            case 16:
                guard let previous = lengths.last else {
                    throw DecompressionError.invalidCodeLengths("repeat with no previous length")
                }
                (value, repeats) = (previous, 3 + (try reader.bits(2)))
            case 17: (value, repeats) = (0, 3 + (try reader.bits(3)))
            default: (value, repeats) = (0, 11 + (try reader.bits(7)))
            }
            guard lengths.count + repeats <= total else {
                throw DecompressionError.invalidCodeLengths("repeat runs past the last code")
            }
            lengths.append(contentsOf: repeatElement(value, count: repeats))
        }
        guard lengths[256] > 0 else { throw DecompressionError.invalidCodeLengths("no end-of-block code") }
        literalLength = try HuffmanCode(lengths: Array(lengths[..<literalCount]))
        distance = try HuffmanCode(lengths: Array(lengths[literalCount...]))
    }
}
