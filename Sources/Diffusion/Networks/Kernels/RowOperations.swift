/// Element-wise and row-wise helpers for the layers, as plain loops that the compiler turns
/// into vector code on its own.
enum RowOperations {
    /// target[j] += Σ_i m(i, j) for a rows × columns row-major matrix: a bias gradient.
    static func addColumnSums(of m: UnsafePointer<Float>, rows: Int, columns: Int, into target: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            let row = m + i &* columns
            for j in 0..<columns { target[j] += row[j] }
        }
    }

    /// target = a ⊙ b for `count` values (target may be a or b).
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        for i in 0..<count { target[i] = a[i] * b[i] }
    }

    /// target += a ⊙ b for `count` values.
    static func addProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        for i in 0..<count { target[i] += a[i] * b[i] }
    }
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
