import Diffusion
import Exercises

/// Lesson 03's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson03Catalog {
    public static var all: [ExerciseEntry] { [posteriorMean.entry, posteriorVariance.entry, meanFromEps.entry] }

    public static var posteriorMean: Exercise<PosteriorMean> {
        Exercise(name: "posteriorMean", lesson: "Lesson03",
                 student: Exercises.posteriorMean(x0:xt:t:betas:alphaBars:),
                 reference: { x0, xt, t, betas, _ in NoiseSchedule(betas: betas).posterior(x0: x0, xt: xt, t: t).mean },
                 check: checkPosteriorMean,
                 mistakes: [
                     Mistake("swapped coefficients") { x0, xt, t, betas, alphaBars in
                         let b = betas[t - 1], a = alphaBars[t - 1], p = t > 1 ? alphaBars[t - 2] : 1
                         let c0 = b * p.squareRoot() / (1 - a), ct = (1 - p) * (1 - b).squareRoot() / (1 - a)
                         return zip(x0, xt).map { ct * $0 + c0 * $1 }
                     },
                     Mistake("ᾱ_0 = 1") { x0, xt, t, betas, alphaBars in
                         let b = betas[t - 1], a = alphaBars[t - 1], p = t > 1 ? alphaBars[t - 2] : 0
                         let c0 = b * p.squareRoot() / (1 - a), ct = (1 - p) * (1 - b).squareRoot() / (1 - a)
                         return zip(x0, xt).map { c0 * $0 + ct * $1 }
                     },
                     Mistake("ᾱ_t where ᾱ_{t−1} belongs") { x0, xt, t, betas, alphaBars in
                         let b = betas[t - 1], a = alphaBars[t - 1]
                         let c0 = b * a.squareRoot() / (1 - a), ct = (1 - a) * (1 - b).squareRoot() / (1 - a)
                         return zip(x0, xt).map { c0 * $0 + ct * $1 }
                     },
                 ])
    }

    public static var posteriorVariance: Exercise<PosteriorVariance> {
        Exercise(name: "posteriorVariance", lesson: "Lesson03",
                 student: Exercises.posteriorVariance(t:betas:alphaBars:),
                 reference: { t, betas, _ in NoiseSchedule(betas: betas).betaTilde(t) },
                 check: checkPosteriorVariance,
                 mistakes: [
                     Mistake("β where β̃ belongs") { t, betas, _ in betas[t - 1] },
                     Mistake("upside down") { t, betas, alphaBars in
                         betas[t - 1] * (1 - alphaBars[t - 1]) / (1 - alphaBars[t - 2])
                     },
                     Mistake("ᾱ_0 = 1") { t, betas, alphaBars in
                         betas[t - 1] * (1 - (t > 1 ? alphaBars[t - 2] : 0)) / (1 - alphaBars[t - 1])
                     },
                 ])
    }

    public static var meanFromEps: Exercise<MeanFromEps> {
        Exercise(name: "meanFromEps", lesson: "Lesson03",
                 student: Exercises.meanFromEps(xt:t:eps:betas:alphaBars:),
                 reference: { xt, t, eps, betas, _ in NoiseSchedule(betas: betas).meanFromEps(xt: xt, t: t, eps: eps) },
                 check: checkMeanFromEps,
                 mistakes: [
                     Mistake("ᾱ_t where α_t belongs") { xt, t, eps, betas, alphaBars in
                         let b = betas[t - 1], a = alphaBars[t - 1]
                         return zip(xt, eps).map { ($0 - b / (1 - a).squareRoot() * $1) / a.squareRoot() }
                     },
                     Mistake("that is x̂_0") { xt, t, eps, _, alphaBars in
                         let a = alphaBars[t - 1]
                         return zip(xt, eps).map { ($0 - (1 - a).squareRoot() * $1) / a.squareRoot() }
                     },
                     Mistake("missing square root") { xt, t, eps, betas, alphaBars in
                         let b = betas[t - 1], a = alphaBars[t - 1]
                         return zip(xt, eps).map { ($0 - b / (1 - a) * $1) / (1 - b).squareRoot() }
                     },
                 ])
    }
}
