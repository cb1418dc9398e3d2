/// A reverse process fixed at init: a list of steps from pure noise to data, each a linear
/// combination of x_t, ε̂, x̂_0 and fresh noise (see `ReverseStep`). DDPM and DDIM are samplers.
public protocol Sampler: Sendable {
    /// The schedule the steps were built from; the predictor must share it.
    var schedule: NoiseSchedule { get }
    /// The steps in the order they run: the first starts from x_T (or the top of a
    /// sub-sequence), the last ends at x_0.
    var steps: [ReverseStep] { get }
}

extension Sampler {
    /// Runs the chain from x_T ~ N(0, I) for `count` samples of `dimension` values. Sample i
    /// draws its x_T and every z from noise stream i of `seed` (see `NoiseStreams`).
    /// - Parameters:
    ///   - predictor: ε_θ, on this sampler's schedule.
    ///   - count: The number of samples.
    ///   - dimension: Values per sample.
    ///   - seed: The seed of the noise streams.
    ///   - record: Which intermediate states to keep.
    /// - Returns: The samples x_0, flat, and the kept states.
    public func run(predictor: some NoisePredictor, count: Int, dimension: Int, seed: UInt64,
                    record: TrajectoryRecording = .none) -> SamplingResult {
        let xT = NoiseStreams.initialNoise(count: count, dimension: dimension, seed: seed)
        return run(predictor: predictor, from: xT, dimension: dimension, seed: seed, record: record)
    }

    /// Runs the chain from a given x_T (flat, sample after sample). The noise z of sample i
    /// comes from stream i of `seed`, after the draws that would have made its x_T, so running
    /// from `NoiseStreams.initialNoise(…, seed:)` repeats `run(predictor:count:…)` exactly.
    /// - Parameters:
    ///   - predictor: ε_θ, on this sampler's schedule.
    ///   - xT: The starting state, flat, a whole number of samples.
    ///   - dimension: Values per sample.
    ///   - seed: The seed of the noise streams.
    ///   - record: Which intermediate states to keep.
    /// - Returns: The samples x_0, flat, and the kept states.
    public func run(predictor: some NoisePredictor, from xT: [Double], dimension: Int, seed: UInt64,
                    record: TrajectoryRecording = .none) -> SamplingResult {
        run(predictor: predictor, from: xT, dimension: dimension, seed: seed, record: record, update: nil)
    }

    /// The chain of `run(predictor:count:dimension:seed:record:)` with every step taken by
    /// `update` (step, x_t, ε̂, z ↦ x_{t−1}) instead of the step's own code: how a lesson runs a
    /// learner's step function on the same x_T, ε̂ and z. At a step without noise (σ = 0, DDPM's
    /// t = 1) `update` still receives the z the stream would give next, unused by the step, so an
    /// update that adds noise there shows.
    /// - Parameters:
    ///   - predictor: ε_θ, on this sampler's schedule.
    ///   - count: The number of samples.
    ///   - dimension: Values per sample.
    ///   - seed: The seed of the noise streams.
    ///   - record: Which intermediate states to keep.
    ///   - update: x_{t−1} from the step, x_t, ε̂ and z, all flat.
    /// - Returns: The samples x_0, flat, and the kept states.
    public func run(predictor: some NoisePredictor, count: Int, dimension: Int, seed: UInt64, record: TrajectoryRecording = .none,
                    update: @escaping (ReverseStep, _ xt: [Double], _ eps: [Double], _ z: [Double]) -> [Double]) -> SamplingResult {
        let xT = NoiseStreams.initialNoise(count: count, dimension: dimension, seed: seed)
        return run(predictor: predictor, from: xT, dimension: dimension, seed: seed, record: record, update: update)
    }

    private func run(predictor: some NoisePredictor, from xT: [Double], dimension: Int, seed: UInt64, record: TrajectoryRecording,
                     update: ((ReverseStep, [Double], [Double], [Double]) -> [Double])?) -> SamplingResult {
        precondition(dimension > 0 && xT.count % dimension == 0,
                     "x_T must hold a whole number of samples of dimension \(dimension).")
        precondition(predictor.schedule == schedule, "The predictor and the sampler must use the same noise schedule.")
        var streams = NoiseStreams(count: xT.count / dimension, seed: seed)
        var skipped = [Double](repeating: 0, count: xT.count)
        streams.fill(&skipped, dimension: dimension)
        return runChain(steps, predictor: predictor, start: xT, dimension: dimension, streams: streams, record: record, update: update)
    }
}

/// Runs `steps` in order from `start`: the one loop every sampler and the DDIM encoder share.
/// Buffers for x, x̂_0 and z are made once; each step allocates only the predictor's output
/// (and the states it is asked to keep).
func runChain(_ steps: [ReverseStep], predictor: some NoisePredictor, start: [Double], dimension: Int,
              streams: NoiseStreams?, record: TrajectoryRecording,
              update: ((ReverseStep, [Double], [Double], [Double]) -> [Double])? = nil) -> SamplingResult {
    var streams = streams
    var x = start
    var x0 = [Double](repeating: 0, count: x.count)
    var noise = [Double](repeating: 0, count: x.count)
    var frames: [TrajectoryFrame] = []
    for (number, step) in steps.enumerated() {
        // 1. predict ε̂(x_t, t)
        var eps = predictor.predictNoise(xt: x, t: step.predictorTime, dimension: dimension)
        precondition(eps.count == x.count, "The predictor must return one ε̂ value per value of x_t.")
        // 2. draw z for the steps that add noise
        if step.sigma > 0 {
            precondition(streams != nil, "A step with σ > 0 needs noise streams.")
            streams!.fill(&noise, dimension: dimension)
        } else if update != nil, var peek = streams {
            peek.fill(&noise, dimension: dimension)
        }
        // 3. take the step, keeping x_t (and x̂_0) if asked
        let keep = record.keeps(step: number, t: step.from)
        let xt = keep ? x : []
        if let update {
            if keep && record.predictions { x0 = step.predictedX0(xt: x, eps: eps) }
            x = update(step, x, eps, noise)
            precondition(x.count == start.count, "A step must return one value per value of x_t.")
        } else {
            step.advance(&x, eps: &eps, x0: &x0, noise: noise, keepPrediction: keep && record.predictions)
        }
        if keep {
            frames.append(TrajectoryFrame(t: step.from, samples: xt, predictedX0: record.predictions ? x0 : nil))
        }
    }
    if let last = steps.last, record.keepsFinal(t: last.to) {
        frames.append(TrajectoryFrame(t: last.to, samples: x, predictedX0: nil))
    }
    return SamplingResult(samples: x, dimension: dimension, trajectory: frames)
}
