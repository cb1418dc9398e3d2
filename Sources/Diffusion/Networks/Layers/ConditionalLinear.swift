import KernelOperands

/// The per-step layer of Siddiqui's 2D tutorial: y = e_t ⊙ (x W + b), where e is a learned
/// T × outputs table and row t scales every output of a sample at step t. The table starts
/// uniform in [0, 1), as the tutorial's `nn.Embedding(...).uniform_()`. Parameters: the
/// linear part, then the table (row t − 1 holds e_t, since t runs 1…T).
struct ConditionalLinear: Sendable {
    let linear: Linear
    let timesteps: Int
    let embeddingOffset: Int

    init(inputs: Int, outputs: Int, timesteps: Int, parameters: inout ParameterAllocator) {
        precondition(timesteps >= 1, "A per-step layer needs at least one time step.")
        linear = Linear(inputs: inputs, outputs: outputs, parameters: &parameters)
        self.timesteps = timesteps
        embeddingOffset = parameters.reserve(timesteps * outputs)
    }

    var outputs: Int { linear.outputs }
    var multiplyAdds: Int { linear.multiplyAdds }

    /// Where e_t, the table row of paper time t (1…T), starts in the parameter vector.
    @inline(__always)
    private func tableOffset(t: Int32) -> Int {
        embeddingOffset &+ (Int(t) &- 1) &* outputs
    }
    var scratchCount: Int { linear.scratchCount }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        linear.initialize(parameters, using: &rng)
        for i in embeddingOffset..<(embeddingOffset + timesteps * outputs) {
            parameters[i] = Float(rng.uniform())
        }
    }

    /// z = x W + b (kept for the backward pass), then y = e_t ⊙ z row by row, with t the
    /// sample's paper time step (1…T). When y is z itself (no backward pass follows), the
    /// scale is applied as the product is stored, without a second pass.
    func forward(_ x: UnsafePointer<Float>, times: UnsafePointer<Int32>, rows: Int, parameters: UnsafePointer<Float>,
                 linearOutput z: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>,
                 scratch: UnsafeMutablePointer<Float>) {
        let scales = RowScales(table: parameters + embeddingOffset, times: times, rowLength: outputs)
        if z == y && linear.inputs <= 256 {
            linear.forward(x, rows: rows, parameters: parameters, into: y, output: .scaleRows(scales), scratch: scratch)
            return
        }
        linear.forward(x, rows: rows, parameters: parameters, into: z, scratch: scratch)
        for i in 0..<rows {
            let row = i &* outputs
            RowOperations.multiply(z + row, scales.row(i), count: outputs, into: y + row)
        }
    }

    /// ∂L/∂e_t += ∂L/∂y ⊙ z for each sample's row t, then ∂L/∂z = ∂L/∂y ⊙ e_t (written over
    /// `outputGradient`, which this consumes), then the linear layer's backward pass.
    func backward(_ x: UnsafePointer<Float>, linearOutput z: UnsafePointer<Float>, times: UnsafePointer<Int32>, rows: Int,
                  outputGradient dy: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, inputGradient dx: UnsafeMutablePointer<Float>?,
                  scratch: UnsafeMutablePointer<Float>) {
        for i in 0..<rows {
            let row = i &* outputs, table = tableOffset(t: times[i])
            RowOperations.addProduct(dy + row, z + row, count: outputs, into: gradient + table)
            RowOperations.multiply(dy + row, parameters + table, count: outputs, into: dy + row)
        }
        linear.backward(x, outputGradient: dy, rows: rows, parameters: parameters, gradient: gradient,
                        inputGradient: dx, scratch: scratch)
    }
}
