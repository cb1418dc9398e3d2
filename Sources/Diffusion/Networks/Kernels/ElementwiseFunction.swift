/// A function applied value by value, eight values at a time, with its derivative. The
/// loops over an array are generic over this protocol (not over closures), so the
/// optimizer inlines the function's body into one vector loop per function.
protocol ElementwiseFunction {
    /// f(x).
    static func value(_ x: FloatVector) -> FloatVector
    /// f(x) and f′(x).
    static func valueAndDerivative(_ x: FloatVector) -> (value: FloatVector, derivative: FloatVector)
}

extension VectorMath {
    /// a = f(h) for `count` values (a may be h), and f′(h) into `derivative` when given.
    static func evaluate<F: ElementwiseFunction>(_ function: F.Type, _ h: UnsafePointer<Float>, count: Int,
                                                 into a: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?) {
        var i = 0
        if let derivative {
            while i &+ 8 <= count {
                let (value, slope) = F.valueAndDerivative(h.vector(at: i))
                a.setVector(value, at: i)
                derivative.setVector(slope, at: i)
                i &+= 8
            }
            if i < count {
                let (value, slope) = F.valueAndDerivative(h.vector(at: i, valid: count &- i))
                a.setVector(value, at: i, valid: count &- i)
                derivative.setVector(slope, at: i, valid: count &- i)
            }
        } else {
            while i &+ 8 <= count {
                a.setVector(F.value(h.vector(at: i)), at: i)
                i &+= 8
            }
            if i < count { a.setVector(F.value(h.vector(at: i, valid: count &- i)), at: i, valid: count &- i) }
        }
    }
}
