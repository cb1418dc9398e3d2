/// Each sample's mean squared difference per value, ‖a_i − b_i‖²/d, for flat batches of
/// samples of d values: the per-sample terms of a loss, whose mean is the loss and whose spread
/// gives its standard error.
/// - Parameters:
///   - a: Samples, flat.
///   - b: As many values as `a`.
///   - dimension: d, values per sample.
/// - Returns: One value per sample.
public func squaredErrorsPerSample(_ a: [Double], _ b: [Double], dimension: Int) -> [Double] {
    precondition(a.count == b.count && dimension >= 1 && a.count % dimension == 0, "Squared errors need two batches of whole samples.")
    var result = [Double](repeating: 0, count: a.count / dimension)
    for i in result.indices {
        var sum = 0.0
        for k in (i * dimension)..<((i + 1) * dimension) { sum += (a[k] - b[k]) * (a[k] - b[k]) }
        result[i] = sum / Double(dimension)
    }
    return result
}
