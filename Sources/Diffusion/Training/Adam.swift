import Foundation

/// The Adam optimizer (Kingma & Ba 2015, Algorithm 1) over one flat parameter vector, with
/// the paper's (and PyTorch's) defaults β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸.
final class Adam {
    let beta1: Float = 0.9
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8
    /// m, the running mean of the gradient.
    let firstMoment: FloatBuffer
    /// v, the running mean of the squared gradient.
    let secondMoment: FloatBuffer
    /// t, the number of updates so far.
    private(set) var step = 0

    init(parameterCount: Int) {
        firstMoment = FloatBuffer(count: parameterCount)
        secondMoment = FloatBuffer(count: parameterCount)
    }

    /// One iteration of Kingma & Ba 2015, Algorithm 1, with gradient g = `gradientScale` · ∇
    /// (the clipping factor folds in here) and step size α = `learningRate`:
    ///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
    ///     θ ← θ − α m̂ / (√v̂ + ε),  with m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ).
    /// The bias corrections are applied to α and to √v (the paper's §2 rearrangement), so the
    /// loop does one square root and one division per parameter.
    func update(parameters: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, gradientScale: Float,
                learningRate: Double) {
        step += 1
        let t = Double(step)
        let stepSize = Float(learningRate / (1 - pow(Double(beta1), t)))
        let inverseRootCorrection = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
        let m = firstMoment.pointer, v = secondMoment.pointer, count = firstMoment.count
        let (b1, b2, eps) = (FloatVector(repeating: beta1), FloatVector(repeating: beta2), FloatVector(repeating: epsilon))
        let (scale, alpha, root) = (FloatVector(repeating: gradientScale), FloatVector(repeating: stepSize),
                                    FloatVector(repeating: inverseRootCorrection))
        var i = 0
        while i < count {
            let valid = min(8, count &- i)
            let g = gradient.vector(at: i, valid: valid) * scale
            let mi = FloatVector.multiplyAdd(b1, m.vector(at: i, valid: valid), (1 - b1) * g)
            let vi = FloatVector.multiplyAdd(b2, v.vector(at: i, valid: valid), (1 - b2) * g * g)
            m.setVector(mi, at: i, valid: valid)
            v.setVector(vi, at: i, valid: valid)
            let step = alpha * mi / FloatVector.multiplyAdd(VectorMath.squareRoot(vi), root, eps)
            parameters.setVector(parameters.vector(at: i, valid: valid) - step, at: i, valid: valid)
            i &+= 8
        }
    }
}
