/// A 3 × 3 convolution with zero padding and stride 1 over square images of `side × side`
/// positions with `inputs` channels each (LeCun et al. 1989), stored channel-last: value
/// (y, x, c) of an image at (y · side + x) · channels + c:
///     y(p) = Σ_{dy, dx} x(p + (dy, dx)) W_{dy, dx} + b,   dy, dx ∈ {−1, 0, 1}.
/// Its weights are a `Linear` layer's of 9 · inputs rows, tap (dy, dx) after tap. It computes
/// by one of two methods, chosen from its shape (`Method`):
/// - neighbourhood rows ("im2col", Chellapilla et al. 2006): the linear layer applied at
///   every position to the 3 × 3 neighbourhood laid out as one row, so the backward pass is
///   the linear layer's, with the rows' gradients added back to the positions they were
///   copied from ("col2im");
/// - Winograd's F(2 × 2, 3 × 3) (Lavin & Gray 2016, §4.1; `Winograd`): 16 multiplications
///   per input and output channel for each 2 × 2 block of outputs where the neighbourhood
///   rows take 36 (2.25× fewer), as 16 products (tiles × inputs) · (inputs × outputs).
/// Either works on a few images at a time (`chunkImages`), so what it lays out stays in the
/// core's cache between being written and being multiplied.
struct Convolution: Sendable {
    /// How the convolution is computed; both give the same function up to rounding.
    enum Method: Sendable {
        /// The neighbourhood of every position as one row times W (im2col).
        case neighbourhoodRows
        /// Winograd's minimal filtering F(2 × 2, 3 × 3).
        case winograd
    }

    let linear: Linear
    let side: Int
    let inputs: Int
    let method: Method

    /// `method` nil chooses: Winograd's for even sides (its 2 × 2 tiles cover the image) and
    /// at least 16 input and output channels (its products' rows are then whole 16-wide
    /// tiles of `multiply`); the neighbourhood rows otherwise, as for the U-Net's first and
    /// last convolutions, of 4 channels in or out.
    init(inputs: Int, outputs: Int, side: Int, method: Method? = nil, parameters: inout ParameterAllocator) {
        precondition(side >= 1, "A convolution needs images of at least one position.")
        linear = Linear(inputs: 9 * inputs, outputs: outputs, parameters: &parameters)
        self.side = side
        self.inputs = inputs
        self.method = method ?? (side % 2 == 0 && inputs >= 16 && outputs >= 16 ? .winograd : .neighbourhoodRows)
        precondition(self.method == .neighbourhoodRows || side % 2 == 0, "Winograd's F(2 × 2, 3 × 3) needs an even side.")
    }

    /// Rows of neighbourhoods made and multiplied at a time: one panel of `multiply`'s
    /// inner dimension (256), so the weight gradient, summed chunk after chunk, adds in the
    /// same order as one product over all rows when an image's positions divide 256.
    static let chunkPositions = 256
    /// Floats of transformed tiles (data and products) that Winograd's method keeps at a time.
    static let chunkTransformed = 131_072

    var outputs: Int { linear.outputs }
    /// Floats of one image's transformed tiles: data (inputs) and products (outputs).
    private var transformedPerImage: Int { side * side / 4 * Winograd.points * (inputs + outputs) }
    /// Images whose neighbourhoods or tiles are made at a time.
    var chunkImages: Int {
        switch method {
        case .neighbourhoodRows: max(1, Self.chunkPositions / (side * side))
        case .winograd: max(1, Self.chunkTransformed / transformedPerImage)
        }
    }
    /// Multiply-adds for one image as a direct convolution: the linear layer at every position.
    var multiplyAdds: Int { side * side * linear.multiplyAdds }
    /// Floats of scratch: a transposed W for the neighbourhood rows; U and, backward, Uᵀ and
    /// ∂L/∂U for Winograd's.
    var scratchCount: Int {
        switch method {
        case .neighbourhoodRows: linear.scratchCount
        case .winograd: 2 * Winograd.points * inputs * outputs
        }
    }
    /// Floats of the neighbourhood rows ("columns") or transformed tiles for a batch of up to
    /// `rows` images (one chunk at a time); the backward pass needs a second workspace as large.
    func columnCount(rows: Int) -> Int {
        switch method {
        case .neighbourhoodRows: min(rows, chunkImages) * side * side * linear.inputs
        case .winograd:
            Winograd.points * (Winograd.pointStride(tiles: min(rows, chunkImages) * side * side / 4, channels: inputs)
                               + Winograd.pointStride(tiles: min(rows, chunkImages) * side * side / 4, channels: outputs))
        }
    }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        linear.initialize(parameters, using: &rng)
    }

    /// y = conv(x) (or y += conv(x) with `.accumulate`); `columns` is the workspace.
    func forward(_ x: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>,
                 into y: UnsafeMutablePointer<Float>, output: Linear.Output = .overwrite, scratch: UnsafeMutablePointer<Float>) {
        if method == .winograd {
            winogradForward(x, rows: rows, parameters: parameters, workspace: columns, into: y, output: output, scratch: scratch)
            return
        }
        let positions = side * side
        for first in stride(from: 0, to: rows, by: chunkImages) {
            let count = min(chunkImages, rows - first)
            gatherNeighbourhoods(x + first * positions * inputs, rows: count, into: columns)
            linear.forward(columns, rows: count * positions, parameters: parameters, into: y + first * positions * outputs,
                           output: output, scratch: scratch)
        }
    }

    /// Adds ∂L/∂W and ∂L/∂b to `gradient` and, with `inputGradient`, writes ∂L/∂x there;
    /// `columns` and `columnGradient` are workspaces of `columnCount(rows:)` floats.
    func backward(_ x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                  parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                  inputGradient dx: UnsafeMutablePointer<Float>?, columns: UnsafeMutablePointer<Float>,
                  columnGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        if method == .winograd {
            winogradBackward(x, outputGradient: dy, rows: rows, parameters: parameters, gradient: gradient, inputGradient: dx,
                             workspace: columns, workspaceGradient: columnGradient, scratch: scratch)
            return
        }
        let positions = side * side
        for first in stride(from: 0, to: rows, by: chunkImages) {
            let count = min(chunkImages, rows - first)
            gatherNeighbourhoods(x + first * positions * inputs, rows: count, into: columns)
            linear.backward(columns, outputGradient: dy + first * positions * outputs, rows: count * positions,
                            parameters: parameters, gradient: gradient, inputGradient: dx == nil ? nil : columnGradient,
                            scratch: scratch, narrow: .transposed)
            if let dx { scatterNeighbourhoods(columnGradient, rows: count, into: dx + first * positions * inputs) }
        }
    }

    /// im2col: row p of `columns` holds the 3 × 3 neighbourhood of position p, tap after tap
    /// (dy, then dx), each tap's `inputs` channels; taps outside the image are 0.
    private func gatherNeighbourhoods(_ x: UnsafePointer<Float>, rows: Int, into columns: UnsafeMutablePointer<Float>) {
        let c = inputs, s = side, width = 9 &* c, vectorEnd = c & ~7
        var target = columns
        for n in 0..<rows {
            let image = x + n &* s &* s &* c
            for py in 0..<s {
                for px in 0..<s {
                    for tap in 0..<9 {
                        let y = py &+ tap / 3 &- 1, x = px &+ tap % 3 &- 1
                        let row = target + tap &* c
                        if y >= 0 && y < s && x >= 0 && x < s {
                            let source = image + (y &* s &+ x) &* c
                            var k = 0
                            while k < vectorEnd {
                                UnsafeMutableRawPointer(row + k).storeBytes(of: UnsafeRawPointer(source + k).loadUnaligned(as: FloatVector.self),
                                                                            as: FloatVector.self)
                                k &+= 8
                            }
                            while k < c { row[k] = source[k]; k &+= 1 }
                        } else {
                            for k in 0..<c { row[k] = 0 }
                        }
                    }
                    target += width
                }
            }
        }
    }

    /// col2im: the transpose of `gatherNeighbourhoods`, adding each tap's gradient back to
    /// the position it was read from.
    private func scatterNeighbourhoods(_ columns: UnsafePointer<Float>, rows: Int, into dx: UnsafeMutablePointer<Float>) {
        let c = inputs, s = side, width = 9 &* c
        dx.update(repeating: 0, count: rows &* s &* s &* c)
        var source = columns
        for n in 0..<rows {
            let image = dx + n &* s &* s &* c
            for py in 0..<s {
                for px in 0..<s {
                    for tap in 0..<9 {
                        let y = py &+ tap / 3 &- 1, x = px &+ tap % 3 &- 1
                        guard y >= 0 && y < s && x >= 0 && x < s else { continue }
                        let target = image + (y &* s &+ x) &* c, from = source + tap &* c
                        for k in 0..<c { target[k] += from[k] }
                    }
                    source += width
                }
            }
        }
    }
}
