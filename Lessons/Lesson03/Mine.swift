import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson03: the first cell's table, CSV and figure take the posterior's mean
/// coefficients from the learner's `posteriorMean` and β̃_t from their `posteriorVariance`
/// (Sources/Exercises/Lesson03.swift). The brute-force and ε cells stay the module's. Without
/// `--mine`, or for an exercise not attempted, the module computes.
struct Mine {
    static let help =
        "Compute the posterior's mean coefficients and β̃_t of the first cell with your posteriorMean and "
        + "posteriorVariance (Sources/Exercises/Lesson03.swift), compared with the reference; not attempted uses the reference."
    let posteriorMean: YourAnswer<PosteriorMean>?
    let posteriorVariance: YourAnswer<PosteriorVariance>?

    /// Runs the checks, and each answer at t = 1 and t = T of `schedule`, before the lesson
    /// writes anything; the exercises carry the answers, the learner's unless a test passes others.
    init(
        enabled: Bool, schedule: NoiseSchedule, posteriorMean: Exercise<PosteriorMean> = Lesson03Catalog.posteriorMean,
        posteriorVariance: Exercise<PosteriorVariance> = Lesson03Catalog.posteriorVariance
    ) throws(MineError) {
        let (betas, alphaBars, edges) = (schedule.betas, schedule.alphaBars, [1, schedule.timesteps])
        self.posteriorMean =
            enabled
            ? try YourAnswer(posteriorMean) { f in
                for t in edges { _ = try f([1, 0], [0, 1], t, betas, alphaBars) }
            } : nil
        self.posteriorVariance =
            enabled
            ? try YourAnswer(posteriorVariance) { f in
                for t in edges { _ = try f(t, betas, alphaBars) }
            } : nil
    }

    /// The posterior's coefficients over t = 1…T (Ho et al. 2020, eq. 7).
    struct Posterior {
        var coefX0: [Double] = [], coefXt: [Double] = [], betaTildes: [Double] = []
    }

    /// The coefficients, each t's from one call: the mean is c_0 x_0 + c_t x_t value by value, so
    /// x_0 = (1, 0), x_t = (0, 1) returns (c_0, c_t).
    func posterior(_ schedule: NoiseSchedule) -> Posterior {
        let (betas, alphaBars) = (schedule.betas, schedule.alphaBars)
        var posterior = Posterior()
        for t in schedule.steps {
            let i = schedule.index(t)
            var mean = [schedule.posteriorCoefX0[i], schedule.posteriorCoefXt[i]]
            var variance = [schedule.betaTildes[i]]
            if let posteriorMean {
                mean = orFail {
                    try posteriorMean.values(reference: mean, at: "t = \(t)") {
                        try $0([1, 0], [0, 1], t, betas, alphaBars)
                    }
                }
            }
            if let posteriorVariance {
                variance = orFail {
                    try posteriorVariance.values(reference: variance, at: "t = \(t)") { [try $0(t, betas, alphaBars)] }
                }
            }
            posterior.coefX0.append(mean[0])
            posterior.coefXt.append(mean[1])
            posterior.betaTildes.append(variance[0])
        }
        return posterior
    }
}
