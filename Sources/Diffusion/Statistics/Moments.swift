/// Sample moments, for the numerical checks the lessons print.
public enum Moments {
    /// The sample mean (1/n) Σ x_i.
    public static func mean(_ x: [Double]) -> Double {
        precondition(!x.isEmpty, "The mean of no values is undefined.")
        return x.reduce(0, +) / Double(x.count)
    }

    /// The unbiased sample variance (1/(n − 1)) Σ (x_i − x̄)².
    public static func variance(_ x: [Double]) -> Double {
        precondition(x.count >= 2, "A sample variance needs at least two values.")
        let m = mean(x)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// Pearson's correlation coefficient of two equally long samples.
    public static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count && a.count >= 2, "Correlation needs two samples of the same length, at least two values each.")
        let ma = mean(a), mb = mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            let da = a[i] - ma, db = b[i] - mb
            sab += da * db
            saa += da * da
            sbb += db * db
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// Value `dimension` of every sample in a flat array of `dimensions`-dimensional samples.
    public static func component(_ flat: [Double], dimension: Int, of dimensions: Int) -> [Double] {
        precondition(dimension >= 0 && dimension < dimensions, "The dimension must lie in 0..<dimensions.")
        return stride(from: dimension, to: flat.count, by: dimensions).map { flat[$0] }
    }
}
