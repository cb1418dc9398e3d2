/// Resizes images by area averaging: each output pixel is the mean of the input area it
/// covers, input pixels counted by the fraction of them inside that area. Shrinking 28 → 14
/// averages 2 × 2 blocks; 28 → 16 mixes neighbours with fractional weights. The box filter
/// is separable, so rows are resampled first, then columns.
struct AreaResampler: Sendable {
    /// One output coordinate's contributing input coordinates and their weights (sum 1).
    struct Tap: Sendable {
        var index: Int
        var weight: Double
    }

    let inputWidth: Int
    let inputHeight: Int
    let outputWidth: Int
    let outputHeight: Int
    private let columnTaps: [[Tap]]
    private let rowTaps: [[Tap]]

    init(from input: (width: Int, height: Int), to output: (width: Int, height: Int)) {
        precondition(input.width > 0 && input.height > 0 && output.width > 0 && output.height > 0,
                     "Resampling needs positive sizes, not \(input.width)×\(input.height) → \(output.width)×\(output.height).")
        inputWidth = input.width
        inputHeight = input.height
        outputWidth = output.width
        outputHeight = output.height
        columnTaps = Self.taps(from: input.width, to: output.width)
        rowTaps = Self.taps(from: input.height, to: output.height)
    }

    /// Output pixel j covers input interval [j·s, (j + 1)·s) with s = input / output; each
    /// input pixel i contributes its overlap with that interval, divided by s.
    static func taps(from input: Int, to output: Int) -> [[Tap]] {
        let span = Double(input) / Double(output)
        return (0..<output).map { j in
            let start = Double(j) * span, end = start + span
            let first = Int(start.rounded(.down)), last = min(Int(end.rounded(.up)), input)
            return (first..<last).compactMap { i in
                let overlap = min(end, Double(i + 1)) - max(start, Double(i))
                return overlap > 1e-12 ? Tap(index: i, weight: overlap / span) : nil
            }
        }
    }

    /// `pixels` (inputWidth × inputHeight, row-major) resized to outputWidth × outputHeight.
    func resample(_ pixels: [Double]) -> [Double] {
        precondition(pixels.count == inputWidth * inputHeight,
                     "Expected \(inputWidth)×\(inputHeight) pixels, got \(pixels.count) values.")
        // 1. every input row → outputWidth columns
        var narrowed = [Double](repeating: 0, count: outputWidth * inputHeight)
        for y in 0..<inputHeight {
            for (x, taps) in columnTaps.enumerated() {
                narrowed[y * outputWidth + x] = taps.reduce(0) { $0 + $1.weight * pixels[y * inputWidth + $1.index] }
            }
        }
        // 2. every column of that → outputHeight rows
        var result = [Double](repeating: 0, count: outputWidth * outputHeight)
        for (y, taps) in rowTaps.enumerated() {
            for x in 0..<outputWidth {
                result[y * outputWidth + x] = taps.reduce(0) { $0 + $1.weight * narrowed[$1.index * outputWidth + x] }
            }
        }
        return result
    }
}
