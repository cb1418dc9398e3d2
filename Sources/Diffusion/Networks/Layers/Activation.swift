/// The activation functions of the networks, applied value by value. The forward pass can
/// also store the derivative f′(h) of every value, which is all the backward pass needs:
/// ∂L/∂h = ∂L/∂a · f′(h).
public enum Activation: String, CaseIterable, Sendable {
    /// softplus(h) = log(1 + eʰ), a smooth ReLU (the 2D tutorial's choice);
    /// softplus′(h) = σ(h).
    case softplus
    /// SiLU(h) = h σ(h) (Elfwing et al. 2018; "swish"), used by DDPM's networks;
    /// SiLU′(h) = σ(h) (1 + h (1 − σ(h))).
    case silu
    /// ReLU(h) = max(h, 0); ReLU′(h) = 1 for h > 0, else 0.
    case relu

    /// a = f(h) for `count` values (a may be h itself). With `derivative`, also stores
    /// f′(h) there for `backward`.
    func forward(_ h: UnsafePointer<Float>, count: Int, into a: UnsafeMutablePointer<Float>,
                 derivative: UnsafeMutablePointer<Float>?) {
        switch (self, derivative) {
        case (.softplus, nil):
            VectorMath.map(count: count) { i, valid in
                let x = h.vector(at: i, valid: valid)
                let u = VectorMath.exp(-VectorMath.magnitude(x))
                a.setVector(VectorMath.positivePart(x) + VectorMath.log1p(u), at: i, valid: valid)
            }
        case (.softplus, let derivative?):
            VectorMath.map(count: count) { i, valid in
                let x = h.vector(at: i, valid: valid)
                let u = VectorMath.exp(-VectorMath.magnitude(x))
                a.setVector(VectorMath.positivePart(x) + VectorMath.log1p(u), at: i, valid: valid)
                derivative.setVector(VectorMath.sigmoid(x, expOfMinusMagnitude: u), at: i, valid: valid)
            }
        case (.silu, _):
            VectorMath.map(count: count) { i, valid in
                let x = h.vector(at: i, valid: valid)
                let s = VectorMath.sigmoid(x, expOfMinusMagnitude: VectorMath.exp(-VectorMath.magnitude(x)))
                a.setVector(x * s, at: i, valid: valid)
                derivative?.setVector(s * (1 + x * (1 - s)), at: i, valid: valid)
            }
        case (.relu, _):
            VectorMath.map(count: count) { i, valid in
                let x = h.vector(at: i, valid: valid)
                a.setVector(VectorMath.positivePart(x), at: i, valid: valid)
                let one = FloatVector(repeating: 1)
                derivative?.setVector(one.replacing(with: 0, where: x .<= 0), at: i, valid: valid)
            }
        }
    }

    /// ∂L/∂h = ∂L/∂a · f′(h) for `count` values, with f′(h) as `forward` stored it
    /// (the result may overwrite ∂L/∂a).
    func backward(outputGradient da: UnsafePointer<Float>, derivative: UnsafePointer<Float>, count: Int,
                  into dh: UnsafeMutablePointer<Float>) {
        VectorMath.map(count: count) { i, valid in
            dh.setVector(da.vector(at: i, valid: valid) * derivative.vector(at: i, valid: valid), at: i, valid: valid)
        }
    }
}
