/// Element-wise and row-wise helpers for the layers, eight floats at a time, with a scalar
/// loop for the last few values.
enum RowOperations {
    /// target[j] += Σ_i m(i, j) for a rows × columns row-major matrix: a bias gradient.
    static func addColumnSums(of m: UnsafePointer<Float>, rows: Int, columns: Int, into target: UnsafeMutablePointer<Float>) {
        var j = 0
        while j &+ 8 <= columns {
            var sum = target.vector(at: j)
            for i in 0..<rows { sum += m.vector(at: i &* columns &+ j) }
            target.setVector(sum, at: j)
            j &+= 8
        }
        while j < columns {
            for i in 0..<rows { target[j] += m[i &* columns &+ j] }
            j &+= 1
        }
    }

    /// target = a ⊙ b for `count` values (target may be a or b).
    static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        var i = 0
        while i &+ 8 <= count {
            target.setVector(a.vector(at: i) * b.vector(at: i), at: i)
            i &+= 8
        }
        while i < count { target[i] = a[i] * b[i]; i &+= 1 }
    }

    /// target += a ⊙ b for `count` values.
    static func addProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into target: UnsafeMutablePointer<Float>) {
        var i = 0
        while i &+ 8 <= count {
            target.setVector(.multiplyAdd(a.vector(at: i), b.vector(at: i), target.vector(at: i)), at: i)
            i &+= 8
        }
        while i < count { target[i] += a[i] * b[i]; i &+= 1 }
    }
}
