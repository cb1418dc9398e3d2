/// Elementary functions on eight floats at a time. The library's `expf` and `log1pf`, one
/// call per value, cost more than the matrix products of a softplus network; these
/// polynomial versions stay in vector registers and are accurate to a few parts in 10⁷.
enum VectorMath {
    /// The lowest argument of `expOfNonPositive` whose result is still a normal float.
    private static let expLow: Float = -87.3
    /// ln 2 split into a part exact in float and the remainder (Cody & Waite 1980).
    private static let ln2High: Float = 0.693_145_751_953_125
    private static let ln2Low: Float = 1.428_606_765_330_187e-6
    /// 1.5 · 2²³: adding it rounds a float of magnitude below 2²² to an integer.
    private static let roundingShift: Float = 12_582_912

    /// eˣ for x ≤ 0 (the only arguments the activations need: e^{−|h|}), as 2ⁿ · eʳ with
    /// n = round(x / ln 2) and |r| ≤ ln 2 / 2; eʳ by its Taylor series up to r⁷/7!, whose
    /// remainder is below 2·10⁻⁸ · eʳ there. Arguments below −87.3 are raised to −87.3, so
    /// the result is always a normal float (n stays in −126…0).
    @inline(__always)
    static func expOfNonPositive(_ x: FloatVector) -> FloatVector {
        let x = FloatVector(repeating: expLow).replacing(with: x, where: x .> expLow)
        let shifted = FloatVector.multiplyAdd(x, FloatVector(repeating: 1.442_695_04), FloatVector(repeating: roundingShift))
        let n = shifted - roundingShift
        let r = FloatVector.multiplyAdd(n, FloatVector(repeating: -ln2Low), .multiplyAdd(n, FloatVector(repeating: -ln2High), x))
        var p = FloatVector(repeating: 1.0 / 5040)
        p = .multiplyAdd(p, r, FloatVector(repeating: 1.0 / 720))
        p = .multiplyAdd(p, r, FloatVector(repeating: 1.0 / 120))
        p = .multiplyAdd(p, r, FloatVector(repeating: 1.0 / 24))
        p = .multiplyAdd(p, r, FloatVector(repeating: 1.0 / 6))
        p = .multiplyAdd(p, r, FloatVector(repeating: 0.5))
        p = .multiplyAdd(p, r, FloatVector(repeating: 1))
        p = .multiplyAdd(p, r, FloatVector(repeating: 1))
        // 2ⁿ: the integer n sits in the low bits of `shifted`; move n + 127 into the exponent.
        let integerBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let scale = unsafeBitCast((integerBits &+ 127) &<< 23, to: FloatVector.self)
        return p * scale
    }

    /// log(1 + u) for u in [0, 1]: with s = u / (2 + u), log(1 + u) = 2 artanh s
    /// = 2 (s + s³/3 + s⁵/5 + …), summed to s¹³/13; s ≤ 1/3, so the remainder is below 10⁻⁸.
    /// Computing s from u directly keeps full relative accuracy for tiny u.
    @inline(__always)
    static func log1p(_ u: FloatVector) -> FloatVector {
        let s = u / (u + 2)
        let z = s * s
        var p = FloatVector(repeating: 1.0 / 13)
        p = .multiplyAdd(p, z, FloatVector(repeating: 1.0 / 11))
        p = .multiplyAdd(p, z, FloatVector(repeating: 1.0 / 9))
        p = .multiplyAdd(p, z, FloatVector(repeating: 1.0 / 7))
        p = .multiplyAdd(p, z, FloatVector(repeating: 1.0 / 5))
        p = .multiplyAdd(p, z, FloatVector(repeating: 1.0 / 3))
        p = .multiplyAdd(p, z, FloatVector(repeating: 1))
        return 2 * s * p
    }

    /// √v for v ≥ 0 (0 for v = 0). The standard library's square root of a vector becomes one
    /// library call per lane on Linux; this stays in registers: the exponent-halving guess
    /// for 1/√v (Lomont 2003) and three Newton steps y ← y (3 − v y²) / 2, each of which
    /// squares the relative error, reach float precision from the guess's 3.4 %.
    @inline(__always)
    static func squareRoot(_ v: FloatVector) -> FloatVector {
        var y = unsafeBitCast(0x5F37_59DF &- (unsafeBitCast(v, to: SIMD8<UInt32>.self) &>> 1), to: FloatVector.self)
        for _ in 0..<3 { y = y * (1.5 - 0.5 * v * y * y) }
        return v * y
    }

    /// |x|, by clearing the sign bits.
    @inline(__always)
    static func magnitude(_ x: FloatVector) -> FloatVector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: FloatVector.self)
    }

    /// max(x, 0) = (x + |x|) / 2, in arithmetic.
    @inline(__always)
    static func positivePart(_ x: FloatVector) -> FloatVector {
        (x + magnitude(x)) * 0.5
    }

    /// The logistic sigmoid σ(x) = 1 / (1 + e⁻ˣ), given u = e^{−|x|}: 1 / (1 + u) for x ≥ 0
    /// and u / (1 + u) for x < 0, so neither side overflows.
    @inline(__always)
    static func sigmoid(_ x: FloatVector, expOfMinusMagnitude u: FloatVector) -> FloatVector {
        FloatVector(repeating: 1).replacing(with: u, where: x .< 0) / (1 + u)
    }
}

extension UnsafePointer where Pointee == Float {
    /// Up to eight floats from `offset`, zero-padded when `valid` < 8.
    @inline(__always)
    func vector(at offset: Int, valid: Int) -> FloatVector {
        if valid == 8 { return vector(at: offset) }
        var v = FloatVector()
        for lane in 0..<valid { v[lane] = self[offset &+ lane] }
        return v
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// Up to eight floats from `offset`, zero-padded when `valid` < 8.
    @inline(__always)
    func vector(at offset: Int, valid: Int) -> FloatVector {
        UnsafePointer(self).vector(at: offset, valid: valid)
    }

    /// Stores the first `valid` lanes of `value` from `offset`.
    @inline(__always)
    func setVector(_ value: FloatVector, at offset: Int, valid: Int) {
        if valid == 8 { setVector(value, at: offset); return }
        for lane in 0..<valid { self[offset &+ lane] = value[lane] }
    }
}
