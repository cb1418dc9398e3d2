import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson02: which cells run the learner's answers in Sources/Exercises/Lesson02.swift.
/// The dataset, picture and animation cells draw x_t with `qSample`; the chain cell steps with
/// `qStep`. Without `--mine`, or for an exercise not attempted, the Diffusion module computes.
struct Mine {
    static let help =
        "Draw x_t with your qSample and run the chain with your qStep (Sources/Exercises/Lesson02.swift), "
        + "each compared with the reference; an exercise not attempted uses the reference."
    let qSample: YourAnswer<QSample>?
    let qStep: YourAnswer<QStep>?

    /// Runs the checks, and each answer at t = 1 and t = T of `schedule`, before the lesson
    /// writes anything; the exercises carry the answers, the learner's unless a test passes others.
    init(
        enabled: Bool, schedule: NoiseSchedule,
        qSample: Exercise<QSample> = Lesson02Catalog.qSample, qStep: Exercise<QStep> = Lesson02Catalog.qStep
    ) throws(MineError) {
        let edges = [1, schedule.timesteps]
        let x = [0.5, -0.5]
        self.qSample =
            enabled ? try YourAnswer(qSample) { f in for t in edges { _ = try f(x, t, x, schedule.alphaBars) } } : nil
        self.qStep =
            enabled ? try YourAnswer(qStep) { f in for t in edges { _ = try f(x, t, x, schedule.betas) } } : nil
    }

    /// x_t drawn from x_0 in one jump (Ho et al. 2020, eq. 4).
    func sample(_ schedule: NoiseSchedule, x0: [Double], t: Int, noise: [Double]) -> [Double] {
        let reference = schedule.qSample(x0: x0, t: t, noise: noise)
        guard let qSample else { return reference }
        return orFail {
            try qSample.values(reference: reference, at: "t = \(t)") { try $0(x0, t, noise, schedule.alphaBars) }
        }
    }

    /// One step of the forward chain (Ho et al. 2020, eq. 2).
    func step(_ schedule: NoiseSchedule, previous: [Double], t: Int, noise: [Double]) -> [Double] {
        let reference = schedule.qStep(previous: previous, t: t, noise: noise)
        guard let qStep else { return reference }
        return orFail {
            try qStep.values(reference: reference, at: "t = \(t)") { try $0(previous, t, noise, schedule.betas) }
        }
    }
}
