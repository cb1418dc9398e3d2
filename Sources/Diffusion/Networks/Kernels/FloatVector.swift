/// The vector type of the network kernels: eight floats, one AVX register on x86-64 (two
/// NEON registers on Apple silicon). Every hot loop of the networks works in these.
typealias FloatVector = SIMD8<Float>

extension UnsafePointer where Pointee == Float {
    /// The eight floats starting at `offset`, with no alignment requirement.
    @inline(__always)
    func vector(at offset: Int) -> FloatVector {
        UnsafeRawPointer(self + offset).loadUnaligned(as: FloatVector.self)
    }
}

extension UnsafeMutablePointer where Pointee == Float {
    /// The eight floats starting at `offset`, with no alignment requirement.
    @inline(__always)
    func vector(at offset: Int) -> FloatVector {
        UnsafeRawPointer(self + offset).loadUnaligned(as: FloatVector.self)
    }

    /// Stores eight floats starting at `offset`.
    @inline(__always)
    func setVector(_ value: FloatVector, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: FloatVector.self)
    }
}

extension FloatVector {
    /// a · b + c, one fused instruction where the target has FMA (the manifest turns it on
    /// for x86-64 with `-target-cpu native`; arm64 always has it).
    @inline(__always)
    static func multiplyAdd(_ a: FloatVector, _ b: FloatVector, _ c: FloatVector) -> FloatVector {
        c.addingProduct(a, b)
    }

    /// The sums of four vectors' lanes, as one vector [Σa, Σb, Σc, Σd], by three rounds of
    /// pairwise adds (no scalar reduction, which would scalarize a hot loop).
    @inline(__always)
    static func laneSums(_ a: FloatVector, _ b: FloatVector, _ c: FloatVector, _ d: FloatVector) -> SIMD4<Float> {
        let ab = FloatVector(lowHalf: a.evenHalf, highHalf: b.evenHalf) + FloatVector(lowHalf: a.oddHalf, highHalf: b.oddHalf)
        let cd = FloatVector(lowHalf: c.evenHalf, highHalf: d.evenHalf) + FloatVector(lowHalf: c.oddHalf, highHalf: d.oddHalf)
        let abcd = FloatVector(lowHalf: ab.evenHalf, highHalf: cd.evenHalf) + FloatVector(lowHalf: ab.oddHalf, highHalf: cd.oddHalf)
        return abcd.evenHalf + abcd.oddHalf
    }
}
