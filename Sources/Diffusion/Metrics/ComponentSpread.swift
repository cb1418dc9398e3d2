/// How sharp 2D samples of a Gaussian mixture are: each sample is assigned to its nearest
/// component mean μ_k, and for each component with samples the per-axis standard deviation
/// around μ_k is √(mean ‖x − μ_k‖² / 2); the result is the mean over those components. For
/// exact samples of well-separated components of standard deviation s it is close to s
/// (0.1 on the ring); a blurred sampler scores above, one that collapses onto the means below.
/// - Parameters:
///   - samples: The points.
///   - mixture: The mixture they should come from.
/// - Returns: The mean per-axis spread around the nearest means.
public func componentSpread(_ samples: [SIMD2<Double>], mixture: GaussianMixture) -> Double {
    precondition(!samples.isEmpty, "The spread needs at least one sample.")
    let means = mixture.means
    var sums = [Double](repeating: 0, count: means.count), counts = [Int](repeating: 0, count: means.count)
    for p in samples {
        var best = 0, bestDistance = Double.infinity
        for (k, m) in means.enumerated() {
            let d = (p.x - m.x) * (p.x - m.x) + (p.y - m.y) * (p.y - m.y)
            if d < bestDistance { (best, bestDistance) = (k, d) }
        }
        sums[best] += bestDistance
        counts[best] += 1
    }
    let spreads = means.indices.filter { counts[$0] > 0 }.map { (sums[$0] / Double(2 * counts[$0])).squareRoot() }
    return spreads.reduce(0, +) / Double(spreads.count)
}
