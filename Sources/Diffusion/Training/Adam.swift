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

    /// Moves on to iteration t + 1; call once per optimizer step, before `update`.
    func advance() { step += 1 }

    /// Iteration t of Kingma & Ba 2015, Algorithm 1, on the parameters in `range` (two
    /// threads may each take a part), with gradient g = `gradientScale` · ∇ (the clipping
    /// factor folds in here) and step size α = `learningRate`:
    ///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
    ///     θ ← θ − α m̂ / (√v̂ + ε),  with m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ).
    /// The bias corrections are applied to α and to √v (the paper's §2 rearrangement), so the
    /// loop does one square root and one division per parameter.
    func update(_ range: Range<Int>, parameters: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>,
                gradientScale: Float, learningRate: Double) {
        precondition(step >= 1, "Adam.advance() must start an iteration before its update.")
        precondition(range.lowerBound >= 0 && range.upperBound <= firstMoment.count, "The range must lie within the parameters.")
        let t = Double(step)
        let stepSize = Float(learningRate / (1 - pow(Double(beta1), t)))
        let inverseRootCorrection = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
        let m = firstMoment.pointer, v = secondMoment.pointer
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for i in range {
            let g = gradient[i] * gradientScale
            let mi = b1 * m[i] + (1 - b1) * g
            let vi = b2 * v[i] + (1 - b2) * g * g
            m[i] = mi
            v[i] = vi
            parameters[i] -= stepSize * mi / (squareRoot(vi) * inverseRootCorrection + eps)
        }
    }

    /// √v for v ≥ 0 (0 for v = 0) in arithmetic the compiler vectorizes: the standard
    /// library's square root keeps a library-call fallback that stops this loop from
    /// becoming vector code. The exponent-halving guess for 1/√v (Lomont 2003) and three
    /// Newton steps y ← y (3 − v y²) / 2, each squaring the relative error, reach float
    /// precision from the guess's 3.4 %.
    @inline(__always)
    private func squareRoot(_ v: Float) -> Float {
        var y = Float(bitPattern: 0x5F37_59DF &- (v.bitPattern &>> 1))
        y = y * (1.5 - 0.5 * v * y * y)
        y = y * (1.5 - 0.5 * v * y * y)
        y = y * (1.5 - 0.5 * v * y * y)
        return v * y
    }
}
