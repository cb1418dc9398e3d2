/// Element-wise and row-wise helpers for the layers, eight floats at a time.
enum RowOperations {
    /// target[j] += Σ_i m(i, j) for a rows × columns row-major matrix: a bias gradient.
    static func addColumnSums(of m: UnsafePointer<Float>, rows: Int, columns: Int, into target: UnsafeMutablePointer<Float>) {
        VectorMath.map(count: columns) { j, valid in
            var sum = target.vector(at: j, valid: valid)
            var row = m
            for _ in 0..<rows {
                sum += row.vector(at: j, valid: valid)
                row += columns
            }
            target.setVector(sum, at: j, valid: valid)
        }
    }

    /// target = a ⊙ b for `count` values (target may be a or b).
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        VectorMath.map(count: count) { i, valid in
            target.setVector(a.vector(at: i, valid: valid) * b.vector(at: i, valid: valid), at: i, valid: valid)
        }
    }

    /// target += a ⊙ b for `count` values.
    static func addProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        VectorMath.map(count: count) { i, valid in
            let sum = FloatVector.multiplyAdd(a.vector(at: i, valid: valid), b.vector(at: i, valid: valid),
                                              target.vector(at: i, valid: valid))
            target.setVector(sum, at: i, valid: valid)
        }
    }

    /// target += a for `count` values.
    static func add(_ a: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        VectorMath.map(count: count) { i, valid in
            target.setVector(target.vector(at: i, valid: valid) + a.vector(at: i, valid: valid), at: i, valid: valid)
        }
    }
}
