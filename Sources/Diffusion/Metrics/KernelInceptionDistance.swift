/// The Kernel Inception Distance (Bińkowski et al. 2018, "Demystifying MMD GANs"): the
/// unbiased MMD² with the cubic kernel k(x, y) = (xᵀy/d + 1)³ between features of generated
/// and of real images. Bińkowski et al. use an Inception network's penultimate layer; the
/// workbook uses its own classifier's (`ImageClassifier.features`). As in their code (and the
/// Keras DDIM example, which averages it over batches), the estimate is averaged over random
/// subsets, m rows of each set drawn without replacement with m = min(n_x, n_y, subsetSize),
/// and its spread over the subsets is reported beside it.
public struct KernelInceptionDistance: Sendable, Equatable {
    /// The mean of the unbiased MMD² over the subsets: the KID.
    public let mean: Double
    /// The standard deviation of the subsets' MMD² (n − 1 in the denominator).
    public let standardDeviation: Double
    /// Rows drawn from each set per subset.
    public let subsetSize: Int
    /// How many subsets were drawn.
    public let subsets: Int

    /// KID between `x` and `y`.
    /// - Parameters:
    ///   - x: features of one set of images, flat with `dimension` values per row.
    ///   - y: features of the other set (the real images), the same way.
    ///   - dimension: features per image.
    ///   - subsets: how many subsets to average over (at least 2).
    ///   - subsetSize: the largest number of rows drawn from each set per subset.
    ///   - seed: seeds the subsets' draws.
    public init(_ x: [Double], _ y: [Double], dimension: Int, subsets: Int = 100, subsetSize: Int = 1000, seed: UInt64 = 0) {
        precondition(dimension >= 1 && x.count % dimension == 0 && y.count % dimension == 0,
                     "Both feature sets must hold whole rows of \(dimension) values.")
        precondition(subsets >= 2, "The spread of KID needs at least two subsets.")
        let n = x.count / dimension, m = y.count / dimension, size = min(n, m, subsetSize)
        precondition(size >= 2, "KID needs at least two rows in each set.")
        var rng = Xoshiro256(seed: seed, stream: 0)
        /// `size` of `rows` row numbers drawn without replacement (a partial Fisher–Yates shuffle).
        func subset(of rows: Int) -> [Int] {
            var order = Array(0..<rows)
            for i in 0..<size { order.swapAt(i, rng.integer(in: i...(rows - 1))) }
            return Array(order.prefix(size))
        }
        let kernels = KernelMatrices(x, y, dimension: dimension, kernel: .cubicPolynomial)
        let estimates = (0..<subsets).map { _ in kernels.mmdSquared(subset(of: n), subset(of: m), estimate: .unbiased) }
        let average = estimates.reduce(0, +) / Double(subsets)
        mean = average
        standardDeviation = (estimates.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(subsets - 1)).squareRoot()
        (self.subsetSize, self.subsets) = (size, subsets)
    }
}
