/// The root-mean-square distance between two batches of the same samples (flat, sample after
/// sample, `dimension` values each): √(mean_i ‖a_i − b_i‖²). Compares two solvers' outputs
/// from the same starting points path by path, which is far less noisy than comparing the
/// two sets' distributions.
/// - Parameters:
///   - a: One batch, flat.
///   - b: The other, as many values.
///   - dimension: Values per sample.
/// - Returns: The root mean square distance between matching samples.
public func rmsDistance(_ a: [Double], _ b: [Double], dimension: Int) -> Double {
    precondition(a.count == b.count && !a.isEmpty && a.count % dimension == 0, "Two batches of the same samples are compared.")
    var total = 0.0
    for j in a.indices { total += (a[j] - b[j]) * (a[j] - b[j]) }
    return (total / Double(a.count / dimension)).squareRoot()
}
