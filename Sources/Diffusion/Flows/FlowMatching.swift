/// Conditional flow matching on the linear path, as the `Trainer` runs it in place of
/// Algorithm 1 (Lipman et al. 2023, eq. 23 with σ_min = 0; Liu et al. 2023, eq. 1; both with
/// t ↦ 1 − t): for each row a data point x_0, a source point x_1, a time t (`FlowTimeSampling`), then
///
///     x_t = (1 − t) x_0 + t x_1,   target u = x_1 − x_0,   loss ‖v_θ(x_t, t) − u‖².
///
/// The network sees t through its sinusoidal embedding of `timeScale` · t: the range of the
/// ε networks' steps 1…1000, so both kinds of network see the same frequencies (the lowest,
/// 10⁻⁴, turns by only 0.1 radian over that range).
public struct FlowMatching: Sendable, Equatable {
    /// Where x_1 comes from.
    public enum Source: Sendable, Equatable {
        /// ε ~ N(0, I), fresh for every row: the independent coupling of noise and data.
        case gaussian
        /// A fresh point of another data set for every row, independent of x_0 (any source → data).
        case dataset(Toy2D)
        /// Fixed pairs: every training sample is [x_0, x_1] (2d values), a coupling made beforehand
        /// (minibatch optimal transport, or a flow's own noise–sample pairs for reflow).
        case paired
    }

    public let source: Source
    /// How each row's t is drawn.
    public let timeSampling: FlowTimeSampling
    /// The factor between t ∈ [0, 1] and the value the time embedding sees.
    public static let timeScale = 1000.0

    public init(source: Source, timeSampling: FlowTimeSampling = .uniform) {
        (self.source, self.timeSampling) = (source, timeSampling)
    }

    /// Why `configuration` cannot train by flow matching, or nil.
    func problem(_ configuration: TrainingConfiguration) -> String? {
        if configuration.model == .tutorial { return "flow matching needs a network with a sinusoidal time embedding, not the tutorial network" }
        if configuration.labelClasses != 0 { return "flow matching here trains unconditional networks only" }
        if configuration.lossWeighting != .uniform { return "flow matching weighs every t alike: the loss weighting must be uniform" }
        if configuration.loss != .l2 { return "flow matching regresses the velocity with the squared error (l2)" }
        if case .dataset = source, configuration.dimension != 2 { return "a data set as the source needs 2D points" }
        return nil
    }

    /// Fills one batch: `pairs` holds the rows' x_0 (d values each; 2d with x_1 after them for
    /// `.paired`); writes each row's scaled time, x_t and the target u = x_1 − x_0.
    func makeBatch(rows: Int, dimension d: Int, pairs: UnsafePointer<Float>, times: UnsafeMutablePointer<Float>,
                   xt: UnsafeMutablePointer<Float>, target: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        var sourcePoints: [SIMD2<Double>] = []
        if case let .dataset(data) = source { sourcePoints = data.sample(count: rows, using: &rng) }
        let stride = source == .paired ? 2 * d : d
        for r in 0..<rows {
            let t = timeSampling.draw(using: &rng)
            times[r] = Float(t * Self.timeScale)
            for k in 0..<d {
                let x0 = Double(pairs[r * stride + k])
                let x1: Double
                switch source {
                case .gaussian: x1 = rng.gaussian()
                case .dataset: x1 = sourcePoints[r][k]
                case .paired: x1 = Double(pairs[r * stride + d + k])
                }
                xt[r * d + k] = Float((1 - t) * x0 + t * x1)
                target[r * d + k] = Float(x1 - x0)
            }
        }
    }
}
