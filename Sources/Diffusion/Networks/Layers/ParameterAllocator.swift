/// Hands out places in one flat parameter vector. Every network keeps all its weights in a
/// single float array, and its gradient, Adam moments and EMA in arrays of the same layout,
/// so the optimizer, the EMA, clipping and checkpoints each see one vector.
struct ParameterAllocator {
    /// How many floats have been handed out so far: the vector's length once every layer
    /// has taken its share.
    private(set) var count = 0

    /// Reserves `size` floats and returns their offset.
    mutating func reserve(_ size: Int) -> Int {
        precondition(size >= 0, "A layer cannot reserve a negative number of parameters.")
        defer { count += size }
        return count
    }
}
