import Foundation

/// The softmax and its cross-entropy loss for classification (Bridle 1990; Goodfellow,
/// Bengio & Courville 2016, §6.2.2.3). For logits z of one sample and its class y:
///     p_k = e^{z_k − m} / Σ_j e^{z_j − m}  (m = max_j z_j, so no exponential overflows),
///     ℓ = −log p_y,   ∂ℓ/∂z_k = p_k − [k = y].
enum SoftmaxCrossEntropy {
    /// Replaces each of `rows` rows of `classes` logits by its probabilities p.
    static func softmax(_ z: UnsafeMutablePointer<Float>, rows: Int, classes: Int) {
        for r in 0..<rows {
            let row = z + r &* classes
            var largest = row[0]
            for k in 1..<classes { largest = max(largest, row[k]) }
            var sum: Float = 0
            for k in 0..<classes {
                row[k] = expf(row[k] - largest)
                sum += row[k]
            }
            for k in 0..<classes { row[k] /= sum }
        }
    }

    /// Turns the logits into probabilities (in place) and returns Σ_rows −log p_y. With
    /// `gradient`, also writes `gradientScale` · (p − onehot(y)) there: ∂L/∂z for a loss
    /// that is `gradientScale` times the sum (1/rows for the batch mean).
    static func loss(logits z: UnsafeMutablePointer<Float>, labels: UnsafePointer<Int32>, rows: Int, classes: Int,
                     gradientScale: Float = 1, gradient: UnsafeMutablePointer<Float>? = nil) -> Double {
        softmax(z, rows: rows, classes: classes)
        var total = 0.0
        for r in 0..<rows {
            let row = z + r &* classes, label = Int(labels[r])
            precondition(label >= 0 && label < classes, "A label must lie in 0…\(classes - 1), not \(label).")
            // p_y is at least the smallest normal float, so the loss stays finite.
            total -= log(Double(max(row[label], .leastNormalMagnitude)))
            guard let gradient else { continue }
            let g = gradient + r &* classes
            for k in 0..<classes { g[k] = gradientScale * (row[k] - (k == label ? 1 : 0)) }
        }
        return total
    }
}
