/// A solver of the probability-flow ODE of the VP diffusion (Song et al. 2021, "Score-Based
/// Generative Modeling through SDEs", eq. 13):
///
///     dx = [−½ β(t) x − ½ β(t) ∇ log q_t(x)] dt,
///
/// which in the variables x̄ = x_t/√ᾱ_t and σ_t = √((1 − ᾱ_t)/ᾱ_t) reads
///
///     dx̄/dσ = ε(x_t, t)      (Song et al. 2021, DDIM, eq. 14; Karras et al. 2022, eq. 1 with x̄ in place of x),
///
/// since ∇ log q_t = −ε/√(1 − ᾱ_t). A solver runs on a fixed grid of time steps
/// t_0 > t_1 > … > t_N ≥ 0 of the schedule (t_N = 0 ends at the data, where σ = 0), takes
/// the same `NoisePredictor` as DDPM and DDIM, starts from the same x_T, and needs no noise:
/// every path is determined by its start.
public protocol ProbabilityFlowSolver: Sendable {
    /// The schedule the grid and the predictor share.
    var schedule: NoiseSchedule { get }
    /// t_0 > t_1 > … > t_N, in paper time; all but the last are in 1…T, the last may be 0.
    var times: [Int] { get }
    /// How many times one solve calls the predictor.
    var modelCalls: Int { get }
    /// Solves from `start`, the state at t_0 (flat, sample after sample), keeping the states
    /// `record` asks for (`.times` of the grid; 0 is the end).
    /// - Parameters:
    ///   - predictor: ε_θ, on this solver's schedule.
    ///   - start: x at t_0, flat, a whole number of samples.
    ///   - dimension: Values per sample.
    ///   - record: Which states of the grid to keep.
    /// - Returns: The states at t_N, flat, and the kept states.
    func solve(predictor: some NoisePredictor, from start: [Double], dimension: Int,
               record: TrajectoryRecording) -> SamplingResult
}

extension ProbabilityFlowSolver {
    /// Solves from x_T ~ N(0, I) for `count` samples: sample i starts from the first draws of
    /// noise stream i of `seed`, the same x_T that DDPM and DDIM start from (`NoiseStreams`).
    /// - Parameters:
    ///   - predictor: ε_θ, on this solver's schedule.
    ///   - count: The number of samples.
    ///   - dimension: Values per sample.
    ///   - seed: The seed of the noise streams that make x_T.
    ///   - record: Which states of the grid to keep.
    /// - Returns: The samples, flat, and the kept states.
    public func run(predictor: some NoisePredictor, count: Int, dimension: Int, seed: UInt64,
                    record: TrajectoryRecording = .none) -> SamplingResult {
        let xT = NoiseStreams.initialNoise(count: count, dimension: dimension, seed: seed)
        return solve(predictor: predictor, from: xT, dimension: dimension, record: record)
    }

    /// The number of steps, N.
    public var stepCount: Int { times.count - 1 }

    /// Checks a grid: at least one step, strictly decreasing, within 0…T, the predictor never
    /// asked at t = 0.
    static func validated(_ times: [Int], schedule: NoiseSchedule) -> [Int] {
        precondition(times.count >= 2, "An ODE grid needs at least two time points.")
        precondition(zip(times, times.dropFirst()).allSatisfy { $0 > $1 }, "An ODE grid must run strictly down in time.")
        precondition(times[0] <= schedule.timesteps && times.last! >= 0, "An ODE grid must lie in 0…\(schedule.timesteps).")
        return times
    }

    /// ε̂ at t for the whole batch, checked.
    func predict(_ predictor: some NoisePredictor, _ x: [Double], t: Int, dimension: Int) -> [Double] {
        precondition(predictor.schedule == schedule, "The predictor and the solver must use the same noise schedule.")
        let eps = predictor.predictNoise(xt: x, t: t, dimension: dimension)
        precondition(eps.count == x.count, "The predictor must return one ε̂ value per value of x_t.")
        return eps
    }
}

/// Keeps the states a solver is asked to record, in the order it visits them.
struct SolverRecorder {
    let record: TrajectoryRecording
    var frames: [TrajectoryFrame] = []

    /// Before step `number`, which starts at time t.
    mutating func before(step number: Int, t: Int, x: [Double]) {
        if record.keeps(step: number, t: t) { frames.append(TrajectoryFrame(t: t, samples: x, predictedX0: nil)) }
    }

    /// The final state, at time t.
    func finish(x: [Double], t: Int, dimension: Int) -> SamplingResult {
        var frames = frames
        if record.keepsFinal(t: t) { frames.append(TrajectoryFrame(t: t, samples: x, predictedX0: nil)) }
        return SamplingResult(samples: x, dimension: dimension, trajectory: frames)
    }
}
