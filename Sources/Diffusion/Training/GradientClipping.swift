/// Clipping by the global norm (Pascanu et al. 2013, Algorithm 2): when ‖g‖ exceeds c, the
/// whole gradient is scaled to norm c, so its direction survives. As PyTorch's
/// `clip_grad_norm_`, the factor is c / (‖g‖ + 10⁻⁶), capped at 1.
enum GradientClipping {
    /// The factor to multiply the gradient by, given its norm ‖g‖ and the limit c
    /// (nil: no clipping).
    static func factor(norm: Double, maxNorm: Double?) -> Float {
        guard let maxNorm else { return 1 }
        return Float(min(1, maxNorm / (norm + 1e-6)))
    }

    /// Adds the gradient of a second part of the batch into the first over `range` and
    /// returns Σ g² of the sum there, in one pass; with one part, just Σ g².
    static func combine(_ range: Range<Int>, _ first: UnsafeMutablePointer<Float>, _ second: UnsafePointer<Float>?) -> Double {
        let count = range.upperBound
        var total = 0.0
        var block = range.lowerBound
        // Blocks of 4096 values are summed in float vectors, then folded into a Double.
        while block < count {
            let end = min(block + 4096, count)
            var squares = FloatVector()
            var i = block
            while i &+ 8 <= end {
                var g = UnsafeRawPointer(first + i).loadUnaligned(as: FloatVector.self)
                if let second {
                    g += UnsafeRawPointer(second + i).loadUnaligned(as: FloatVector.self)
                    UnsafeMutableRawPointer(first + i).storeBytes(of: g, as: FloatVector.self)
                }
                squares.addProduct(g, g)
                i &+= 8
            }
            total += Double(squares.sum())
            while i < end {
                if let second { first[i] += second[i] }
                total += Double(first[i]) * Double(first[i])
                i &+= 1
            }
            block = end
        }
        return total
    }
}
