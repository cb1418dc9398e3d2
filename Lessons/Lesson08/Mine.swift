import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson08: the first cell ("ε is a score") turns the ideal denoiser's ε into a
/// score with the learner's `scoreFromEps` (Sources/Exercises/Lesson08.swift) before checking it
/// against finite differences of log q_t. The other cells stay the module's (Langevin and the
/// solvers run many thousands of steps). Without `--mine`, or when not attempted, the module computes.
struct Mine {
    static let help =
        "Turn ε into a score with your scoreFromEps (Sources/Exercises/Lesson08.swift) in the first cell, "
        + "compared with the reference; not attempted uses the reference."
    let scoreFromEps: YourAnswer<ScoreFromEps>?

    /// Runs the check, and the answer at t = 1 and t = T of `schedule`, before the lesson writes
    /// anything; the exercise carries the answer, the learner's unless a test passes another.
    init(enabled: Bool, schedule: NoiseSchedule, scoreFromEps: Exercise<ScoreFromEps> = Lesson08Catalog.scoreFromEps)
        throws(MineError)
    {
        self.scoreFromEps =
            enabled
            ? try YourAnswer(scoreFromEps) { f in
                for t in [1, schedule.timesteps] { _ = try f([0.5, -0.5], t, schedule.alphaBars) }
            } : nil
    }

    /// ∇ log q_t = −ε/√(1 − ᾱ_t) (Song et al. 2021, SDE paper, eq. 7).
    func score(_ schedule: NoiseSchedule, eps: [Double], t: Int) -> [Double] {
        let reference = schedule.score(fromNoise: eps, t: t)
        guard let scoreFromEps else { return reference }
        return orFail {
            try scoreFromEps.values(reference: reference, at: "t = \(t)") { try $0(eps, t, schedule.alphaBars) }
        }
    }
}
