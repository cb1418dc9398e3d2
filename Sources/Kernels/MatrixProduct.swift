import KernelOperands

/// The register tile of `multiply`: 6 rows × two vectors (16 columns in 8-float AVX2
/// registers, 32 in 16-float AVX-512 ones). The twelve accumulators, two B vectors and one
/// broadcast fill the 16 registers of AVX2; AVX-512 has 32, but the tile's B loads are
/// already few next to its multiply-adds.
private let tileRows = 6
/// How many steps of the inner dimension are taken at a time (a packed panel: 6 × 256 floats).
/// Each panel's sums are added onto C, so this depth is part of the order of the additions
/// and is the same in both builds.
private let panelDepth = 256
/// Floats per vector: 8 (AVX2, NEON) or 16 (AVX-512).
private let width = FloatVector.scalarCount

/// C (m × n, row-major, rows `cRowStride` apart) from A (m × k, any strides) times B (k × n,
/// row-major). A register-blocked micro-kernel sweeps B for six rows of A at a time, read in
/// place when A is row-major and packed into a small contiguous panel otherwise (a
/// transposed A read in place thrashes the cache). Columns below the last multiple of 16 are
/// done by the micro-kernel (two vectors wide, then, in the AVX-512 build, one 16-float
/// vector for a 16-column rest), the others one at a time. Which columns take which path, the
/// panels, and the order of each C(i, j)'s multiply-adds (p = 0, 1, … one fused multiply-add
/// at a time) do not depend on the vector width, so both builds give the same bits. About
/// 85 GFLOP/s at 128³ on one core of the AVX2 machine it was measured on (Sources/Benchmarks,
/// `matmul_128`).
public func multiply(rows m: Int, columns n: Int, inner k: Int, _ a: MatrixOperand, _ b: MatrixOperand,
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
                let wideTiles = n / (2 &* width)
                twoVectorTiles(wideTiles, tile, depth: depth, b: bPanel, bRowStride: b.rowStride,
                               c: cRow, cRowStride: cRowStride, rows: rows, start: chunkStart, row: i)
                var j = wideTiles &* 2 &* width
                if width == 16 && j &+ 16 <= n {
                    oneVectorTile(tile, depth: depth, b: bPanel + j, bRowStride: b.rowStride,
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

/// `count` tiles of the micro-kernel with two vectors per row, side by side from column 0:
/// a function of its own, so that the choice of width folds away and one call serves a
/// whole row of tiles.
private func twoVectorTiles(_ count: Int, _ tile: PanelView, depth: Int, b: UnsafePointer<Float>, bRowStride: Int,
                            c: UnsafeMutablePointer<Float>, cRowStride: Int, rows: Int, start: ProductStart, row firstRow: Int) {
    for t in 0..<count {
        let column = t &* 2 &* width
        microKernel(tile, depth: depth, twoVectors: true, b: b + column, bRowStride: bRowStride, c: c + column, cRowStride: cRowStride,
                    rows: rows, start: start, row: firstRow, column: column)
    }
}

/// The micro-kernel with one vector per row (16 columns, in the AVX-512 build only).
private func oneVectorTile(_ tile: PanelView, depth: Int, b: UnsafePointer<Float>, bRowStride: Int,
                           c: UnsafeMutablePointer<Float>, cRowStride: Int, rows: Int, start: ProductStart,
                           row firstRow: Int, column: Int) {
    microKernel(tile, depth: depth, twoVectors: false, b: b, bRowStride: bRowStride, c: c, cRowStride: cRowStride,
                rows: rows, start: start, row: firstRow, column: column)
}

/// One tile of C, six rows by two vectors (or one, `twoVectors` false): for each inner step
/// p, broadcast the six packed values of A and multiply-add them with the vectors of B's row
/// p. With one vector the second accumulators are never stored, so the compiler drops them.
@inline(__always)
private func microKernel(_ tile: PanelView, depth: Int, twoVectors: Bool, b: UnsafePointer<Float>, bRowStride: Int,
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
        let b1 = twoVectors ? UnsafeRawPointer(bp + width).loadUnaligned(as: FloatVector.self) : b0
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
        @inline(__always)
        func put(_ value: FloatVector, at offset: Int) {
            let column = column &+ offset, target = target + offset &* 4
            var value = value
            switch start {
            case .overwrite:
                break
            case .accumulate:
                value += target.loadUnaligned(as: FloatVector.self)
            case .addRow(let row):
                value += UnsafeRawPointer(row + column).loadUnaligned(as: FloatVector.self)
            case .accumulateAddingRow(let row):
                value += target.loadUnaligned(as: FloatVector.self) + UnsafeRawPointer(row + column).loadUnaligned(as: FloatVector.self)
            case .addRowScalingRows(let row, let scales):
                value = (value + UnsafeRawPointer(row + column).loadUnaligned(as: FloatVector.self))
                    * UnsafeRawPointer(scales.row(firstRow &+ r) + column).loadUnaligned(as: FloatVector.self)
            }
            target.storeBytes(of: value, as: FloatVector.self)
        }
        put(low, at: 0)
        if twoVectors { put(high, at: width) }
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
