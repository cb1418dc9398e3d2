// What the products of the network kernels take and give, in a module of their own: the
// kernels are built twice (`Kernels` for every CPU, `KernelsAVX512` for x86-64 CPUs with
// AVX-512; see Sources/Kernels/README.md), and both take these same types.

/// A read-only matrix in memory: element (i, j) is `base[i · rowStride + j · columnStride]`.
/// A row-major matrix has column stride 1; its transpose is the same memory with the two
/// strides swapped, so products with Aᵀ need no copy.
@frozen
public struct MatrixOperand {
    public let base: UnsafePointer<Float>
    public let rowStride: Int
    public let columnStride: Int

    @inlinable
    public init(base: UnsafePointer<Float>, rowStride: Int, columnStride: Int) {
        (self.base, self.rowStride, self.columnStride) = (base, rowStride, columnStride)
    }

    /// A row-major matrix whose rows are `columns` floats apart.
    @inlinable
    public static func rowMajor(_ base: UnsafePointer<Float>, columns: Int) -> MatrixOperand {
        MatrixOperand(base: base, rowStride: columns, columnStride: 1)
    }

    /// The transpose, reading the same memory.
    @inlinable
    public var transposed: MatrixOperand {
        MatrixOperand(base: base, rowStride: columnStride, columnStride: rowStride)
    }
}

/// What a product does with the matrix C it writes.
@frozen
public enum ProductStart {
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
@frozen
public struct RowScales {
    public let table: UnsafePointer<Float>
    public let times: UnsafePointer<Int32>
    public let rowLength: Int

    @inlinable
    public init(table: UnsafePointer<Float>, times: UnsafePointer<Int32>, rowLength: Int) {
        (self.table, self.times, self.rowLength) = (table, times, rowLength)
    }

    @inlinable @inline(__always)
    public func row(_ i: Int) -> UnsafePointer<Float> {
        table + (Int(times[i]) &- 1) &* rowLength
    }
}
