/// The activation functions of the networks, applied value by value. The forward pass can
/// also store the derivative f′(h) of every value, which is all the backward pass needs:
/// ∂L/∂h = ∂L/∂a · f′(h).
public enum Activation: String, CaseIterable, Sendable {
    /// softplus(h) = log(1 + eʰ), a smooth ReLU (the 2D tutorial's choice).
    case softplus
    /// SiLU(h) = h σ(h) (Elfwing et al. 2018; "swish"), used by DDPM's networks.
    case silu
    /// ReLU(h) = max(h, 0).
    case relu

    /// a = f(h) for `count` values (a may be h itself). With `derivative`, also stores
    /// f′(h) there for `backward`.
    func forward(_ h: UnsafePointer<Float>, count: Int, into a: UnsafeMutablePointer<Float>,
                 derivative: UnsafeMutablePointer<Float>?) {
        switch self {
        case .softplus: VectorMath.evaluate(Softplus.self, h, count: count, into: a, derivative: derivative)
        case .silu: VectorMath.evaluate(SiLU.self, h, count: count, into: a, derivative: derivative)
        case .relu: VectorMath.evaluate(ReLU.self, h, count: count, into: a, derivative: derivative)
        }
    }

    /// ∂L/∂h = ∂L/∂a · f′(h) for `count` values, with f′(h) as `forward` stored it
    /// (the result may overwrite ∂L/∂a).
    func backward(outputGradient da: UnsafePointer<Float>, derivative: UnsafePointer<Float>, count: Int,
                  into dh: UnsafeMutablePointer<Float>) {
        RowOperations.multiply(da, derivative, count: count, into: dh)
    }
}

/// softplus(h) = max(h, 0) + log(1 + e^{−|h|}) (the same function, without overflow);
/// softplus′(h) = σ(h).
enum Softplus: ElementwiseFunction {
    @inline(__always)
    static func value(_ x: FloatVector) -> FloatVector {
        VectorMath.positivePart(x) + VectorMath.log1p(VectorMath.expOfNonPositive(-VectorMath.magnitude(x)))
    }

    @inline(__always)
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector) {
        let u = VectorMath.expOfNonPositive(-VectorMath.magnitude(x))
        return (VectorMath.positivePart(x) + VectorMath.log1p(u), VectorMath.sigmoid(x, expOfMinusMagnitude: u))
    }
}

/// SiLU(h) = h σ(h); SiLU′(h) = σ(h) (1 + h (1 − σ(h))).
enum SiLU: ElementwiseFunction {
    @inline(__always)
    static func value(_ x: FloatVector) -> FloatVector {
        x * VectorMath.sigmoid(x, expOfMinusMagnitude: VectorMath.expOfNonPositive(-VectorMath.magnitude(x)))
    }

    @inline(__always)
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector) {
        let s = VectorMath.sigmoid(x, expOfMinusMagnitude: VectorMath.expOfNonPositive(-VectorMath.magnitude(x)))
        return (x * s, s * (1 + x * (1 - s)))
    }
}

/// ReLU(h) = max(h, 0); ReLU′(h) = 1 for h > 0, else 0.
enum ReLU: ElementwiseFunction {
    @inline(__always)
    static func value(_ x: FloatVector) -> FloatVector { VectorMath.positivePart(x) }

    @inline(__always)
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector) {
        (VectorMath.positivePart(x), FloatVector(repeating: 1).replacing(with: 0, where: x .<= 0))
    }
}
