import KernelOperands

/// A fully connected layer y = x W + b over a batch: x is rows × inputs, W is inputs ×
/// outputs (row-major, so row k of W holds the weights leaving input k), b has `outputs`
/// values. W and then b live at `offset` in the network's flat parameter vector.
struct Linear: Sendable {
    let inputs: Int
    let outputs: Int
    let offset: Int

    init(inputs: Int, outputs: Int, parameters: inout ParameterAllocator) {
        precondition(inputs >= 1 && outputs >= 1, "A linear layer needs at least one input and one output.")
        self.inputs = inputs
        self.outputs = outputs
        offset = parameters.reserve(inputs * outputs + outputs)
    }

    var weightOffset: Int { offset }
    var biasOffset: Int { offset + inputs * outputs }
    /// Multiply-adds of x W for one row.
    var multiplyAdds: Int { inputs * outputs }
    /// Floats of scratch `forward` and `backward` need: room for a transposed W.
    var scratchCount: Int { inputs * outputs }

    /// PyTorch's default for nn.Linear (He et al. 2015 with a = √5): W and b uniform in
    /// [−1/√inputs, 1/√inputs).
    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        let bound = 1 / Double(inputs).squareRoot()
        for i in offset..<(biasOffset + outputs) {
            parameters[i] = Float(bound * (2 * rng.uniform() - 1))
        }
    }

    /// What `forward` does with y.
    enum Output {
        /// y = x W + b.
        case overwrite
        /// y += x W + b (a residual connection).
        case accumulate
        /// y = (x W + b) ⊙ S row by row (the per-step scale of the 2D tutorial's layer).
        case scaleRows(RowScales)
    }

    /// y = x W + b (or one of the `Output` variants). Narrow layers (fewer than 16 outputs)
    /// take each output as a dot product with a column of W, which `scratch` holds transposed.
    func forward(_ x: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>,
                 into y: UnsafeMutablePointer<Float>, output: Output = .overwrite, scratch: UnsafeMutablePointer<Float>) {
        let weights = parameters + weightOffset, bias = parameters + biasOffset
        let start: ProductStart
        switch output {
        case .overwrite: start = .addRow(bias)
        case .accumulate: start = .accumulateAddingRow(bias)
        case .scaleRows(let scales): start = .addRowScalingRows(bias, scales)
        }
        if outputs >= 16 {
            multiply(rows: rows, columns: outputs, inner: inputs, .rowMajor(x, columns: inputs), .rowMajor(weights, columns: outputs),
                     into: y, cRowStride: outputs, start: start)
        } else {
            transpose(weights, rows: inputs, columns: outputs, into: scratch)
            multiplyByTransposed(rows: rows, columns: outputs, inner: inputs, x, aRowStride: inputs, scratch, bRowStride: inputs,
                                 into: y, cRowStride: outputs, start: start)
        }
    }

    /// How `backward` forms ∂L/∂W = xᵀ ∂L/∂y for a layer of fewer than 16 outputs.
    enum NarrowWeightGradient {
        /// Column by column, one dot product over the rows each: for a batch of a few
        /// hundred rows (the last layer of a 2D network).
        case byColumns
        /// As the transpose of ∂L/∂yᵀ x, whose `inputs` columns fill the product's 16-wide
        /// tiles: for thousands of rows (a convolution's positions), where the column-by-column
        /// sums are scalar work. `scratch` holds ∂L/∂yᵀ x.
        case transposed
    }

    /// Adds ∂L/∂W = xᵀ ∂L/∂y and ∂L/∂b = Σ_rows ∂L/∂y to `gradient` (same layout as the
    /// parameters) and, when `inputGradient` is given, writes ∂L/∂x = ∂L/∂y Wᵀ there.
    func backward(_ x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                  parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                  inputGradient dx: UnsafeMutablePointer<Float>?, scratch: UnsafeMutablePointer<Float>,
                  narrow: NarrowWeightGradient = .byColumns) {
        guard rows > 0 else { return }
        let x = MatrixOperand.rowMajor(x, columns: inputs)
        if outputs < 16 && narrow == .transposed {
            multiply(rows: outputs, columns: inputs, inner: rows, MatrixOperand.rowMajor(dy, columns: outputs).transposed, x,
                     into: scratch, cRowStride: inputs, start: .overwrite)
            let w = gradient + weightOffset
            for k in 0..<inputs {
                for o in 0..<outputs { w[k &* outputs &+ o] += scratch[o &* inputs &+ k] }
            }
        } else {
            multiply(rows: inputs, columns: outputs, inner: rows, x.transposed,
                     .rowMajor(dy, columns: outputs), into: gradient + weightOffset, cRowStride: outputs, start: .accumulate)
        }
        RowOperations.addColumnSums(of: dy, rows: rows, columns: outputs, into: gradient + biasOffset)
        guard let dx else { return }
        let weights = parameters + weightOffset
        if inputs >= 16 {
            transpose(weights, rows: inputs, columns: outputs, into: scratch)
            multiply(rows: rows, columns: inputs, inner: outputs, .rowMajor(dy, columns: outputs), .rowMajor(scratch, columns: inputs),
                     into: dx, cRowStride: inputs, start: .overwrite)
        } else {
            multiplyByTransposed(rows: rows, columns: inputs, inner: outputs, dy, aRowStride: outputs, weights, bRowStride: outputs,
                                 into: dx, cRowStride: inputs, start: .overwrite)
        }
    }
}
