import Diffusion
import Exercises
import Foundation

/// Lesson 07's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson07Catalog {
    public static var all: [ExerciseEntry] { [sinusoidalEmbedding.entry, emaUpdate.entry, clippedPosteriorMean.entry] }

    public static var sinusoidalEmbedding: Exercise<SinusoidalEmbeddingExercise> {
        Exercise(name: "sinusoidalEmbedding", lesson: "Lesson07",
                 student: Exercises.sinusoidalEmbedding(t:dimension:),
                 reference: { Diffusion.sinusoidalEmbedding($0, dimension: $1) },
                 check: checkSinusoidalEmbedding,
                 mistakes: [
                     // Vaswani et al.'s own formula: pos / 10000^(2i/d), sin and cos interleaved.
                     Mistake("interleaved") { t, d in
                         (0..<(d / 2)).flatMap { i -> [Double] in
                             let omega = 1 / pow(10_000, 2 * Double(i) / Double(d))
                             return [sin(omega * t), cos(omega * t)]
                         }
                     },
                     Mistake("stops short of it") { t, d in
                         let omegas = (0..<(d / 2)).map { pow(10_000, -Double($0) / Double(d / 2)) }
                         return omegas.map { sin($0 * t) } + omegas.map { cos($0 * t) }
                     },
                     Mistake("the frequencies fall") { t, d in
                         let h = d / 2, omegas = (0..<h).map { pow(10_000, Double($0) / Double(h - 1)) }
                         return omegas.map { sin($0 * t) } + omegas.map { cos($0 * t) }
                     },
                     Mistake("the cosines come first") { t, d in
                         let h = d / 2, omegas = (0..<h).map { pow(10_000, -Double($0) / Double(h - 1)) }
                         return omegas.map { cos($0 * t) } + omegas.map { sin($0 * t) }
                     },
                 ])
    }

    public static var emaUpdate: Exercise<EMAUpdate> {
        Exercise(name: "emaUpdate", lesson: "Lesson07",
                 student: Exercises.emaUpdate(average:parameters:decay:),
                 reference: { average, parameters, decay in zip(average, parameters).map { decay * $0 + (1 - decay) * $1 } },
                 check: checkEMAUpdate,
                 mistakes: [
                     Mistake("the weights are swapped") { average, parameters, decay in
                         zip(average, parameters).map { (1 - decay) * $0 + decay * $1 }
                     },
                     Mistake("sum to 1") { average, parameters, decay in zip(average, parameters).map { decay * $0 + $1 } },
                     Mistake("that is θ itself") { _, parameters, _ in parameters },
                 ])
    }

    public static var clippedPosteriorMean: Exercise<ClippedPosteriorMean> {
        Exercise(name: "clippedPosteriorMean", lesson: "Lesson07",
                 student: Exercises.clippedPosteriorMean(xt:t:epsHat:betas:alphaBars:),
                 reference: { xt, t, epsHat, betas, _ in
                     ReverseStep.ddpm(schedule: NoiseSchedule(betas: betas), t: t, variance: .beta, clipping: .range(-1...1))
                         .update(xt: xt, eps: epsHat, noise: [Double](repeating: 0, count: xt.count))
                 },
                 check: checkClippedPosteriorMean,
                 mistakes: [
                     Mistake("x̂_0 was not clipped") { xt, t, epsHat, betas, _ in
                         NoiseSchedule(betas: betas).meanFromEps(xt: xt, t: t, eps: epsHat)
                     },
                     Mistake("clip x̂_0, not the mean") { xt, t, epsHat, betas, _ in
                         NoiseSchedule(betas: betas).meanFromEps(xt: xt, t: t, eps: epsHat).map { min(max($0, -1), 1) }
                     },
                     Mistake(alphaBarZero) { xt, t, epsHat, betas, alphaBars in
                         let b = betas[t - 1], a = alphaBars[t - 1], p = t > 1 ? alphaBars[t - 2] : 0
                         let x0 = NoiseSchedule(betas: betas).predictX0(xt: xt, t: t, eps: epsHat).map { min(max($0, -1), 1) }
                         return zip(x0, xt).map { b * p.squareRoot() / (1 - a) * $0 + (1 - p) * (1 - b).squareRoot() / (1 - a) * $1 }
                     },
                     Mistake(Diagnosis.offByOneHint(1)) { xt, t, epsHat, betas, _ in
                         let schedule = NoiseSchedule(betas: betas), s = min(t + 1, schedule.timesteps)
                         return ReverseStep.ddpm(schedule: schedule, t: s, variance: .beta, clipping: .range(-1...1))
                             .update(xt: xt, eps: epsHat, noise: [Double](repeating: 0, count: xt.count))
                     },
                 ])
    }
}
