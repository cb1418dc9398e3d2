import Dispatch

/// A noise predictor ε_θ(x_t, t) with fixed weights θ, for 2D points or for images (its
/// shape's `dimension` values per sample): what a trainer hands out (with its EMA weights)
/// and what a checkpoint holds. It computes in Float, split over two threads and in
/// cache-sized chunks; the `NoisePredictor` interface is in Double.
public struct NoiseNetwork: NoisePredictor, Sendable {
    /// The architecture: kind and sizes.
    public let shape: NetworkShape
    /// The schedule the network was trained with.
    public let schedule: NoiseSchedule
    /// θ as one flat vector, in the layout of the architecture.
    let parameters: [Float]
    let architecture: any NetworkArchitecture

    /// Rows pushed through all layers at once: small enough that the activations stay in
    /// the core's cache.
    static let chunkRows = 128
    /// At most this many floats of activations per chunk (1 MB): an image through the
    /// convolutional network needs a few hundred times a 2D point's, so its chunks are smaller.
    static let chunkFloats = 1 << 18

    init(shape: NetworkShape, schedule: NoiseSchedule, parameters: [Float]) {
        let architecture = shape.makeArchitecture(timesteps: schedule.timesteps)
        precondition(parameters.count == architecture.parameterCount,
                     "A \(shape.kind.rawValue) network of this shape has \(architecture.parameterCount) parameters, not \(parameters.count).")
        self.shape = shape
        self.schedule = schedule
        self.parameters = parameters
        self.architecture = architecture
    }

    /// The number of weights and biases (and per-step table entries) θ holds.
    public var parameterCount: Int { parameters.count }

    /// ε̂(x_t, t) for a batch of samples, all at paper time t (1…T); `xt` is flat (for 2D
    /// points x₁, y₁, x₂, y₂, …; for images one image's pixels after another), and so is the
    /// result.
    /// - Parameters:
    ///   - xt: x_t, flat.
    ///   - t: A paper time step, 1…T.
    ///   - dimension: The network's `shape.dimension`.
    /// - Returns: ε̂, flat.
    public func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        precondition(dimension == shape.dimension,
                     "This network predicts noise for samples of \(shape.dimension) values, not \(dimension).")
        return predictNoise(xt: xt, times: Array(repeating: t, count: xt.count / dimension))
    }

    /// ε̂(x_t, t) with each sample at its own time step: `times[i]` (1…T) belongs to the
    /// sample at `xt[d·i ..< d·(i + 1)]`, d = `shape.dimension`. A class-conditional network
    /// takes each sample's label too (0…K − 1); without labels it predicts ε(x_t, t), as if
    /// told the null label K.
    /// - Parameters:
    ///   - xt: x_t, flat.
    ///   - times: One paper time step (1…T) per sample.
    ///   - labels: One class label per sample, for a class-conditional network; nil for none.
    /// - Returns: ε̂, flat.
    public func predictNoise(xt: [Double], times: [Int], labels: [Int]? = nil) -> [Double] {
        precondition(xt.count == shape.dimension * times.count, "Each sample of \(shape.dimension) values needs one time step.")
        precondition(times.allSatisfy { schedule.steps.contains($0) }, "Every time step must lie in 1…\(schedule.timesteps).")
        let codes = labelCodes(labels, count: times.count)
        let points = xt.map { Float($0) }, steps = times.map { Int32($0) }
        var output = [Float](repeating: 0, count: xt.count)
        output.withUnsafeMutableBufferPointer { out in
            codes.withOptionalPointer { labels in
                predict(points: points, times: steps, labels: labels, rows: times.count, into: out.baseAddress!)
            }
        }
        return output.map { Double($0) }
    }

    /// The fast path: ε̂ for `rows` samples, split in two halves on two threads when the
    /// batch is large enough (512 points, or fewer rows that cost as much: a 256-pixel image
    /// is worth 128 points), each half in chunks of at most `chunkRows` rows and about
    /// `chunkFloats` floats of workspace.
    func predict(points: UnsafePointer<Float>, times: UnsafePointer<Int32>, labels: UnsafePointer<Int32>? = nil, rows: Int,
                 into output: UnsafeMutablePointer<Float>) {
        parameters.withUnsafeBufferPointer { theta in
            architecture.forwardInChunks(parameters: theta.baseAddress!, points: points, times: times, labels: labels, rows: rows,
                                         into: output)
        }
    }
}

extension NetworkArchitecture {
    /// The forward pass of `rows` samples for inference, split in two halves on two threads
    /// when the batch is large enough (512 points, or fewer rows that cost as much: a
    /// 256-pixel image is worth 128 points), each half in chunks of at most
    /// `NoiseNetwork.chunkRows` rows and about `NoiseNetwork.chunkFloats` floats of workspace.
    /// `scaledTimes`, when given, are the rows' continuous times (`NetworkInput.scaledTimes`).
    func forwardInChunks(parameters: UnsafePointer<Float>, points: UnsafePointer<Float>, times: UnsafePointer<Int32>,
                         scaledTimes: UnsafePointer<Float>? = nil, labels: UnsafePointer<Int32>? = nil, rows: Int,
                         into output: UnsafeMutablePointer<Float>) {
        let d = dimension
        let parts = rows * d >= 8 * NoiseNetwork.chunkRows && rows >= 2 ? 2 : 1
        let half = (rows + parts - 1) / parts
        // The workspace's growth per row (its fixed part, scratch for weights, aside).
        let perRow = workspaceCount(capacity: 2, training: false) - workspaceCount(capacity: 1, training: false)
        let capacity = min(NoiseNetwork.chunkRows, max(1, NoiseNetwork.chunkFloats / perRow), max(rows, 1))
        let workspaceCount = workspaceCount(capacity: capacity, training: false)
        forEachPart(parts) { part in
            let workspace = FloatBuffer(count: workspaceCount)
            var start = part * half
            let end = min(rows, start + half)
            while start < end {
                let count = min(capacity, end - start)
                let input = NetworkInput(points: points + d * start, times: times + start, rows: count,
                                         labels: labels.map { $0 + start }, scaledTimes: scaledTimes.map { $0 + start })
                let result = forward(input, parameters: parameters, workspace: workspace.pointer, capacity: capacity, training: false)
                (output + d * start).update(from: result, count: d * count)
                start += count
            }
        }
    }
}

/// Runs `body(part)` for part = 0…parts − 1, on two threads when parts is 2, through
/// Dispatch: waking its worker costs tens of microseconds, small next to one batched
/// prediction (the trainer, which forks every few hundred microseconds, keeps its own
/// `WorkerPair`). The parts must write disjoint memory: the caller's contract, which the
/// compiler cannot see through raw pointers.
func forEachPart(_ parts: Int, _ body: (Int) -> Void) {
    if parts == 1 {
        body(0)
        return
    }
    withoutActuallyEscaping(body) { escapable in
        nonisolated(unsafe) let work = escapable
        DispatchQueue.concurrentPerform(iterations: parts) { work($0) }
    }
}
