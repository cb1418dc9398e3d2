import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson06: the "Your settings" cell runs its DDIM chain with the learner's
/// `ddimStep`, and compares their `ddimSigma` with every step's σ (Sources/Exercises/Lesson06.swift).
/// The network's ε̂, x_T and the noise stay the module's; the other cells stay the module's.
/// Without `--mine`, or for an exercise not attempted, the module computes.
struct Mine {
    static let help =
        "Run the chain of the \"Your settings\" cell with your ddimStep and compare your ddimSigma with its σ "
        + "(Sources/Exercises/Lesson06.swift), step by step against the reference; not attempted uses the reference."
    let ddimStep: YourAnswer<DDIMStep>?
    let ddimSigma: YourAnswer<DDIMSigma>?

    /// Runs the checks, and each answer on the first and last steps of `sampler`, before the
    /// lesson writes anything; the exercises carry the answers, the learner's unless a test passes others.
    init(
        enabled: Bool, sampler: DDIMSampler, ddimStep: Exercise<DDIMStep> = Lesson06Catalog.ddimStep,
        ddimSigma: Exercise<DDIMSigma> = Lesson06Catalog.ddimSigma
    ) throws(MineError) {
        let edges = [sampler.steps.first!, sampler.steps.last!]
        let x = [0.5, -0.5]
        let alphaBars = sampler.schedule.alphaBars
        self.ddimStep =
            enabled
            ? try YourAnswer(ddimStep) { f in
                for step in edges { _ = try f(x, step.from, step.to, x, x, sampler.eta, alphaBars) }
            } : nil
        self.ddimSigma =
            enabled
            ? try YourAnswer(ddimSigma) { f in
                for step in edges { _ = try f(step.from, step.to, sampler.eta, alphaBars) }
            } : nil
    }

    /// `sampler.run(…)`, each step by the learner's `ddimStep` under `--mine`, their σ compared.
    func run(_ sampler: DDIMSampler, predictor: some NoisePredictor, count: Int, seed: UInt64) -> SamplingResult {
        if let ddimSigma {
            for step in sampler.steps {
                _ = orFail {
                    try ddimSigma.values(reference: [step.sigma], at: "t = \(step.from) → \(step.to)") {
                        [try $0(step.from, step.to, sampler.eta, sampler.schedule.alphaBars)]
                    }
                }
            }
        }
        guard let ddimStep, ddimStep.isYours else {
            return sampler.run(predictor: predictor, count: count, dimension: 2, seed: seed)
        }
        let alphaBars = sampler.schedule.alphaBars
        return sampler.run(predictor: predictor, count: count, dimension: 2, seed: seed) { step, xt, eps, z in
            orFail {
                try ddimStep.values(
                    reference: step.update(xt: xt, eps: eps, noise: z), at: "t = \(step.from) → \(step.to)"
                ) {
                    try $0(xt, step.from, step.to, eps, z, sampler.eta, alphaBars)
                }
            }
        }
    }
}
