/// The activation functions of the networks, applied value by value. The forward pass can
/// also store the derivative f′(h) of every value, which is all the backward pass needs:
/// ∂L/∂h = ∂L/∂a · f′(h).
///
/// The library's `expf` and `log1pf`, one call per value, cost more than the matrix products
/// of a softplus network, so the functions below work on eight floats at a time with
/// polynomial eˣ and log(1 + u) accurate to a few parts in 10⁷ (all in this file: see
/// `FloatVector` on why kernels keep their helpers local).
enum Activation: CaseIterable, Sendable {
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
        case .softplus: evaluate(Softplus.self, h, count: count, into: a, derivative: derivative)
        case .silu: evaluate(SiLU.self, h, count: count, into: a, derivative: derivative)
        case .relu: evaluate(ReLU.self, h, count: count, into: a, derivative: derivative)
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
private enum Softplus: ElementwiseFunction {
    @inline(__always)
    static func value(_ x: FloatVector) -> FloatVector {
        positivePart(x) + logOnePlus(expOfNonPositive(-magnitude(x)))
    }

    @inline(__always)
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector) {
        let u = expOfNonPositive(-magnitude(x))
        return (positivePart(x) + logOnePlus(u), sigmoid(x, expOfMinusMagnitude: u))
    }
}

/// SiLU(h) = h σ(h); SiLU′(h) = σ(h) (1 + h (1 − σ(h))).
private enum SiLU: ElementwiseFunction {
    @inline(__always)
    static func value(_ x: FloatVector) -> FloatVector {
        x * sigmoid(x, expOfMinusMagnitude: expOfNonPositive(-magnitude(x)))
    }

    @inline(__always)
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector) {
        let s = sigmoid(x, expOfMinusMagnitude: expOfNonPositive(-magnitude(x)))
        return (x * s, s * (1 + x * (1 - s)))
    }
}

/// ReLU(h) = max(h, 0); ReLU′(h) = 1 for h > 0, else 0.
private enum ReLU: ElementwiseFunction {
    @inline(__always)
    static func value(_ x: FloatVector) -> FloatVector { positivePart(x) }

    @inline(__always)
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector) {
        (positivePart(x), FloatVector(repeating: 1).replacing(with: 0, where: x .<= 0))
    }
}

/// A function applied value by value, eight values at a time, with its derivative. The
/// loop is generic over this protocol (not over a closure), so the optimizer inlines each
/// function into its own vector loop.
private protocol ElementwiseFunction {
    static func value(_ x: FloatVector) -> FloatVector
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector)
}

/// a = f(h) for `count` values, and f′(h) into `derivative` when given. Whole groups of
/// eight run in loops of their own (a partial group in the same loop body made the compiler
/// split every vector into pieces); the last partial group is padded with zeros.
private func evaluate<F: ElementwiseFunction>(_ function: F.Type, _ h: UnsafePointer<Float>, count: Int,
                                              into a: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?) {
    let whole = count & ~7
    var i = 0
    if let derivative {
        while i < whole {
            let (value, slope) = F.valueAndDerivative(UnsafeRawPointer(h + i).loadUnaligned(as: FloatVector.self))
            UnsafeMutableRawPointer(a + i).storeBytes(of: value, as: FloatVector.self)
            UnsafeMutableRawPointer(derivative + i).storeBytes(of: slope, as: FloatVector.self)
            i &+= 8
        }
    } else {
        while i < whole {
            UnsafeMutableRawPointer(a + i).storeBytes(of: F.value(UnsafeRawPointer(h + i).loadUnaligned(as: FloatVector.self)),
                                                      as: FloatVector.self)
            i &+= 8
        }
    }
    guard whole < count else { return }
    let (value, slope) = F.valueAndDerivative(partialLoad(h + whole, count &- whole))
    partialStore(value, a + whole, count &- whole)
    if let derivative { partialStore(slope, derivative + whole, count &- whole) }
}

/// The first `valid` (< 8) floats at `p`, zero-padded.
private func partialLoad(_ p: UnsafePointer<Float>, _ valid: Int) -> FloatVector {
    var v = FloatVector()
    for lane in 0..<valid { v[lane] = p[lane] }
    return v
}

/// Stores the first `valid` (< 8) lanes of `v` at `p`.
private func partialStore(_ v: FloatVector, _ p: UnsafeMutablePointer<Float>, _ valid: Int) {
    for lane in 0..<valid { p[lane] = v[lane] }
}

/// ln 2 split into a part exact in float and the remainder (Cody & Waite 1980).
private let ln2High: Float = 0.693_145_751_953_125
private let ln2Low: Float = 1.428_606_765_330_187e-6
/// The lowest argument of `expOfNonPositive` whose result is still a normal float.
private let expLow: Float = -87.3
/// 1.5 · 2²³: adding it rounds a float of magnitude below 2²² to an integer.
private let roundingShift: Float = 12_582_912

/// eˣ for x ≤ 0 (the activations only need e^{−|h|}), as 2ⁿ · eʳ with n = round(x / ln 2)
/// and |r| ≤ ln 2 / 2; eʳ by its Taylor series up to r⁷/7!, whose remainder is below
/// 2·10⁻⁸ · eʳ there. Arguments below −87.3 are raised to −87.3, so the result is always a
/// normal float (n stays in −126…0).
@inline(__always)
func expOfNonPositive(_ x: FloatVector) -> FloatVector {
    let x = FloatVector(repeating: expLow).replacing(with: x, where: x .> expLow)
    let shifted = FloatVector(repeating: roundingShift).addingProduct(x, FloatVector(repeating: 1.442_695_04))
    let n = shifted - roundingShift
    let r = x.addingProduct(n, FloatVector(repeating: -ln2High)).addingProduct(n, FloatVector(repeating: -ln2Low))
    @inline(__always)
    func horner(_ p: FloatVector, _ coefficient: Float) -> FloatVector { FloatVector(repeating: coefficient).addingProduct(p, r) }
    var p = horner(FloatVector(repeating: 1.0 / 5040), 1.0 / 720)
    p = horner(horner(horner(p, 1.0 / 120), 1.0 / 24), 1.0 / 6)
    p = horner(horner(horner(p, 0.5), 1), 1)
    // 2ⁿ: the integer n sits in the low bits of `shifted`; move n + 127 into the exponent.
    let integerBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    return p * unsafeBitCast((integerBits &+ 127) &<< 23, to: FloatVector.self)
}

/// log(1 + u) for u in [0, 1]: with s = u / (2 + u), log(1 + u) = 2 artanh s
/// = 2 (s + s³/3 + s⁵/5 + …), summed to s¹³/13; s ≤ 1/3, so the remainder is below 10⁻⁸.
/// Computing s from u directly keeps full relative accuracy for tiny u.
@inline(__always)
func logOnePlus(_ u: FloatVector) -> FloatVector {
    let s = u / (u + 2)
    let z = s * s
    @inline(__always)
    func horner(_ p: FloatVector, _ coefficient: Float) -> FloatVector { FloatVector(repeating: coefficient).addingProduct(p, z) }
    var p = horner(horner(horner(FloatVector(repeating: 1.0 / 13), 1.0 / 11), 1.0 / 9), 1.0 / 7)
    p = horner(horner(horner(p, 1.0 / 5), 1.0 / 3), 1)
    return (s + s) * p
}

/// |x|, by clearing the sign bits.
@inline(__always)
private func magnitude(_ x: FloatVector) -> FloatVector {
    unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: FloatVector.self)
}

/// max(x, 0) = (x + |x|) / 2, in arithmetic.
@inline(__always)
private func positivePart(_ x: FloatVector) -> FloatVector {
    (x + magnitude(x)) * 0.5
}

/// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), given u = e^{−|x|}: 1 / (1 + u) for x ≥ 0
/// and u / (1 + u) for x < 0, so neither side overflows.
@inline(__always)
private func sigmoid(_ x: FloatVector, expOfMinusMagnitude u: FloatVector) -> FloatVector {
    FloatVector(repeating: 1).replacing(with: u, where: x .< 0) / (1 + u)
}
