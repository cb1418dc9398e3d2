import Dispatch

/// The energy distance between two point sets (Székely & Rizzo 2013):
///
///     D²(X, Y) = 2 E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖,
///
/// zero exactly when the two distributions are equal. Computed as the V-statistic over all
/// pairs, 2·mean(cdist(x, y)) − mean(cdist(x, x)) − mean(cdist(y, y)), as a PyTorch
/// version with torch.cdist does: a set's distance to itself is exactly 0, and
/// two independent draws of size n from one distribution score about 2 E‖X − X′‖ / n, not 0.
/// - Parameters:
///   - x: One point set, not empty.
///   - y: The other, not empty.
/// - Returns: D²(X, Y), never far below 0.
public func energyDistance(_ x: [SIMD2<Double>], _ y: [SIMD2<Double>]) -> Double {
    precondition(!x.isEmpty && !y.isEmpty, "The energy distance needs two non-empty point sets.")
    return 2 * meanPairwiseDistance(x, y) - meanPairwiseDistance(x, x) - meanPairwiseDistance(y, y)
}

/// The mean of ‖a_i − b_j‖ over all n·m pairs (i, j). Large sets are split into two halves of
/// rows summed on two threads; the split depends only on the sizes, so the result is the
/// same from run to run.
/// - Parameters:
///   - a: One point set, not empty.
///   - b: The other, not empty.
/// - Returns: The mean Euclidean distance over all pairs.
public func meanPairwiseDistance(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>]) -> Double {
    meanPairwiseDistance(a, b, threads: a.count * b.count >= 1 << 18 ? 2 : 1)
}

/// `meanPairwiseDistance` on a chosen number of threads (for measuring the split).
func meanPairwiseDistance(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>], threads chunks: Int) -> Double {
    precondition(!a.isEmpty && !b.isEmpty, "A mean distance needs two non-empty point sets.")
    precondition(chunks >= 1 && chunks <= a.count, "Each thread needs at least one row.")
    let ax = a.map(\.x), ay = a.map(\.y), bx = b.map(\.x), by = b.map(\.y)
    var partialSums = [Double](repeating: 0, count: chunks)
    partialSums.withUnsafeMutableBufferPointer { sums in
        let sums = UnsafeMutableSendableBuffer(sums)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let rows = (a.count * chunk / chunks)..<(a.count * (chunk + 1) / chunks)
            sums.buffer[chunk] = distanceSum(rows: rows, ax: ax, ay: ay, bx: bx, by: by)
        }
    }
    return partialSums.reduce(0, +) / (Double(a.count) * Double(b.count))
}

/// Σ_{i ∈ rows} Σ_j ‖a_i − b_j‖. Each row's distances go to a buffer first, a loop the
/// compiler vectorizes (square roots included), and are then summed with four accumulators.
private func distanceSum(rows: Range<Int>, ax: [Double], ay: [Double], bx: [Double], by: [Double]) -> Double {
    let m = bx.count
    var row = [Double](repeating: 0, count: m)
    var total = 0.0
    bx.withUnsafeBufferPointer { bx in
        by.withUnsafeBufferPointer { by in
            row.withUnsafeMutableBufferPointer { row in
                for i in rows {
                    let x = ax[i], y = ay[i]
                    for j in 0..<m {
                        let dx = x - bx[j], dy = y - by[j]
                        row[j] = (dx * dx + dy * dy).squareRoot()
                    }
                    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                    var j = 0
                    while j &+ 4 <= m {
                        s0 += row[j]; s1 += row[j &+ 1]; s2 += row[j &+ 2]; s3 += row[j &+ 3]
                        j &+= 4
                    }
                    while j < m { s0 += row[j]; j &+= 1 }
                    total += (s0 + s1) + (s2 + s3)
                }
            }
        }
    }
    return total
}

/// A mutable buffer handed to the two threads, each of which writes only its own element.
private struct UnsafeMutableSendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
