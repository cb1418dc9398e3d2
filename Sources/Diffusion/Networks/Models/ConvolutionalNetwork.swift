/// A small convolutional noise predictor for square grayscale images whose side is a
/// multiple of 4: a U-Net of two levels (Ronneberger et al. 2015, as DDPM's networks are,
/// Ho et al. 2020, Appendix B), with `ConvolutionBlock`s of 3 × 3 convolutions. The image is
/// first folded into 2 × 2 patches ("space to depth": 16 × 16 pixels become 8 × 8 positions
/// of 4 channels), which quarters the cost of every convolution; then
///     h = conv_in(fold(x_t)),             `depth` blocks of `width` channels on h,
///     d = fold(h) D,                      a 2 × 2 convolution of stride 2 to half the side,
///                                         `depth` blocks of 2 · width channels on d,
///     h ← h + unfold(d U),                back up, added to h (the U-Net's skip),
///                                         `depth` blocks on h,
///     ε̂ = unfold(conv_out(SiLU(h))).
/// The coarse level sees the whole digit at once; the fine one draws its strokes. A
/// class-conditional network (K label classes) gives every block a `LabelEmbedding`. A
/// velocity network (flow matching) is the same network fed a continuous time.
struct ConvolutionalNetwork: NetworkArchitecture {
    let dimension: Int
    let width: Int
    let depth: Int
    let embedding: SinusoidalEmbedding
    /// PE(t) for t = 1…T, row t − 1.
    let timeTable: [Float]
    /// The image's side and the sides of the two levels (side/2 and side/4).
    let side: Int, fine: Int, coarse: Int
    let input: Convolution
    let encoder: [ConvolutionBlock]
    let down: Linear
    let middle: [ConvolutionBlock]
    let up: Linear
    let decoder: [ConvolutionBlock]
    let output: Convolution
    /// One label table per block (encoder, middle, decoder), after everything else; empty
    /// for an unconditional network.
    let labelTables: [LabelEmbedding]
    let parameterCount: Int

    init(width: Int, depth: Int, embeddingDimension: Int, timesteps: Int, dimension: Int, labelClasses: Int = 0) {
        side = Int(Double(dimension).squareRoot().rounded())
        precondition(side * side == dimension && side % 4 == 0,
                     "A convolutional network needs square images whose side is a multiple of 4.")
        precondition(depth >= 1, "A convolutional network needs at least one block per level.")
        (fine, coarse) = (side / 2, side / 4)
        embedding = SinusoidalEmbedding(dimension: embeddingDimension)
        timeTable = embedding.table(timesteps: timesteps)
        var p = ParameterAllocator()
        func level(channels: Int, side: Int) -> [ConvolutionBlock] {
            (0..<depth).map { _ in ConvolutionBlock(channels: channels, side: side, embeddingDimension: embeddingDimension, parameters: &p) }
        }
        input = Convolution(inputs: 4, outputs: width, side: side / 2, parameters: &p)
        encoder = level(channels: width, side: side / 2)
        down = Linear(inputs: 4 * width, outputs: 2 * width, parameters: &p)
        middle = level(channels: 2 * width, side: side / 4)
        up = Linear(inputs: 2 * width, outputs: 4 * width, parameters: &p)
        decoder = level(channels: width, side: side / 2)
        output = Convolution(inputs: width, outputs: 4, side: side / 2, parameters: &p)
        let channels = (encoder + middle + decoder).map(\.channels)
        labelTables = labelClasses == 0 ? [] : channels.map { LabelEmbedding(classes: labelClasses, outputs: $0, parameters: &p) }
        (self.dimension, self.width, self.depth) = (dimension, width, depth)
        parameterCount = p.count
    }

    var blocks: [ConvolutionBlock] { encoder + middle + decoder }

    var multiplyAddsPerSample: Int {
        input.multiplyAdds + output.multiplyAdds + coarse * coarse * (down.multiplyAdds + up.multiplyAdds)
            + blocks.map(\.multiplyAdds).reduce(0, +)
    }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        input.initialize(parameters, using: &rng)
        for block in encoder { block.initialize(parameters, using: &rng) }
        down.initialize(parameters, using: &rng)
        for block in middle { block.initialize(parameters, using: &rng) }
        up.initialize(parameters, using: &rng)
        for block in decoder { block.initialize(parameters, using: &rng) }
        output.initialize(parameters, using: &rng)
        for table in labelTables { table.initialize(parameters) }
    }

    /// Block `index`'s label table and the batch's labels, for a conditional network.
    private func label(_ index: Int, _ input: NetworkInput) -> (table: LabelEmbedding, labels: UnsafePointer<Int32>)? {
        precondition((input.labels != nil) == !labelTables.isEmpty,
                     "A class-conditional network needs a label per sample (K for none); an unconditional one takes none.")
        guard let labels = input.labels else { return nil }
        return (labelTables[index], labels)
    }

    /// Where everything lives: the images folded into patches, PE(t) per image, the maps h
    /// (fine), fold(h), d (coarse) and the up-projection, SiLU(h) before conv_out (and its
    /// derivative), the blocks' activations in the order encoder, middle, decoder; for
    /// training the gradients ∂L/∂h, ∂L/∂d, a folded gradient, and the blocks' two temporaries.
    struct Buffers {
        var folded = 0, timeEmbedding = 0, h = 0, hFold = 0, d = 0, upOutput = 0, finalActivation = 0, finalDerivative = 0
        var foldedOutput = 0, output = 0
        var columns = 0, columnGradient = 0, scratch = 0
        var fineGradient = 0, coarseGradient = 0, foldedGradient = 0, innerGradient = 0, activationGradient = 0
        var blocks: [Int] = []
        var count = 0

        init(network n: ConvolutionalNetwork, capacity: Int, training: Bool) {
            var layout = WorkspaceLayout()
            let map = capacity * n.fine * n.fine * n.width, coarseMap = capacity * n.coarse * n.coarse * 2 * n.width
            (folded, timeEmbedding) = (layout.reserve(capacity * n.dimension), layout.reserve(capacity * n.embedding.dimension))
            (h, hFold, d, upOutput) = (layout.reserve(map), layout.reserve(map), layout.reserve(coarseMap), layout.reserve(map))
            (finalActivation, finalDerivative) = (layout.reserve(map), layout.reserve(training ? map : 0))
            (foldedOutput, output) = (layout.reserve(capacity * n.dimension), layout.reserve(capacity * n.dimension))
            blocks = n.blocks.map { layout.reserve($0.activationCount(capacity: capacity, training: training)) }
            let columnCount = ([n.input, n.output] + n.blocks.map(\.inner)).map { $0.columnCount(rows: capacity) }.max()!
            columns = layout.reserve(columnCount)
            let layers = [n.input.scratchCount, n.output.scratchCount, n.down.scratchCount, n.up.scratchCount]
            scratch = layout.reserve((layers + n.blocks.map(\.scratchCount)).max()!)
            if training {
                columnGradient = layout.reserve(columnCount)
                (fineGradient, coarseGradient, foldedGradient) = (layout.reserve(map), layout.reserve(coarseMap), layout.reserve(map))
                (innerGradient, activationGradient) = (layout.reserve(map), layout.reserve(map))
            }
            count = layout.count
        }
    }

    func workspaceCount(capacity: Int, training: Bool) -> Int {
        Buffers(network: self, capacity: capacity, training: training).count
    }

    func forward(_ input: NetworkInput, parameters: UnsafePointer<Float>, workspace w: UnsafeMutablePointer<Float>,
                 capacity: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let b = Buffers(network: self, capacity: capacity, training: training)
        let rows = input.rows, (columns, scratch, pe) = (w + b.columns, w + b.scratch, w + b.timeEmbedding)
        func run(_ blocks: [ConvolutionBlock], from first: Int, on map: UnsafeMutablePointer<Float>) {
            for (k, block) in blocks.enumerated() {
                block.forward(map, pe: pe, rows: rows, parameters: parameters,
                              activations: block.activations(w + b.blocks[first + k], capacity: capacity, training: training),
                              columns: columns, scratch: scratch, label: label(first + k, input))
            }
        }
        PatchFolding.fold(input.points, rows: rows, side: side, into: w + b.folded)
        if let scaled = input.scaledTimes {
            // A continuous time (flow matching): PE(t) computed, not looked up.
            embedding.forward(scaled, rows: rows, into: pe)
        } else {
            PatchFolding.embed(input.times, rows: rows, table: timeTable, dimension: embedding.dimension, into: pe)
        }
        self.input.forward(w + b.folded, rows: rows, parameters: parameters, columns: columns, into: w + b.h, scratch: scratch)
        run(encoder, from: 0, on: w + b.h)
        PatchFolding.fold(w + b.h, rows: rows, side: fine, channels: width, into: w + b.hFold)
        down.forward(w + b.hFold, rows: rows * coarse * coarse, parameters: parameters, into: w + b.d, scratch: scratch)
        run(middle, from: depth, on: w + b.d)
        up.forward(w + b.d, rows: rows * coarse * coarse, parameters: parameters, into: w + b.upOutput, scratch: scratch)
        PatchFolding.unfold(w + b.upOutput, rows: rows, side: fine, channels: width, accumulate: true, into: w + b.h)
        run(decoder, from: 2 * depth, on: w + b.h)
        Activation.silu.forward(w + b.h, count: rows * fine * fine * width, into: w + b.finalActivation, derivative: training ? w + b.finalDerivative : nil)
        output.forward(w + b.finalActivation, rows: rows, parameters: parameters, columns: columns, into: w + b.foldedOutput, scratch: scratch)
        PatchFolding.unfold(w + b.foldedOutput, rows: rows, side: side, into: w + b.output)
        return w + b.output
    }

    func backward(_ input: NetworkInput, outputGradient: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, workspace w: UnsafeMutablePointer<Float>, capacity: Int) {
        let b = Buffers(network: self, capacity: capacity, training: true)
        let rows = input.rows, (columns, columnGradient, scratch, pe) = (w + b.columns, w + b.columnGradient, w + b.scratch, w + b.timeEmbedding)
        func run(_ blocks: [ConvolutionBlock], from first: Int, on g: UnsafeMutablePointer<Float>) {
            for (k, block) in blocks.enumerated().reversed() {
                block.backward(g, pe: pe, rows: rows, parameters: parameters, gradient: gradient,
                               activations: block.activations(w + b.blocks[first + k], capacity: capacity, training: true),
                               innerGradient: w + b.innerGradient, activationGradient: w + b.activationGradient, columns: columns, columnGradient: columnGradient, scratch: scratch,
                               label: label(first + k, input))
            }
        }
        // ∂L/∂(folded output) is the output gradient folded like the input.
        PatchFolding.fold(outputGradient, rows: rows, side: side, into: w + b.foldedOutput)
        output.backward(w + b.finalActivation, outputGradient: w + b.foldedOutput, rows: rows, parameters: parameters, gradient: gradient,
                        inputGradient: w + b.fineGradient, columns: columns, columnGradient: columnGradient, scratch: scratch)
        Activation.silu.backward(outputGradient: w + b.fineGradient, derivative: w + b.finalDerivative, count: rows * fine * fine * width, into: w + b.fineGradient)
        run(decoder, from: 2 * depth, on: w + b.fineGradient)
        // Up: ∂L/∂(d U) is g folded; the skip passes g on unchanged.
        PatchFolding.fold(w + b.fineGradient, rows: rows, side: fine, channels: width, into: w + b.foldedGradient)
        up.backward(w + b.d, outputGradient: w + b.foldedGradient, rows: rows * coarse * coarse, parameters: parameters, gradient: gradient,
                    inputGradient: w + b.coarseGradient, scratch: scratch)
        run(middle, from: depth, on: w + b.coarseGradient)
        // Down: its input fold(h) gets ∂L/∂d Dᵀ, which unfolds onto the skip's gradient.
        down.backward(w + b.hFold, outputGradient: w + b.coarseGradient, rows: rows * coarse * coarse, parameters: parameters, gradient: gradient,
                      inputGradient: w + b.foldedGradient, scratch: scratch)
        PatchFolding.unfold(w + b.foldedGradient, rows: rows, side: fine, channels: width, accumulate: true, into: w + b.fineGradient)
        run(encoder, from: 0, on: w + b.fineGradient)
        self.input.backward(w + b.folded, outputGradient: w + b.fineGradient, rows: rows, parameters: parameters, gradient: gradient,
                            inputGradient: nil, columns: columns, columnGradient: columnGradient, scratch: scratch)
    }
}
