/// A read-only matrix in memory: element (i, j) is `base[i · rowStride + j · columnStride]`.
/// A row-major matrix has column stride 1; its transpose is the same memory with the two
/// strides swapped, so products with Aᵀ need no copy.
struct MatrixOperand {
    let base: UnsafePointer<Float>
    let rowStride: Int
    let columnStride: Int

    /// A row-major matrix whose rows are `columns` floats apart.
    static func rowMajor(_ base: UnsafePointer<Float>, columns: Int) -> MatrixOperand {
        MatrixOperand(base: base, rowStride: columns, columnStride: 1)
    }

    /// The transpose, reading the same memory.
    var transposed: MatrixOperand {
        MatrixOperand(base: base, rowStride: columnStride, columnStride: rowStride)
    }
}

/// What a product does with the matrix C it writes.
enum ProductStart {
    /// C ← A·B.
    case overwrite
    /// C ← C + A·B.
    case accumulate
    /// C ← A·B + 1·bᵀ: the row vector b (n floats) is added to every row, as a layer's bias.
    case addRow(UnsafePointer<Float>)
    /// C ← C + A·B + 1·bᵀ: a layer's output added onto C, as in a residual block.
    case accumulateAddingRow(UnsafePointer<Float>)
    /// C ← (A·B + 1·bᵀ) ⊙ S: each row i then scaled element-wise by its own row S_i, the
    /// 2D tutorial's per-step embedding applied as the product is stored.
    case addRowScalingRows(UnsafePointer<Float>, RowScales)
}

/// One row vector per output row: row i of a product is scaled by row t_i − 1 of `table`
/// (the embedding e_t of the row's time step t, which runs 1…T).
struct RowScales {
    let table: UnsafePointer<Float>
    let times: UnsafePointer<Int32>
    let rowLength: Int

    @inline(__always)
    func row(_ i: Int) -> UnsafePointer<Float> {
        table + (Int(times[i]) &- 1) &* rowLength
    }
}

/// The register tile of `multiply`: 6 rows × 16 columns, twelve 8-float accumulators, which
/// with the two B vectors and one broadcast fill the 16 AVX registers of x86-64.
private let tileRows = 6
/// How many steps of the inner dimension are taken at a time (a packed panel: 6 × 256 floats).
private let panelDepth = 256

/// C (m × n, row-major, rows `cRowStride` apart) from A (m × k, any strides) times B (k × n,
/// row-major). A register-blocked 6 × 16 micro-kernel sweeps B for six rows of A at a time,
/// read in place when A is row-major and packed into a small contiguous panel otherwise (a
/// transposed A read in place thrashes the cache); columns past the last multiple of 16 are
/// done one at a time. About 85 GFLOP/s at 128³ on one core of the AVX2 machine it was
/// measured on (Sources/Benchmarks, `matmul_128`).
func multiply(rows m: Int, columns n: Int, inner k: Int, _ a: MatrixOperand, _ b: MatrixOperand,
              into c: UnsafeMutablePointer<Float>, cRowStride: Int, start: ProductStart) {
    precondition(b.columnStride == 1, "The right operand of a product must be row-major.")
    precondition(m >= 0 && n >= 0 && k >= 1, "A product needs non-negative sizes and at least one inner step.")
    if case .addRowScalingRows = start {
        precondition(k <= panelDepth, "A product with scaled rows takes at most \(panelDepth) inner steps.")
    }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: tileRows * panelDepth) { buffer in
        let panel = buffer.baseAddress!
        var p0 = 0
        while p0 < k {
            let depth = min(panelDepth, k &- p0)
            let chunkStart = p0 == 0 ? start : .accumulate  // later panels add on
            var i = 0
            while i < m {
                let rows = min(tileRows, m &- i)
                // Six whole rows of a row-major A are read in place; anything else is packed.
                let tile: PanelView
                if a.columnStride == 1 && rows == tileRows {
                    tile = PanelView(base: a.base + (i &* a.rowStride &+ p0), rowStride: a.rowStride, step: 1)
                } else {
                    pack(a, rows: i..<(i &+ rows), columns: p0..<(p0 &+ depth), into: panel)
                    tile = PanelView(base: panel, rowStride: 1, step: tileRows)
                }
                let bPanel = b.base + p0 &* b.rowStride
                let cRow = c + i &* cRowStride
                var j = 0
                while j &+ 16 <= n {
                    microKernel(tile, depth: depth, b: bPanel + j, bRowStride: b.rowStride,
                                c: cRow + j, cRowStride: cRowStride, rows: rows, start: chunkStart, row: i, column: j)
                    j &+= 16
                }
                while j < n {
                    edgeColumn(tile, depth: depth, b: bPanel + j, bRowStride: b.rowStride,
                               c: cRow + j, cRowStride: cRowStride, rows: rows, start: chunkStart, row: i, column: j)
                    j &+= 1
                }
                i &+= tileRows
            }
            p0 &+= depth
        }
    }
}

/// Six rows of A for the micro-kernel: row r, inner step p at base[r · rowStride + p · step].
private struct PanelView {
    let base: UnsafePointer<Float>
    let rowStride: Int
    let step: Int
}

/// Copies rows × columns of A into `panel` as depth-major groups of six (panel[p·6 + r] =
/// A(row r, column p)), padding missing rows with zeros so the micro-kernel never branches.
@inline(__always)
private func pack(_ a: MatrixOperand, rows: Range<Int>, columns: Range<Int>, into panel: UnsafeMutablePointer<Float>) {
    let count = rows.count, rs = a.rowStride
    var source = a.base + (rows.lowerBound &* a.rowStride &+ columns.lowerBound &* a.columnStride)
    var target = panel
    if count == tileRows {
        for _ in columns {
            target[0] = source[0]; target[1] = source[rs]; target[2] = source[2 &* rs]
            target[3] = source[3 &* rs]; target[4] = source[4 &* rs]; target[5] = source[5 &* rs]
            source += a.columnStride
            target += tileRows
        }
        return
    }
    for _ in columns {
        for r in 0..<tileRows { target[r] = r < count ? source[r &* rs] : 0 }
        source += a.columnStride
        target += tileRows
    }
}

/// One 6 × 16 tile of C: for each inner step p, broadcast the six packed values of A and
/// multiply-add them with two 8-float vectors of B's row p.
@inline(__always)
private func microKernel(_ tile: PanelView, depth: Int, b: UnsafePointer<Float>, bRowStride: Int,
                         c: UnsafeMutablePointer<Float>, cRowStride: Int, rows: Int, start: ProductStart,
                         row firstRow: Int, column: Int) {
    var c00 = FloatVector(), c01 = FloatVector(), c10 = FloatVector(), c11 = FloatVector()
    var c20 = FloatVector(), c21 = FloatVector(), c30 = FloatVector(), c31 = FloatVector()
    var c40 = FloatVector(), c41 = FloatVector(), c50 = FloatVector(), c51 = FloatVector()
    let rs = tile.rowStride, step = tile.step
    var a0 = tile.base, a1 = a0 + rs, a2 = a1 + rs, a3 = a2 + rs, a4 = a3 + rs, a5 = a4 + rs
    var bp = b
    for _ in 0..<depth {
        let b0 = UnsafeRawPointer(bp).loadUnaligned(as: FloatVector.self)
        let b1 = UnsafeRawPointer(bp + 8).loadUnaligned(as: FloatVector.self)
        var x = FloatVector(repeating: a0.pointee)
        c00.addProduct(x, b0); c01.addProduct(x, b1)
        x = FloatVector(repeating: a1.pointee)
        c10.addProduct(x, b0); c11.addProduct(x, b1)
        x = FloatVector(repeating: a2.pointee)
        c20.addProduct(x, b0); c21.addProduct(x, b1)
        x = FloatVector(repeating: a3.pointee)
        c30.addProduct(x, b0); c31.addProduct(x, b1)
        x = FloatVector(repeating: a4.pointee)
        c40.addProduct(x, b0); c41.addProduct(x, b1)
        x = FloatVector(repeating: a5.pointee)
        c50.addProduct(x, b0); c51.addProduct(x, b1)
        a0 += step; a1 += step; a2 += step; a3 += step; a4 += step; a5 += step
        bp += bRowStride
    }
    @inline(__always)
    func store(_ low: FloatVector, _ high: FloatVector, row r: Int) {
        let target = UnsafeMutableRawPointer(c + r &* cRowStride)
        var (low, high) = (low, high)
        switch start {
        case .overwrite:
            break
        case .accumulate:
            low += target.loadUnaligned(as: FloatVector.self)
            high += target.loadUnaligned(fromByteOffset: 32, as: FloatVector.self)
        case .addRow(let row):
            low += UnsafeRawPointer(row + column).loadUnaligned(as: FloatVector.self)
            high += UnsafeRawPointer(row + column).loadUnaligned(fromByteOffset: 32, as: FloatVector.self)
        case .accumulateAddingRow(let row):
            low += target.loadUnaligned(as: FloatVector.self) + UnsafeRawPointer(row + column).loadUnaligned(as: FloatVector.self)
            high += target.loadUnaligned(fromByteOffset: 32, as: FloatVector.self)
                + UnsafeRawPointer(row + column).loadUnaligned(fromByteOffset: 32, as: FloatVector.self)
        case .addRowScalingRows(let row, let scales):
            let scale = UnsafeRawPointer(scales.row(firstRow &+ r) + column)
            low = (low + UnsafeRawPointer(row + column).loadUnaligned(as: FloatVector.self)) * scale.loadUnaligned(as: FloatVector.self)
            high = (high + UnsafeRawPointer(row + column).loadUnaligned(fromByteOffset: 32, as: FloatVector.self))
                * scale.loadUnaligned(fromByteOffset: 32, as: FloatVector.self)
        }
        target.storeBytes(of: low, as: FloatVector.self)
        target.storeBytes(of: high, toByteOffset: 32, as: FloatVector.self)
    }
    store(c00, c01, row: 0)
    if rows > 1 { store(c10, c11, row: 1) }
    if rows > 2 { store(c20, c21, row: 2) }
    if rows > 3 { store(c30, c31, row: 3) }
    if rows > 4 { store(c40, c41, row: 4) }
    if rows > 5 { store(c50, c51, row: 5) }
}

/// One column of C next to the 16-wide tiles, in scalar arithmetic (only narrow or odd
/// widths get here).
private func edgeColumn(_ tile: PanelView, depth: Int, b: UnsafePointer<Float>, bRowStride: Int,
                        c: UnsafeMutablePointer<Float>, cRowStride: Int, rows: Int, start: ProductStart,
                        row firstRow: Int, column: Int) {
    for r in 0..<rows {
        var sum: Float = 0
        let row = tile.base + r &* tile.rowStride
        for p in 0..<depth { sum += row[p &* tile.step] * b[p &* bRowStride] }
        let target = c + r &* cRowStride
        switch start {
        case .overwrite: target.pointee = sum
        case .accumulate: target.pointee += sum
        case .addRow(let row): target.pointee = row[column] + sum
        case .accumulateAddingRow(let row): target.pointee += row[column] + sum
        case .addRowScalingRows(let row, let scales): target.pointee = (row[column] + sum) * scales.row(firstRow &+ r)[column]
        }
    }
}
