import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson05: the reverse chains of the first cells (the reverse process, the
/// trajectories, the animation, and the lead run in the quality table) take each step with the
/// learner's `ddpmStep` from Sources/Exercises/Lesson05.swift. The network's ε̂, x_T and the noise
/// z stay the module's, so yours and the reference step from the same x_t, ε̂ and z. Without
/// `--mine`, or when `ddpmStep` is not attempted, the module steps.
struct Mine {
    static let help =
        "Take the reverse steps of the main chains with your ddpmStep (Sources/Exercises/Lesson05.swift), "
        + "compared step by step with the reference; the network stays the module's; not attempted uses the reference."
    let ddpmStep: YourAnswer<DDPMStep>?

    /// Runs the check, and the answer at t = T and t = 1 of `schedule`, before the lesson writes
    /// anything; the exercise carries the answer, the learner's unless a test passes another.
    init(enabled: Bool, schedule: NoiseSchedule, ddpmStep: Exercise<DDPMStep> = Lesson05Catalog.ddpmStep)
        throws(MineError)
    {
        let x = [0.5, -0.5]
        self.ddpmStep =
            enabled
            ? try YourAnswer(ddpmStep) { f in
                for t in [schedule.timesteps, 1] { _ = try f(x, t, x, x, schedule.betas, schedule.alphaBars, false) }
            } : nil
    }

    /// `sampler.run(…)`, each step by the learner's `ddpmStep` under `--mine`.
    func run(
        _ sampler: DDPMSampler, predictor: some NoisePredictor, count: Int, seed: UInt64,
        record: TrajectoryRecording = .none
    ) -> SamplingResult {
        guard let ddpmStep, ddpmStep.isYours else {
            return sampler.run(predictor: predictor, count: count, dimension: 2, seed: seed, record: record)
        }
        let (betas, alphaBars) = (sampler.schedule.betas, sampler.schedule.alphaBars)
        let useBetaTilde = sampler.variance == .betaTilde
        return sampler.run(predictor: predictor, count: count, dimension: 2, seed: seed, record: record) {
            step, xt, eps, z in
            orFail {
                try ddpmStep.values(reference: step.update(xt: xt, eps: eps, noise: z), at: "t = \(step.from)") {
                    try $0(xt, step.from, eps, z, betas, alphaBars, useBetaTilde)
                }
            }
        }
    }
}
