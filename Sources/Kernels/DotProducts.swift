import KernelOperands

/// C (m × n) from A (m × k, row-major) times Bᵀ, where B is n × k row-major: every entry
/// C(i, j) = Σ_p A(i, p) B(j, p) is a dot product of two contiguous rows. This is the fast
/// way for narrow outputs (a layer with two outputs), where the 16-wide tiles of `multiply`
/// would sit mostly empty. Four rows of A share each load of a row of B. Each row sums into
/// one 16-float accumulator (two AVX2 registers, which also hides the latency of the fused
/// multiply-add, or one AVX-512 register): lane l adds up the steps p ≡ l (mod 16) in order,
/// then the lanes are added pairwise (lane l and l + 8, then `laneSums`) and the steps past
/// the last multiple of 16 one at a time, the same order whatever the vector width.
public func multiplyByTransposed(rows m: Int, columns n: Int, inner k: Int,
                                 _ a: UnsafePointer<Float>, aRowStride: Int,
                                 _ b: UnsafePointer<Float>, bRowStride: Int,
                                 into c: UnsafeMutablePointer<Float>, cRowStride: Int, start: ProductStart) {
    precondition(m >= 0 && n >= 0 && k >= 1, "A product needs non-negative sizes and at least one inner step.")
    @inline(__always)
    func store(_ value: Float, row i: Int, column j: Int) {
        let target = c + (i &* cRowStride &+ j)
        switch start {
        case .overwrite: target.pointee = value
        case .accumulate: target.pointee += value
        case .addRow(let row): target.pointee = row[j] + value
        case .accumulateAddingRow(let row): target.pointee += row[j] + value
        case .addRowScalingRows(let row, let scales): target.pointee = (row[j] + value) * scales.row(i)[j]
        }
    }
    let vectorEnd = k & ~15
    var i = 0
    while i &+ 4 <= m {
        let a0 = a + i &* aRowStride, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
        for j in 0..<n {
            let bj = b + j &* bRowStride
            var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
            var p = 0
            while p < vectorEnd {
                @inline(__always)
                func load(_ row: UnsafePointer<Float>) -> SIMD16<Float> {
                    UnsafeRawPointer(row + p).loadUnaligned(as: SIMD16<Float>.self)
                }
                let w = load(bj)
                s0.addProduct(load(a0), w); s1.addProduct(load(a1), w)
                s2.addProduct(load(a2), w); s3.addProduct(load(a3), w)
                p &+= 16
            }
            var sums = laneSums(s0.lowHalf + s0.highHalf, s1.lowHalf + s1.highHalf,
                                s2.lowHalf + s2.highHalf, s3.lowHalf + s3.highHalf)
            while p < k {
                sums += SIMD4(a0[p], a1[p], a2[p], a3[p]) * bj[p]
                p &+= 1
            }
            for r in 0..<4 { store(sums[r], row: i &+ r, column: j) }
        }
        i &+= 4
    }
    while i < m {
        let ai = a + i &* aRowStride
        for j in 0..<n {
            let bj = b + j &* bRowStride
            var sum: Float = 0
            for p in 0..<k { sum += ai[p] * bj[p] }
            store(sum, row: i, column: j)
        }
        i &+= 1
    }
}

/// The sums of four vectors' lanes, as one vector [Σa, Σb, Σc, Σd], by three rounds of
/// pairwise adds (a scalar reduction per vector would cost more than the dot products).
@inline(__always)
private func laneSums(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>, _ d: SIMD8<Float>) -> SIMD4<Float> {
    let ab = SIMD8(lowHalf: a.evenHalf, highHalf: b.evenHalf) + SIMD8(lowHalf: a.oddHalf, highHalf: b.oddHalf)
    let cd = SIMD8(lowHalf: c.evenHalf, highHalf: d.evenHalf) + SIMD8(lowHalf: c.oddHalf, highHalf: d.oddHalf)
    let abcd = SIMD8(lowHalf: ab.evenHalf, highHalf: cd.evenHalf) + SIMD8(lowHalf: ab.oddHalf, highHalf: cd.oddHalf)
    return abcd.evenHalf + abcd.oddHalf
}
