import Diffusion
import Exercises
import Foundation

/// Lesson 08's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson08Catalog {
    public static var all: [ExerciseEntry] { [scoreFromEps.entry, langevinStep.entry, heunStep.entry] }

    public static var scoreFromEps: Exercise<ScoreFromEps> {
        Exercise(name: "scoreFromEps", lesson: "Lesson08",
                 student: Exercises.scoreFromEps(eps:t:alphaBars:),
                 reference: { eps, t, alphaBars in NoiseSchedule(alphaBars: alphaBars).score(fromNoise: eps, t: t) },
                 check: checkScoreFromEps,
                 mistakes: [
                     Mistake("the sign") { eps, t, alphaBars in eps.map { $0 / (1 - alphaBars[t - 1]).squareRoot() } },
                     Mistake("missing square root") { eps, t, alphaBars in eps.map { -$0 / (1 - alphaBars[t - 1]) } },
                     Mistake("t off by one") { eps, t, alphaBars in
                         let a = t < alphaBars.count ? alphaBars[t] : alphaBars[t - 2]
                         return eps.map { -$0 / (1 - a).squareRoot() }
                     },
                     Mistake("√ᾱ_t where √(1 − ᾱ_t) belongs") { eps, t, alphaBars in eps.map { -$0 / alphaBars[t - 1].squareRoot() } },
                     Mistake("k-diffusion's σ") { eps, t, alphaBars in
                         let a = alphaBars[t - 1]
                         return eps.map { -$0 / ((1 - a) / a).squareRoot() }
                     },
                 ])
    }

    public static var langevinStep: Exercise<LangevinStep> {
        Exercise(name: "langevinStep", lesson: "Lesson08",
                 student: Exercises.langevinStep(x:score:stepSize:noise:),
                 reference: { AnnealedLangevinSampler.step(x: $0, score: $1, stepSize: $2, noise: $3) },
                 check: checkLangevinStep,
                 mistakes: [
                     Mistake("the noise is √α z") { x, s, alpha, z in (0..<x.count).map { x[$0] + alpha / 2 * s[$0] + alpha * z[$0] } },
                     Mistake("half the step size") { x, s, alpha, z in
                         (0..<x.count).map { x[$0] + alpha * s[$0] + alpha.squareRoot() * z[$0] }
                     },
                     Mistake("uphill") { x, s, alpha, z in (0..<x.count).map { x[$0] - alpha / 2 * s[$0] + alpha.squareRoot() * z[$0] } },
                     Mistake("add the noise") { x, s, alpha, _ in (0..<x.count).map { x[$0] + alpha / 2 * s[$0] } },
                 ])
    }

    public static var heunStep: Exercise<HeunStep> {
        Exercise(name: "heunStep", lesson: "Lesson08",
                 student: Exercises.heunStep(x:sigma:sigmaNext:epsilon:),
                 reference: { HeunSolver.step(xBar: $0, sigma: $1, sigmaNext: $2, slope: $3) },
                 check: checkHeunStep,
                 mistakes: [
                     Mistake("Euler's step alone") { x, sigma, next, epsilon in
                         let d = epsilon(x, sigma)
                         return (0..<x.count).map { x[$0] + (next - sigma) * d[$0] }
                     },
                     Mistake("stays an Euler step") { x, sigma, next, epsilon in
                         heun(x, sigma, next, epsilon) { euler, _ in epsilon(euler, next) }
                     },
                     Mistake("belongs at σ′") { x, sigma, next, epsilon in
                         heun(x, sigma, next, epsilon, skipAtZero: true) { euler, _ in epsilon(euler, sigma) }
                     },
                     Mistake("at the Euler point") { x, sigma, next, epsilon in
                         heun(x, sigma, next, epsilon, skipAtZero: true) { _, _ in epsilon(x, next) }
                     },
                 ])
    }

    /// Heun's step with the second slope `second(eulerPoint, d)` replaceable; `skipAtZero`
    /// keeps the Euler step at σ′ = 0 as it should.
    private static func heun(_ x: [Double], _ sigma: Double, _ next: Double, _ epsilon: ([Double], Double) -> [Double],
                             skipAtZero: Bool = false, second: ([Double], [Double]) -> [Double]) -> [Double] {
        let h = next - sigma, d = epsilon(x, sigma)
        let euler = (0..<x.count).map { x[$0] + h * d[$0] }
        if skipAtZero && next == 0 { return euler }
        let e = second(euler, d)
        return (0..<x.count).map { x[$0] + h * (d[$0] + e[$0]) / 2 }
    }
}
