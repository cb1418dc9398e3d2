/// A learned class embedding for a class-conditional network: a table of K + 1 rows of
/// `outputs` values, row y for class y = 0…K − 1 and row K for "no label", the null class
/// of classifier-free guidance (Ho & Salimans 2022, §3.2: one network learns ε(x, y) and
/// ε(x) by seeing the null label on a share of its training samples).
///
/// DDPM-style networks add a label embedding e(y) to the time embedding (Dhariwal & Nichol
/// 2021, Appendix: the class embedding is added to the timestep embedding). Every layer that
/// reads the time embedding PE(t) through a projection V then receives PE(t) V + e(y) V;
/// a table looked up by y is a linear layer on the one-hot of y, so each such layer here
/// learns its own table in place of the product e(y) V, and adds row y to what it computes.
/// The table starts at zero: a fresh conditional network is its unconditional twin.
struct LabelEmbedding: Sendable {
    /// K, the real classes; row K is the null class.
    let classes: Int
    let outputs: Int
    let offset: Int

    init(classes: Int, outputs: Int, parameters: inout ParameterAllocator) {
        precondition(classes >= 1 && outputs >= 1, "A label embedding needs at least one class and one output.")
        (self.classes, self.outputs) = (classes, outputs)
        offset = parameters.reserve((classes + 1) * outputs)
    }

    func initialize(_ parameters: UnsafeMutablePointer<Float>) {
        (parameters + offset).update(repeating: 0, count: (classes + 1) * outputs)
    }

    /// y_i += table[label_i] for each of `rows` rows of `outputs` values.
    func forward(_ labels: UnsafePointer<Int32>, rows: Int, parameters: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            let row = parameters + (offset &+ Int(labels[i]) &* outputs), target = y + i &* outputs
            for j in 0..<outputs { target[j] += row[j] }
        }
    }

    /// ∂L/∂table[label_i] += ∂L/∂y_i for each row.
    func backward(_ labels: UnsafePointer<Int32>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                  gradient: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            let row = gradient + (offset &+ Int(labels[i]) &* outputs), source = dy + i &* outputs
            for j in 0..<outputs { row[j] += source[j] }
        }
    }
}
