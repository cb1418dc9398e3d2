/// A batch fed to a network: `rows` noisy samples x_t (row-major, the architecture's
/// `dimension` floats each: 2 for a point, 256 for a 16 × 16 image) and each sample's
/// paper time step t (1…T); for a class-conditional network also each sample's label
/// (0…K − 1, or K for none), nil for an unconditional one.
struct NetworkInput {
    let points: UnsafePointer<Float>
    let times: UnsafePointer<Int32>
    let rows: Int
    var labels: UnsafePointer<Int32>? = nil
    /// Each row's time as a real number, embedded in place of `times` when present: a flow's
    /// continuous t ∈ [0, 1] times `FlowMatching.timeScale` (the residual and convolutional networks).
    var scaledTimes: UnsafePointer<Float>? = nil
}

/// A noise-prediction network ε_θ(x_t, t) for samples of `dimension` values, written over
/// one flat parameter vector θ. Its forward pass keeps what its backward pass needs in a
/// workspace of `workspaceCount(capacity:)` floats, carved for up to `capacity` rows;
/// without training it keeps only what the next layer needs.
protocol NetworkArchitecture: Sendable {
    var parameterCount: Int { get }
    /// Values per sample, in x_t and in ε̂.
    var dimension: Int { get }
    /// Multiply-adds of the matrix products in one sample's forward pass (the backward pass
    /// does about twice as many): what the benchmarks divide by time to get GFLOP/s.
    var multiplyAddsPerSample: Int { get }

    /// Sets θ to its initial values.
    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256)

    /// Floats of workspace for batches of up to `capacity` rows.
    func workspaceCount(capacity: Int, training: Bool) -> Int

    /// ε̂ for every row of the batch: returns the rows × dimension output, which lives in
    /// the workspace.
    func forward(_ input: NetworkInput, parameters: UnsafePointer<Float>, workspace: UnsafeMutablePointer<Float>,
                 capacity: Int, training: Bool) -> UnsafeMutablePointer<Float>

    /// Adds ∂L/∂θ to `gradient`, given ∂L/∂ε̂ (rows × dimension, which it may overwrite), after a
    /// training forward pass on the same batch and workspace.
    func backward(_ input: NetworkInput, outputGradient: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>, capacity: Int)
}

/// Hands out consecutive pieces of a workspace by offset, so one description of the pieces
/// gives both the workspace's size and where each piece starts.
struct WorkspaceLayout {
    private(set) var count = 0

    mutating func reserve(_ size: Int) -> Int {
        defer { count += size }
        return count
    }
}
