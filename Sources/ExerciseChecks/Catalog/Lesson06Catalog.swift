import Diffusion
import Exercises
import Foundation

/// Lesson 06's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson06Catalog {
    public static var all: [ExerciseEntry] { [ddimSigma.entry, ddimStep.entry, slerp.entry] }

    public static var ddimSigma: Exercise<DDIMSigma> {
        Exercise(name: "ddimSigma", lesson: "Lesson06",
                 student: Exercises.ddimSigma(t:previous:eta:alphaBars:),
                 reference: { t, previous, eta, alphaBars in
                     ReverseStep.ddimSigma(schedule: NoiseSchedule(alphaBars: alphaBars), from: t, to: previous, eta: eta)
                 },
                 check: checkDDIMSigma,
                 mistakes: [
                     Mistake("ᾱ_{t−1} where ᾱ_prev belongs") { t, _, eta, alphaBars in
                         let a = alphaBars[t - 1], p = t > 1 ? alphaBars[t - 2] : 1
                         return eta * ((1 - p) / (1 - a)).squareRoot() * (1 - a / p).squareRoot()
                     },
                     Mistake("a standard deviation") { t, previous, eta, alphaBars in
                         let a = alphaBars[t - 1], p = previous > 0 ? alphaBars[previous - 1] : 1
                         return eta * (1 - p) / (1 - a) * (1 - a / p)
                     },
                     Mistake("η multiplies σ itself") { t, previous, eta, alphaBars in
                         let a = alphaBars[t - 1], p = previous > 0 ? alphaBars[previous - 1] : 1
                         return eta * eta * ((1 - p) / (1 - a)).squareRoot() * (1 - a / p).squareRoot()
                     },
                 ])
    }

    public static var ddimStep: Exercise<DDIMStep> {
        Exercise(name: "ddimStep", lesson: "Lesson06",
                 student: Exercises.ddimStep(xt:t:previous:epsHat:z:eta:alphaBars:),
                 reference: { xt, t, previous, epsHat, z, eta, alphaBars in
                     ReverseStep.ddim(schedule: NoiseSchedule(alphaBars: alphaBars), from: t, to: previous, eta: eta)
                         .update(xt: xt, eps: epsHat, noise: z)
                 },
                 check: checkDDIMStep,
                 mistakes: [
                     Mistake("takes its share of the variance") { xt, t, previous, epsHat, z, eta, alphaBars in
                         ddim(xt, t, previous, epsHat, z, eta, alphaBars) { p, _ in (1 - p).squareRoot() }
                     },
                     Mistake("ᾱ_{t−1} where ᾱ_prev belongs") { xt, t, _, epsHat, z, eta, alphaBars in
                         ddim(xt, t, t - 1, epsHat, z, eta, alphaBars) { p, sigma in (1 - p - sigma * sigma).squareRoot() }
                     },
                     Mistake("not x_t") { xt, t, previous, epsHat, z, eta, alphaBars in
                         let schedule = NoiseSchedule(alphaBars: alphaBars), p = schedule.alphaBar(previous)
                         let sigma = ReverseStep.ddimSigma(schedule: schedule, from: t, to: previous, eta: eta)
                         return (0..<xt.count).map {
                             p.squareRoot() * xt[$0] + (1 - p - sigma * sigma).squareRoot() * epsHat[$0] + sigma * z[$0]
                         }
                     },
                 ])
    }

    public static var slerp: Exercise<Slerp> {
        Exercise(name: "slerp", lesson: "Lesson06",
                 student: Exercises.slerp(_:_:fraction:),
                 reference: { Diffusion.slerp($0, $1, fraction: $2) },
                 check: checkSlerp,
                 mistakes: [
                     Mistake("straight line (lerp)") { z0, z1, alpha in zip(z0, z1).map { (1 - alpha) * $0 + alpha * $1 } },
                     Mistake("divide the dot product by both lengths") { z0, z1, alpha in
                         let theta = acos(zip(z0, z1).reduce(0) { $0 + $1.0 * $1.1 })
                         return zip(z0, z1).map { (sin((1 - alpha) * theta) * $0 + sin(alpha * theta) * $1) / sin(theta) }
                     },
                     Mistake("Hint: θ = arccos") { z0, z1, alpha in
                         let theta = acos(zip(z0, z1).reduce(0) { $0 + $1.0 * $1.1 } / 3)
                         return zip(z0, z1).map { (sin((1 - alpha) * theta) * $0 + sin(alpha * theta) * $1) / sin(theta) }
                     },
                 ])
    }

    /// eq. 12 with the direction coefficient `direction(ᾱ_prev, σ)` replaceable.
    private static func ddim(_ xt: [Double], _ t: Int, _ previous: Int, _ epsHat: [Double], _ z: [Double], _ eta: Double,
                             _ alphaBars: [Double], direction: (Double, Double) -> Double) -> [Double] {
        let schedule = NoiseSchedule(alphaBars: alphaBars), p = schedule.alphaBar(previous)
        let sigma = ReverseStep.ddimSigma(schedule: schedule, from: t, to: previous, eta: eta)
        let x0 = schedule.predictX0(xt: xt, t: t, eps: epsHat)
        return (0..<xt.count).map { p.squareRoot() * x0[$0] + direction(p, sigma) * epsHat[$0] + sigma * z[$0] }
    }
}
