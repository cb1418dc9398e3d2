/// A small convolutional noise predictor for square grayscale images of `side × side`
/// pixels. The image is first folded into 2 × 2 patches ("space to depth": a 16 × 16 image
/// becomes 8 × 8 positions of 4 channels), which quarters the cost of every convolution;
/// then, with 3 × 3 convolutions (`Convolution`) of `width` channels,
///     h₀ = conv_in(x_t),
///     h_{l+1} = h_l + conv_{l,2}(SiLU(conv_{l,1}(SiLU(h_l)) + PE(t) V_l + c_l))   (He et al. 2016),
///     ε̂ = unfold(conv_out(SiLU(h_L))),
/// the time step entering every residual block as its sinusoidal embedding projected to a
/// bias per channel (Ho et al. 2020, Appendix B).
struct ConvolutionalNetwork: NetworkArchitecture {
    let dimension: Int
    let width: Int
    let depth: Int
    let embedding: SinusoidalEmbedding
    /// PE(t) for t = 1…T, row t − 1.
    let timeTable: [Float]
    /// Positions per side after folding (side / 2) and channels per folded position (4).
    let positions: Int, patchChannels = 4
    let input: Convolution
    let blocks: [(inner: Convolution, outer: Convolution, time: Linear)]
    let output: Convolution
    let parameterCount: Int

    init(width: Int, depth: Int, embeddingDimension: Int, timesteps: Int, dimension: Int) {
        let side = Int(Double(dimension).squareRoot().rounded())
        precondition(side * side == dimension && side % 2 == 0, "A convolutional network needs square images of even side.")
        precondition(depth >= 1, "A convolutional network needs at least one block.")
        embedding = SinusoidalEmbedding(dimension: embeddingDimension)
        timeTable = embedding.table(timesteps: timesteps)
        positions = side / 2
        var parameters = ParameterAllocator()
        input = Convolution(inputs: patchChannels, outputs: width, side: positions, parameters: &parameters)
        blocks = (0..<depth).map { [positions] _ in
            (Convolution(inputs: width, outputs: width, side: positions, parameters: &parameters),
             Convolution(inputs: width, outputs: width, side: positions, parameters: &parameters),
             Linear(inputs: embeddingDimension, outputs: width, parameters: &parameters))
        }
        output = Convolution(inputs: width, outputs: patchChannels, side: positions, parameters: &parameters)
        (self.dimension, self.width, self.depth) = (dimension, width, depth)
        parameterCount = parameters.count
    }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        input.initialize(parameters, using: &rng)
        for block in blocks {
            block.inner.initialize(parameters, using: &rng)
            block.outer.initialize(parameters, using: &rng)
            block.time.initialize(parameters, using: &rng)
        }
        output.initialize(parameters, using: &rng)
    }

    /// Where each activation lives, as in `ResidualNetwork`: training keeps h_l, a_l, c_l
    /// and the SiLU derivatives of every block; inference one of each (stride 0).
    private struct Buffers {
        var folded = 0, pe = 0, bias = 0, columns = 0, columnGradient = 0, foldedOutput = 0, output = 0, scratch = 0
        var g = 0, gc = 0, ga = 0, hBase = 0, aBase = 0, daBase = 0, cBase = 0, dcBase = 0, stride = 0, count = 0

        init(network n: ConvolutionalNetwork, capacity: Int, training: Bool) {
            var layout = WorkspaceLayout()
            let hidden = capacity * n.positions * n.positions * n.width, depth = n.depth
            folded = layout.reserve(capacity * n.dimension)
            pe = layout.reserve(capacity * n.embedding.dimension)
            bias = layout.reserve(capacity * n.width)
            columns = layout.reserve(n.blocks[0].inner.columnCount(rows: capacity))
            foldedOutput = layout.reserve(capacity * n.dimension)
            output = layout.reserve(capacity * n.dimension)
            scratch = layout.reserve(max(n.input.scratchCount, n.blocks[0].inner.scratchCount, n.output.scratchCount))
            if training {
                stride = hidden
                columnGradient = layout.reserve(n.blocks[0].inner.columnCount(rows: capacity))
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

    func forward(_ input: NetworkInput, parameters: UnsafePointer<Float>, workspace w: UnsafeMutablePointer<Float>,
                 capacity: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let b = Buffers(network: self, capacity: capacity, training: training)
        let rows = input.rows, hidden = rows * positions * positions * width
        func derivative(_ offset: Int) -> UnsafeMutablePointer<Float>? { training ? w + offset : nil }
        PatchFolding.fold(input.points, rows: rows, side: 2 * positions, into: w + b.folded)
        PatchFolding.embed(input.times, rows: rows, table: timeTable, dimension: embedding.dimension, into: w + b.pe)
        self.input.forward(w + b.folded, rows: rows, parameters: parameters, columns: w + b.columns, into: w + b.h(0),
                           scratch: w + b.scratch)
        for (l, block) in blocks.enumerated() {
            Activation.silu.forward(w + b.h(l), count: hidden, into: w + b.a(l), derivative: derivative(b.da(l)))
            block.inner.forward(w + b.a(l), rows: rows, parameters: parameters, columns: w + b.columns, into: w + b.c(l),
                                scratch: w + b.scratch)
            block.time.forward(w + b.pe, rows: rows, parameters: parameters, into: w + b.bias, scratch: w + b.scratch)
            PatchFolding.addPerImage(w + b.bias, rows: rows, positions: positions * positions, channels: width, into: w + b.c(l))
            Activation.silu.forward(w + b.c(l), count: hidden, into: w + b.c(l), derivative: derivative(b.dc(l)))
            if training { (w + b.h(l + 1)).update(from: w + b.h(l), count: hidden) }
            block.outer.forward(w + b.c(l), rows: rows, parameters: parameters, columns: w + b.columns, into: w + b.h(l + 1),
                                output: .accumulate, scratch: w + b.scratch)
        }
        Activation.silu.forward(w + b.h(depth), count: hidden, into: w + b.a(depth), derivative: derivative(b.da(depth)))
        output.forward(w + b.a(depth), rows: rows, parameters: parameters, columns: w + b.columns, into: w + b.foldedOutput,
                       scratch: w + b.scratch)
        PatchFolding.unfold(w + b.foldedOutput, rows: rows, side: 2 * positions, into: w + b.output)
        return w + b.output
    }

    func backward(_ input: NetworkInput, outputGradient: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, workspace w: UnsafeMutablePointer<Float>, capacity: Int) {
        let b = Buffers(network: self, capacity: capacity, training: true)
        let rows = input.rows, hidden = rows * positions * positions * width
        let (columns, columnGradient, scratch) = (w + b.columns, w + b.columnGradient, w + b.scratch)
        // ∂L/∂(folded output): the same values, folded like the input.
        PatchFolding.fold(outputGradient, rows: rows, side: 2 * positions, into: w + b.foldedOutput)
        output.backward(w + b.a(depth), outputGradient: w + b.foldedOutput, rows: rows, parameters: parameters, gradient: gradient,
                        inputGradient: w + b.g, columns: columns, columnGradient: columnGradient, scratch: scratch)
        Activation.silu.backward(outputGradient: w + b.g, derivative: w + b.da(depth), count: hidden, into: w + b.g)
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let block = blocks[l]
            block.outer.backward(w + b.c(l), outputGradient: w + b.g, rows: rows, parameters: parameters, gradient: gradient,
                                 inputGradient: w + b.gc, columns: columns, columnGradient: columnGradient, scratch: scratch)
            Activation.silu.backward(outputGradient: w + b.gc, derivative: w + b.dc(l), count: hidden, into: w + b.gc)
            // The per-image bias received the sum of its positions' gradients.
            PatchFolding.sumPerImage(w + b.gc, rows: rows, positions: positions * positions, channels: width, into: w + b.bias)
            block.time.backward(w + b.pe, outputGradient: w + b.bias, rows: rows, parameters: parameters, gradient: gradient,
                                inputGradient: nil, scratch: scratch)
            block.inner.backward(w + b.a(l), outputGradient: w + b.gc, rows: rows, parameters: parameters, gradient: gradient,
                                 inputGradient: w + b.ga, columns: columns, columnGradient: columnGradient, scratch: scratch)
            RowOperations.addProduct(w + b.ga, w + b.da(l), count: hidden, into: w + b.g)
        }
        self.input.backward(w + b.folded, outputGradient: w + b.g, rows: rows, parameters: parameters, gradient: gradient,
                            inputGradient: nil, columns: columns, columnGradient: columnGradient, scratch: scratch)
    }
}
