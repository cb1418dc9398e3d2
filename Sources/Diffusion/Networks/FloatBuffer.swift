/// A fixed-size block of floats that a network, optimizer or trainer owns for its whole
/// life: allocated once (zeroed), freed on deinit, read and written through `pointer`
/// without the copy-on-write and exclusivity checks of an array in a hot loop.
final class FloatBuffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(count: Int) {
        precondition(count >= 0, "A buffer cannot have a negative size.")
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }

    convenience init(_ values: [Float]) {
        self.init(count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { pointer.deallocate() }

    var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    func copy(from other: FloatBuffer) {
        precondition(other.count == count, "Buffers must have the same size to copy.")
        pointer.update(from: other.pointer, count: count)
    }

    func zero() { pointer.update(repeating: 0, count: count) }
}
