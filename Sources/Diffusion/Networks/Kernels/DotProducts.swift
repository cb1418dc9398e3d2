/// C (m × n) from A (m × k, row-major) times Bᵀ, where B is n × k row-major: every entry
/// C(i, j) = Σ_p A(i, p) B(j, p) is a dot product of two contiguous rows. This is the fast
/// way for narrow outputs (a layer with two outputs), where the 16-wide tiles of `multiply`
/// would sit mostly empty. Four rows of A share each load of a row of B; two accumulators
/// per row hide the latency of the fused multiply-add.
func multiplyByTransposed(rows m: Int, columns n: Int, inner k: Int,
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
            var s0 = FloatVector(), s1 = FloatVector(), s2 = FloatVector(), s3 = FloatVector()
            var t0 = FloatVector(), t1 = FloatVector(), t2 = FloatVector(), t3 = FloatVector()
            var p = 0
            while p < vectorEnd {
                @inline(__always)
                func load(_ row: UnsafePointer<Float>, _ offset: Int) -> FloatVector {
                    UnsafeRawPointer(row + (p &+ offset)).loadUnaligned(as: FloatVector.self)
                }
                let w = load(bj, 0), v = load(bj, 8)
                s0.addProduct(load(a0, 0), w); t0.addProduct(load(a0, 8), v)
                s1.addProduct(load(a1, 0), w); t1.addProduct(load(a1, 8), v)
                s2.addProduct(load(a2, 0), w); t2.addProduct(load(a2, 8), v)
                s3.addProduct(load(a3, 0), w); t3.addProduct(load(a3, 8), v)
                p &+= 16
            }
            var sums = laneSums(s0 + t0, s1 + t1, s2 + t2, s3 + t3)
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
private func laneSums(_ a: FloatVector, _ b: FloatVector, _ c: FloatVector, _ d: FloatVector) -> SIMD4<Float> {
    let ab = FloatVector(lowHalf: a.evenHalf, highHalf: b.evenHalf) + FloatVector(lowHalf: a.oddHalf, highHalf: b.oddHalf)
    let cd = FloatVector(lowHalf: c.evenHalf, highHalf: d.evenHalf) + FloatVector(lowHalf: c.oddHalf, highHalf: d.oddHalf)
    let abcd = FloatVector(lowHalf: ab.evenHalf, highHalf: cd.evenHalf) + FloatVector(lowHalf: ab.oddHalf, highHalf: cd.oddHalf)
    return abcd.evenHalf + abcd.oddHalf
}

/// Writes the transpose of a rows × columns row-major matrix into `target` (columns × rows,
/// row-major). Used to turn a weight matrix around for the backward pass; it is small next
/// to the products that follow.
func transpose(_ source: UnsafePointer<Float>, rows: Int, columns: Int, into target: UnsafeMutablePointer<Float>) {
    let block = 8
    var i0 = 0
    while i0 < rows {
        let i1 = min(i0 &+ block, rows)
        var j0 = 0
        while j0 < columns {
            let j1 = min(j0 &+ block, columns)
            for i in i0..<i1 {
                for j in j0..<j1 { target[j &* rows &+ i] = source[i &* columns &+ j] }
            }
            j0 = j1
        }
        i0 = i1
    }
}
