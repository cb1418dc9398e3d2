/// A residual SiLU network for samples of `dimension` values (2 for points, 256 for the
/// pixels of a 16 × 16 image): the time step enters as its sinusoidal embedding
/// (Vaswani et al. 2017; Ho et al. 2020, Appendix B), concatenated to x_t; then
///     h₀ = [x_t, PE(t)] W_in + b_in,
///     h_{l+1} = h_l + SiLU(SiLU(h_l) W_{l,1} + b_{l,1}) W_{l,2} + b_{l,2}   (He et al. 2016, pre-activation),
///     ε̂ = SiLU(h_L) W_out + b_out.
/// With `timeInEveryBlock`, each block also adds a projection of PE(t) to its inner layer,
/// as DDPM's residual blocks add the time embedding (Ho et al. 2020, Appendix B):
///     h_{l+1} = h_l + SiLU(SiLU(h_l) W_{l,1} + b_{l,1} + PE(t) V_l + c_l) W_{l,2} + b_{l,2}.
/// A class-conditional network (K label classes) adds a `LabelEmbedding` row E[y] wherever
/// the time embedding enters: to h₀, and to each block's inner layer with `timeInEveryBlock`.
struct ResidualNetwork: NetworkArchitecture {
    let dimension: Int
    let width: Int
    let depth: Int
    let timesteps: Int
    let embedding: SinusoidalEmbedding
    /// PE(t) for t = 1…T, row t − 1.
    let timeTable: [Float]
    let input: Linear
    let blocks: [(inner: Linear, outer: Linear)]
    let output: Linear
    /// V_l and c_l of every block, when the time embedding enters every block (placed after
    /// all other parameters, so the layout without them is unchanged).
    let blockTime: [Linear]
    /// The label tables of a conditional network (after everything else): the input's,
    /// then one per block with `timeInEveryBlock`; empty for an unconditional one.
    let labelTables: [LabelEmbedding]
    let parameterCount: Int

    init(width: Int, depth: Int, embeddingDimension: Int, timesteps: Int, dimension: Int = 2, timeInEveryBlock: Bool = false,
         labelClasses: Int = 0) {
        precondition(depth >= 1, "A residual network needs at least one block.")
        precondition(dimension >= 1, "A residual network needs at least one value per sample.")
        embedding = SinusoidalEmbedding(dimension: embeddingDimension)
        timeTable = embedding.table(timesteps: timesteps)
        var parameters = ParameterAllocator()
        input = Linear(inputs: dimension + embeddingDimension, outputs: width, parameters: &parameters)
        blocks = (0..<depth).map { _ in
            (Linear(inputs: width, outputs: width, parameters: &parameters), Linear(inputs: width, outputs: width, parameters: &parameters))
        }
        output = Linear(inputs: width, outputs: dimension, parameters: &parameters)
        blockTime = (0..<(timeInEveryBlock ? depth : 0)).map { _ in
            Linear(inputs: embeddingDimension, outputs: width, parameters: &parameters)
        }
        labelTables = (0..<(labelClasses == 0 ? 0 : 1 + blockTime.count)).map { _ in
            LabelEmbedding(classes: labelClasses, outputs: width, parameters: &parameters)
        }
        (self.dimension, self.width, self.depth, self.timesteps) = (dimension, width, depth, timesteps)
        parameterCount = parameters.count
    }

    var multiplyAddsPerSample: Int {
        input.multiplyAdds + output.multiplyAdds + blocks.map { $0.inner.multiplyAdds + $0.outer.multiplyAdds }.reduce(0, +)
            + blockTime.map(\.multiplyAdds).reduce(0, +)
    }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        input.initialize(parameters, using: &rng)
        for block in blocks {
            block.inner.initialize(parameters, using: &rng)
            block.outer.initialize(parameters, using: &rng)
        }
        output.initialize(parameters, using: &rng)
        for layer in blockTime { layer.initialize(parameters, using: &rng) }
        for table in labelTables { table.initialize(parameters) }
    }

    /// Where each activation lives. Training keeps, per block l, h_l, a_l = SiLU(h_l) with
    /// its derivative, and c_l = SiLU(a_l W_{l,1} + b_{l,1}) with its derivative, each
    /// `stride` floats after the previous block's. Inference keeps one h (updated in place),
    /// one a and one c: stride 0. PE(t) alone, row after row, feeds the blocks' V_l.
    private struct Buffers {
        var features = 0, embedded = 0, output = 0, scratch = 0, g = 0, gc = 0, ga = 0
        var hBase = 0, aBase = 0, daBase = 0, cBase = 0, dcBase = 0, stride = 0, count = 0

        init(network: ResidualNetwork, capacity: Int, training: Bool) {
            var layout = WorkspaceLayout()
            let hidden = capacity * network.width, depth = network.depth
            features = layout.reserve(capacity * network.input.inputs)
            embedded = layout.reserve(network.blockTime.isEmpty ? 0 : capacity * network.embedding.dimension)
            output = layout.reserve(capacity * network.dimension)
            scratch = layout.reserve(max(network.input.scratchCount, network.blocks[0].inner.scratchCount,
                                         network.output.scratchCount))
            if training {
                stride = hidden
                (hBase, aBase, daBase) = (layout.reserve((depth + 1) * hidden), layout.reserve((depth + 1) * hidden),
                                          layout.reserve((depth + 1) * hidden))
                (cBase, dcBase) = (layout.reserve(depth * hidden), layout.reserve(depth * hidden))
                (g, gc, ga) = (layout.reserve(hidden), layout.reserve(hidden), layout.reserve(hidden))
            } else {
                (hBase, aBase, cBase) = (layout.reserve(hidden), layout.reserve(hidden), layout.reserve(hidden))
            }
            count = layout.count
        }

        func h(_ l: Int) -> Int { hBase + l * stride }
        func a(_ l: Int) -> Int { aBase + l * stride }
        func da(_ l: Int) -> Int { daBase + l * stride }
        func c(_ l: Int) -> Int { cBase + l * stride }
        func dc(_ l: Int) -> Int { dcBase + l * stride }
    }

    func workspaceCount(capacity: Int, training: Bool) -> Int {
        Buffers(network: self, capacity: capacity, training: training).count
    }

    /// [x_t, PE(t)] for every row: the input layer's features; and PE(t) alone for the blocks.
    private func writeFeatures(_ input: NetworkInput, into features: UnsafeMutablePointer<Float>,
                               embedded pe: UnsafeMutablePointer<Float>) {
        let embedded = embedding.dimension, values = dimension, stride = values + embedded
        timeTable.withUnsafeBufferPointer { table in
            for i in 0..<input.rows {
                let row = features + i &* stride
                row.update(from: input.points + i &* values, count: values)
                if let scaled = input.scaledTimes {
                    // A continuous time (flow matching): PE(t) computed, not looked up.
                    embedding.forward(scaled + i, rows: 1, into: row + values)
                } else {
                    (row + values).update(from: table.baseAddress! + (Int(input.times[i]) &- 1) &* embedded, count: embedded)
                }
                if !blockTime.isEmpty { (pe + i &* embedded).update(from: row + values, count: embedded) }
            }
        }
    }

    func forward(_ input: NetworkInput, parameters: UnsafePointer<Float>, workspace w: UnsafeMutablePointer<Float>,
                 capacity: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let b = Buffers(network: self, capacity: capacity, training: training)
        let rows = input.rows, hidden = input.rows * width
        func derivative(_ offset: Int) -> UnsafeMutablePointer<Float>? { training ? w + offset : nil }
        writeFeatures(input, into: w + b.features, embedded: w + b.embedded)
        self.input.forward(w + b.features, rows: rows, parameters: parameters, into: w + b.h(0), scratch: w + b.scratch)
        let labels = checkedLabels(input)
        if let labels { labelTables[0].forward(labels, rows: rows, parameters: parameters, into: w + b.h(0)) }
        for (l, block) in blocks.enumerated() {
            Activation.silu.forward(w + b.h(l), count: hidden, into: w + b.a(l), derivative: derivative(b.da(l)))
            block.inner.forward(w + b.a(l), rows: rows, parameters: parameters, into: w + b.c(l), scratch: w + b.scratch)
            if !blockTime.isEmpty {
                blockTime[l].forward(w + b.embedded, rows: rows, parameters: parameters, into: w + b.c(l), output: .accumulate,
                                     scratch: w + b.scratch)
                if let labels { labelTables[1 + l].forward(labels, rows: rows, parameters: parameters, into: w + b.c(l)) }
            }
            Activation.silu.forward(w + b.c(l), count: hidden, into: w + b.c(l), derivative: derivative(b.dc(l)))
            if training { (w + b.h(l + 1)).update(from: w + b.h(l), count: hidden) }
            block.outer.forward(w + b.c(l), rows: rows, parameters: parameters, into: w + b.h(l + 1), output: .accumulate,
                                scratch: w + b.scratch)
        }
        Activation.silu.forward(w + b.h(depth), count: hidden, into: w + b.a(depth), derivative: derivative(b.da(depth)))
        output.forward(w + b.a(depth), rows: rows, parameters: parameters, into: w + b.output, scratch: w + b.scratch)
        return w + b.output
    }

    func backward(_ input: NetworkInput, outputGradient: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, workspace w: UnsafeMutablePointer<Float>, capacity: Int) {
        let b = Buffers(network: self, capacity: capacity, training: true)
        let rows = input.rows, hidden = input.rows * width, labels = checkedLabels(input)
        // g = ∂L/∂h_L, then carried down the residual stream: ∂L/∂h_l = ∂L/∂h_{l+1} + ∂L/∂a_l ⊙ SiLU′(h_l).
        output.backward(w + b.a(depth), outputGradient: outputGradient, rows: rows, parameters: parameters,
                        gradient: gradient, inputGradient: w + b.g, scratch: w + b.scratch)
        Activation.silu.backward(outputGradient: w + b.g, derivative: w + b.da(depth), count: hidden, into: w + b.g)
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let block = blocks[l]
            block.outer.backward(w + b.c(l), outputGradient: w + b.g, rows: rows, parameters: parameters,
                                 gradient: gradient, inputGradient: w + b.gc, scratch: w + b.scratch)
            Activation.silu.backward(outputGradient: w + b.gc, derivative: w + b.dc(l), count: hidden, into: w + b.gc)
            if !blockTime.isEmpty {
                if let labels { labelTables[1 + l].backward(labels, outputGradient: w + b.gc, rows: rows, gradient: gradient) }
                blockTime[l].backward(w + b.embedded, outputGradient: w + b.gc, rows: rows, parameters: parameters,
                                      gradient: gradient, inputGradient: nil, scratch: w + b.scratch)
            }
            block.inner.backward(w + b.a(l), outputGradient: w + b.gc, rows: rows, parameters: parameters,
                                 gradient: gradient, inputGradient: w + b.ga, scratch: w + b.scratch)
            RowOperations.addProduct(w + b.ga, w + b.da(l), count: hidden, into: w + b.g)
        }
        if let labels { labelTables[0].backward(labels, outputGradient: w + b.g, rows: rows, gradient: gradient) }
        self.input.backward(w + b.features, outputGradient: w + b.g, rows: rows, parameters: parameters,
                            gradient: gradient, inputGradient: nil, scratch: w + b.scratch)
    }

    /// The batch's labels: present exactly when the network is conditional.
    private func checkedLabels(_ input: NetworkInput) -> UnsafePointer<Int32>? {
        precondition((input.labels != nil) == !labelTables.isEmpty,
                     "A class-conditional network needs a label per sample (K for none); an unconditional one takes none.")
        return input.labels
    }
}
