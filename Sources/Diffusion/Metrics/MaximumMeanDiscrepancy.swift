/// A kernel k(x, y) on feature vectors, for the maximum mean discrepancy.
public enum MMDKernel: Sendable, Equatable {
    /// Bińkowski et al. 2018, "Demystifying MMD GANs", the kernel of their Kernel Inception
    /// Distance: k(x, y) = (xᵀy/d + 1)³ in d dimensions, with no parameter to tune.
    case cubicPolynomial
    /// k(x, y) = ‖x‖ + ‖y‖ − ‖x − y‖, twice the distance-induced kernel of Sejdinovic et al.
    /// 2013 (Annals of Statistics 41(5), ½(ρ(x, z₀) + ρ(y, z₀) − ρ(x, y)) with z₀ = 0): its MMD²
    /// is the energy distance of Székely & Rizzo 2013, 2 E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖ (the
    /// ‖x‖ and ‖y‖ terms cancel).
    case distance

    /// k(x, y) for two rows of `d` values (four accumulators, so the loop vectorizes).
    @inline(__always)
    func callAsFunction(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ d: Int) -> Double {
        switch self {
        case .cubicPolynomial:
            let base = sum(d) { x[$0] * y[$0] } / Double(d) + 1
            return base * base * base
        case .distance:
            let xx = sum(d) { x[$0] * x[$0] }, yy = sum(d) { y[$0] * y[$0] }
            let dd = sum(d) { (x[$0] - y[$0]) * (x[$0] - y[$0]) }
            return xx.squareRoot() + yy.squareRoot() - dd.squareRoot()
        }
    }

    @inline(__always)
    private func sum(_ d: Int, _ term: (Int) -> Double) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, k = 0
        while k &+ 4 <= d {
            s0 += term(k); s1 += term(k &+ 1); s2 += term(k &+ 2); s3 += term(k &+ 3)
            k &+= 4
        }
        while k < d { s0 += term(k); k &+= 1 }
        return (s0 + s1) + (s2 + s3)
    }
}

/// Which estimate of MMD² from finite samples.
public enum MMDEstimate: Sendable, Equatable {
    /// Gretton et al. 2012 ("A Kernel Two-Sample Test"), Lemma 6 (a U-statistic): the pairs
    /// (i, i) are left out of the within-sample means, so E[MMD²_u] = MMD² exactly; it can be
    /// negative.
    case unbiased
    /// Gretton et al. 2012, the biased estimate MMD²_b (a V-statistic): all pairs, (i, i)
    /// included; too large by O(1/n) — the floor beside Lessons 05 and 06's energy distance.
    case biased
}

/// The squared maximum mean discrepancy (Gretton et al. 2012) between samples x (n rows) and
/// y (m rows), each flat with `dimension` values per row:
///     MMD² = E k(X, X′) + E k(Y, Y′) − 2 E k(X, Y),
/// with the expectations replaced by means over the sample pairs as `estimate` says.
/// - Parameters:
///   - x: n ≥ 2 rows of `dimension` values, flat.
///   - y: m ≥ 2 rows of `dimension` values, flat.
///   - dimension: values per row.
///   - kernel: k.
///   - estimate: unbiased (the default) or over all pairs.
/// - Returns: the estimate of MMD².
public func mmdSquared(_ x: [Double], _ y: [Double], dimension: Int, kernel: MMDKernel,
                       estimate: MMDEstimate = .unbiased) -> Double {
    let n = rowCount(x, dimension), m = rowCount(y, dimension)
    return KernelMatrices(x, y, dimension: dimension, kernel: kernel).mmdSquared(Array(0..<n), Array(0..<m), estimate: estimate)
}

/// The mean of k(x_i, x_j) over the pairs i ≠ j of one sample: an unbiased estimate of
/// E k(X, X′) = ‖μ_P‖², the squared length of the sample's mean embedding in the kernel's
/// space. MMD² = ‖μ_P − μ_Q‖² (Gretton et al. 2012, Lemma 4) is measured in the same units.
/// - Parameters:
///   - x: n ≥ 2 rows of `dimension` values, flat.
///   - dimension: values per row.
///   - kernel: k.
public func meanKernel(_ x: [Double], dimension: Int, kernel: MMDKernel) -> Double {
    let n = rowCount(x, dimension)
    precondition(n >= 2, "A mean over pairs needs at least two rows.")
    var total = 0.0
    x.withUnsafeBufferPointer { x in
        for i in 0..<n {
            for j in (i &+ 1)..<n { total += kernel(x.baseAddress! + i &* dimension, x.baseAddress! + j &* dimension, dimension) }
        }
    }
    return 2 * total / Double(n * (n - 1))
}

/// Rows of `dimension` values in `values`.
private func rowCount(_ values: [Double], _ dimension: Int) -> Int {
    precondition(dimension >= 1 && values.count % dimension == 0, "A sample must hold whole rows of \(dimension) values.")
    return values.count / dimension
}

/// The three kernel matrices of two samples, k(x_i, x_j), k(y_i, y_j) and k(x_i, y_j),
/// computed once so that MMD² over any subsets of rows is a matter of sums.
struct KernelMatrices {
    let n: Int, m: Int
    let xx: [Double], yy: [Double], xy: [Double]

    init(_ x: [Double], _ y: [Double], dimension d: Int, kernel: MMDKernel) {
        (n, m) = (rowCount(x, d), rowCount(y, d))
        func matrix(_ a: [Double], _ rows: Int, _ b: [Double], _ columns: Int, symmetric: Bool) -> [Double] {
            var k = [Double](repeating: 0, count: rows * columns)
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for i in 0..<rows {
                        for j in (symmetric ? i : 0)..<columns {
                            k[i &* columns &+ j] = kernel(a.baseAddress! + i &* d, b.baseAddress! + j &* d, d)
                            if symmetric { k[j &* columns &+ i] = k[i &* columns &+ j] }
                        }
                    }
                }
            }
            return k
        }
        xx = matrix(x, n, x, n, symmetric: true)
        yy = matrix(y, m, y, m, symmetric: true)
        xy = matrix(x, n, y, m, symmetric: false)
    }

    /// MMD² between the rows `xRows` of x and `yRows` of y (each without repeats).
    func mmdSquared(_ xRows: [Int], _ yRows: [Int], estimate: MMDEstimate) -> Double {
        let (p, q) = (Double(xRows.count), Double(yRows.count))
        precondition(xRows.count >= 2 && yRows.count >= 2, "An MMD² estimate needs at least two rows in each sample.")
        // 1. Σ_{i,j} over each block, and the diagonals Σ_i k(x_i, x_i), Σ_i k(y_i, y_i)
        func block(_ k: [Double], _ rows: [Int], _ columns: [Int], width: Int) -> Double {
            var total = 0.0
            for i in rows { for j in columns { total += k[i &* width &+ j] } }
            return total
        }
        let sxx = block(xx, xRows, xRows, width: n), syy = block(yy, yRows, yRows, width: m), sxy = block(xy, xRows, yRows, width: m)
        let dx = xRows.reduce(0) { $0 + xx[$1 &* n &+ $1] }, dy = yRows.reduce(0) { $0 + yy[$1 &* m &+ $1] }
        // 2. the means: over the p(p − 1) pairs i ≠ j (unbiased, Lemma 6) or all p² pairs (biased)
        switch estimate {
        case .unbiased: return (sxx - dx) / (p * (p - 1)) + (syy - dy) / (q * (q - 1)) - 2 * sxy / (p * q)
        case .biased: return sxx / (p * p) + syy / (q * q) - 2 * sxy / (p * q)
        }
    }
}
