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
