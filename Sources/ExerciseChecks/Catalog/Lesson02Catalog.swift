import Diffusion
import Exercises

/// Lesson 02's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson02Catalog {
    public static var all: [ExerciseEntry] { [qSample.entry, qStep.entry, predictX0.entry] }

    public static var qSample: Exercise<QSample> {
        Exercise(name: "qSample", lesson: "Lesson02",
                 student: Exercises.qSample(x0:t:noise:alphaBars:),
                 reference: { x0, t, noise, alphaBars in NoiseSchedule(alphaBars: alphaBars).qSample(x0: x0, t: t, noise: noise) },
                 check: checkQSample,
                 mistakes: [
                     Mistake("missing square root") { x0, t, noise, alphaBars in
                         let a = alphaBars[t - 1]
                         return zip(x0, noise).map { a * $0 + (1 - a) * $1 }
                     },
                     Mistake("t off by one") { x0, t, noise, alphaBars in
                         let a = alphaBars[t]
                         return zip(x0, noise).map { a.squareRoot() * $0 + (1 - a).squareRoot() * $1 }
                     },
                     Mistake("swapped") { x0, t, noise, alphaBars in
                         let a = alphaBars[t - 1]
                         return zip(x0, noise).map { (1 - a).squareRoot() * $0 + a.squareRoot() * $1 }
                     },
                     Mistake("Hint: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε") { x0, t, noise, alphaBars in
                         zip(x0, noise).map { alphaBars[t - 1].squareRoot() * $0 + $1 }
                     },
                 ])
    }

    public static var qStep: Exercise<QStep> {
        Exercise(name: "qStep", lesson: "Lesson02",
                 student: Exercises.qStep(previous:t:noise:betas:),
                 reference: { previous, t, noise, betas in NoiseSchedule(betas: betas).qStep(previous: previous, t: t, noise: noise) },
                 check: checkQStep,
                 mistakes: [
                     Mistake("one step uses β_t alone") { previous, t, noise, betas in
                         let a = betas[..<t].reduce(1) { $0 * (1 - $1) }
                         return zip(previous, noise).map { a.squareRoot() * $0 + (1 - a).squareRoot() * $1 }
                     },
                     Mistake("variance preserving") { previous, t, noise, betas in
                         zip(previous, noise).map { $0 + betas[t - 1].squareRoot() * $1 }
                     },
                     Mistake("t off by one") { previous, t, noise, betas in
                         let b = betas[t]
                         return zip(previous, noise).map { (1 - b).squareRoot() * $0 + b.squareRoot() * $1 }
                     },
                 ])
    }

    public static var predictX0: Exercise<PredictX0> {
        Exercise(name: "predictX0", lesson: "Lesson02",
                 student: Exercises.predictX0(xt:t:eps:alphaBars:),
                 reference: { xt, t, eps, alphaBars in NoiseSchedule(alphaBars: alphaBars).predictX0(xt: xt, t: t, eps: eps) },
                 check: checkPredictX0,
                 mistakes: [
                     Mistake("don't multiply") { xt, t, eps, alphaBars in
                         let a = alphaBars[t - 1]
                         return zip(xt, eps).map { ($0 - (1 - a).squareRoot() * $1) * a.squareRoot() }
                     },
                     Mistake("brackets") { xt, t, eps, alphaBars in
                         let a = alphaBars[t - 1]
                         return zip(xt, eps).map { $0 / a.squareRoot() - (1 - a).squareRoot() * $1 }
                     },
                     Mistake("t off by one") { xt, t, eps, alphaBars in
                         let a = alphaBars[t - 2]
                         return zip(xt, eps).map { ($0 - (1 - a).squareRoot() * $1) / a.squareRoot() }
                     },
                     // diffusers' convention: timesteps 0…T − 1, ᾱ at alphas_cumprod[t].
                     Mistake("the 0-based timesteps of diffusers") { xt, t, eps, alphaBars in
                         let a = alphaBars[t]
                         return zip(xt, eps).map { ($0 - (1 - a).squareRoot() * $1) / a.squareRoot() }
                     },
                 ])
    }
}
