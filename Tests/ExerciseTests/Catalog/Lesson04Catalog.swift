import Diffusion
import Exercises
import Foundation

/// Lesson 04's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
enum Lesson04Catalog {
    static var all: [ExerciseEntry] { [simpleLoss.entry, huberLoss.entry, adam.entry] }

    static var simpleLoss: Exercise<SimpleLoss> {
        Exercise(name: "simpleLoss", lesson: "Lesson04",
                 student: Exercises.simpleLoss(x0:t:noise:alphaBars:epsTheta:),
                 reference: { x0, t, noise, alphaBars, epsTheta in
                     let schedule = NoiseSchedule(alphaBars: alphaBars)
                     let predictions = x0.indices.map { epsTheta(schedule.qSample(x0: x0[$0], t: t[$0], noise: noise[$0]), t[$0]) }
                     return LossKind.l2.mean(prediction: Array(predictions.joined()), noise: Array(noise.joined()))
                 },
                 check: checkSimpleLoss,
                 mistakes: [
                     Mistake("the network sees the noised x_t") { x0, t, noise, _, epsTheta in
                         LossKind.l2.mean(prediction: Array(x0.indices.map { epsTheta(x0[$0], t[$0]) }.joined()), noise: Array(noise.joined()))
                     },
                     Mistake("your code asked epsTheta at t = [4, 2, 6]") { x0, t, noise, alphaBars, epsTheta in
                         let schedule = NoiseSchedule(alphaBars: alphaBars)
                         let predictions = x0.indices.map { epsTheta(schedule.qSample(x0: x0[$0], t: t[$0], noise: noise[$0]), t[$0] - 1) }
                         return LossKind.l2.mean(prediction: Array(predictions.joined()), noise: Array(noise.joined()))
                     },
                     Mistake("mean over samples of ‖ε − ε_θ‖²") { x0, t, noise, alphaBars, epsTheta in
                         let schedule = NoiseSchedule(alphaBars: alphaBars)
                         return x0.indices.map { i in
                             let d = zip(epsTheta(schedule.qSample(x0: x0[i], t: t[i], noise: noise[i]), t[i]), noise[i])
                             return d.reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                         }.reduce(0, +) / Double(x0.count)
                     },
                 ])
    }

    static var huberLoss: Exercise<HuberLoss> {
        Exercise(name: "huberLoss", lesson: "Lesson04",
                 student: Exercises.huberLoss(epsHat:eps:),
                 reference: { LossKind.huber.mean(prediction: $0, noise: $1) },
                 check: checkHuberLoss,
                 mistakes: [
                     Mistake("the quadratic piece is d²/2") { epsHat, eps in
                         meanLoss(epsHat, eps) { d in abs(d) < 1 ? d * d : abs(d) - 0.5 }
                     },
                     Mistake("compare |d| with 1, not d") { epsHat, eps in
                         meanLoss(epsHat, eps) { d in d < 1 ? d * d / 2 : d - 0.5 }
                     },
                     Mistake("divide the sum by their number") { epsHat, eps in
                         meanLoss(epsHat, eps) { d in abs(d) < 1 ? d * d / 2 : abs(d) - 0.5 } * Double(eps.count)
                     },
                 ])
    }

    static var adam: Exercise<AdamSteps> {
        Exercise(name: "adam", lesson: "Lesson04",
                 student: Exercises.adam(theta:gradients:learningRate:),
                 reference: moduleAdam,
                 check: checkAdam,
                 mistakes: [
                     Mistake("bias correction") { theta, gradients, rate in
                         studentAdam(theta, gradients, rate) { _, _ in 1 }
                     },
                     Mistake("t off by one") { theta, gradients, rate in
                         studentAdam(theta, gradients, rate) { beta, s in 1 - pow(beta, Double(s + 1)) }
                     },
                     Mistake("plain gradient descent") { theta, gradients, rate in
                         gradients.reduce(theta) { theta, g in zip(theta, g).map { $0 - rate * $1 } }
                     },
                 ])
    }

    /// The mean of `loss(ε̂ − ε)` over the values, as a student might write it.
    private static func meanLoss(_ epsHat: [Double], _ eps: [Double], _ loss: (Double) -> Double) -> Double {
        zip(epsHat, eps).reduce(0) { $0 + loss($1.0 - $1.1) } / Double(eps.count)
    }

    /// Algorithm 1 as a student might write it, in Double, with the bias correction `correction(β, s)`
    /// (right with 1 − βˢ; the meta-tests check that such a Double answer passes the Float reference).
    static func studentAdam(_ theta: [Double], _ gradients: [[Double]], _ rate: Double,
                                    correction: (Double, Int) -> Double) -> [Double] {
        var theta = theta, m = [Double](repeating: 0, count: theta.count), v = m
        for (index, g) in gradients.enumerated() {
            for i in theta.indices {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                theta[i] -= rate * (m[i] / correction(0.9, index + 1)) / ((v[i] / correction(0.999, index + 1)).squareRoot() + 1e-8)
            }
        }
        return theta
    }
}
