import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson07: the time-embedding cell draws PE(t) for t = 1…T (the sines of its
/// figure and CSV, and the distances it prints) with the learner's `sinusoidalEmbedding`, and the
/// chains of the chain cell ("What the network believes along one chain") and of the animation
/// take each DDPM step with the learner's `clippedPosteriorMean` plus the module's σ_t z (the
/// network's ε̂, x_T and z stay the module's). Both are cheap next to the
/// network; the samples cell, the quality cells and training stay the module's, so `emaUpdate`
/// is not used (the EMA runs inside training). Without `--mine`, or when not attempted, the
/// module computes.
struct Mine {
    static let help =
        "Draw the time embedding with your sinusoidalEmbedding and step the DDPM chains of the chain cell with your "
        + "clippedPosteriorMean (Sources/Exercises/Lesson07.swift), also in the animation, compared with the reference; the network stays the module's; "
        + "emaUpdate is not used (training stays the module's); not attempted uses the reference."
    let sinusoidalEmbedding: YourAnswer<SinusoidalEmbeddingExercise>?
    let clippedPosteriorMean: YourAnswer<ClippedPosteriorMean>?

    /// Runs the checks, and each answer on the lesson's edge inputs (t = 1 and t = T of
    /// `schedule`, the network's embedding size `dimension`), before the lesson writes anything;
    /// the exercises carry the answers, the learner's unless a test passes others.
    init(
        enabled: Bool, schedule: NoiseSchedule, dimension: Int,
        sinusoidalEmbedding: Exercise<SinusoidalEmbeddingExercise> = Lesson07Catalog.sinusoidalEmbedding,
        clippedPosteriorMean: Exercise<ClippedPosteriorMean> = Lesson07Catalog.clippedPosteriorMean
    ) throws(MineError) {
        let edges = [1, schedule.timesteps]
        let x = [0.5, -0.5]
        self.sinusoidalEmbedding =
            enabled
            ? try YourAnswer(sinusoidalEmbedding) { f in
                for t in edges { _ = try f(Double(t), dimension) }
            } : nil
        self.clippedPosteriorMean =
            enabled
            ? try YourAnswer(clippedPosteriorMean) { f in
                for t in edges { _ = try f(x, t, x, schedule.betas, schedule.alphaBars) }
            } : nil
    }

    /// PE(t) (Vaswani et al. 2017, §3.5, in DDPM's layout, Ho et al. 2020, Appendix B).
    func embedding(_ t: Double, dimension: Int) -> [Double] {
        let reference = Diffusion.sinusoidalEmbedding(t, dimension: dimension)
        guard let sinusoidalEmbedding else { return reference }
        return orFail {
            try sinusoidalEmbedding.values(
                reference: reference, at: { "t = \(Format.number(t, digits: 6)), value \($0)" }
            ) { try $0(t, dimension) }
        }
    }

    /// `sampler.run(…)` (a DDPM sampler that clips x̂_0), each step x_{t−1} = μ̃_t(x_t, x̂_0) + σ_t z
    /// (Ho et al. 2020, eq. 7 and Algorithm 2) with the learner's `clippedPosteriorMean` under `--mine`.
    func run(
        _ sampler: DDPMSampler, predictor: some NoisePredictor, count: Int, dimension: Int, seed: UInt64,
        record: TrajectoryRecording
    ) -> SamplingResult {
        guard let clippedPosteriorMean, clippedPosteriorMean.isYours else {
            return sampler.run(predictor: predictor, count: count, dimension: dimension, seed: seed, record: record)
        }
        let (betas, alphaBars) = (sampler.schedule.betas, sampler.schedule.alphaBars)
        return sampler.run(predictor: predictor, count: count, dimension: dimension, seed: seed, record: record) {
            step, xt, eps, z in
            let reference = step.update(xt: xt, eps: eps, noise: [Double](repeating: 0, count: xt.count))
            let mean = orFail {
                try clippedPosteriorMean.values(reference: reference, at: "t = \(step.from)") {
                    try $0(xt, step.from, eps, betas, alphaBars)
                }
            }
            return step.sigma > 0 ? zip(mean, z).map { $0 + step.sigma * $1 } : mean
        }
    }
}
