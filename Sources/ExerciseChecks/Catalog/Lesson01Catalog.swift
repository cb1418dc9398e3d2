import Diffusion
import Exercises
import Foundation

/// Lesson 01's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson01Catalog {
    public static var all: [ExerciseEntry] { [linearBetas.entry, alphaBars.entry, cosineAlphaBar.entry] }

    public static var linearBetas: Exercise<LinearBetas> {
        Exercise(name: "linearBetas", lesson: "Lesson01",
                 student: Exercises.linearBetas(timesteps:betaStart:betaEnd:),
                 reference: ScheduleKind.linear.betas(timesteps:betaStart:betaEnd:),
                 check: checkLinearBetas,
                 mistakes: [
                     Mistake("T − 1 gaps") { T, start, end in
                         (0..<T).map { start + Double($0) * (end - start) / Double(T) }
                     },
                     Mistake("t off by one") { T, start, end in
                         (1...T).map { start + Double($0) * (end - start) / Double(T - 1) }
                     },
                     Mistake("should return 10 values, not 11") { T, start, end in
                         Array(stride(from: start, through: end, by: (end - start) / Double(T)))
                     },
                     // β_t stored at index t of an array of T values: the write at t = T traps.
                     Mistake("crashed", traps: true) { T, start, end in
                         var betas = [Double](repeating: 0, count: T)
                         for t in 1...T { betas[t] = start + Double(t - 1) * (end - start) / Double(T - 1) }
                         return betas
                     },
                 ])
    }

    public static var alphaBars: Exercise<AlphaBars> {
        Exercise(name: "alphaBars", lesson: "Lesson01",
                 student: Exercises.alphaBars(betas:),
                 reference: { NoiseSchedule(betas: $0).alphaBars },
                 check: checkAlphaBars,
                 mistakes: [
                     Mistake("not β_s") { betas in
                         var product = 1.0
                         return betas.map { product *= $0; return product }
                     },
                     Mistake("t off by one") { betas in
                         var product = 1.0
                         return betas.map { beta in
                             defer { product *= 1 - beta }
                             return product
                         }
                     },
                     Mistake("Hint: ᾱ_t = (1 − β_1)") { betas in
                         betas.indices.map { t in pow(1 - betas[t], Double(t + 1)) }
                     },
                 ])
    }

    public static var cosineAlphaBar: Exercise<CosineAlphaBar> {
        Exercise(name: "cosineAlphaBar", lesson: "Lesson01",
                 student: Exercises.cosineAlphaBar(t:timesteps:),
                 reference: { t, T in NoiseSchedule(.cosine, timesteps: T).alphaBar(t) },
                 check: checkCosineAlphaBar,
                 mistakes: [
                     Mistake("divide by f(0)") { t, T in
                         let c = cos((Double(t) / Double(T) + 0.008) / 1.008 * Double.pi / 2)
                         return c * c
                     },
                     Mistake("integer division") { t, T in
                         func f(_ t: Int) -> Double {
                             let c = cos((Double(t / T) + 0.008) / 1.008 * Double.pi / 2)
                             return c * c
                         }
                         return f(t) / f(0)
                     },
                     Mistake("square of the cosine") { t, T in
                         cos((Double(t) / Double(T) + 0.008) / 1.008 * Double.pi / 2) / cos(0.008 / 1.008 * Double.pi / 2)
                     },
                     Mistake("Hint: ᾱ_t = f(t)/f(0)") { t, T in
                         let c = sin((Double(t) / Double(T) + 0.008) / 1.008 * Double.pi / 2)
                         return c * c
                     },
                 ])
    }
}
