@_spi(ExerciseChecks) import Diffusion
import Exercises
import Foundation

/// Lesson 04's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson04Catalog {
    public static var all: [ExerciseEntry] {
        [gaussianKL.entry, vlbWeight.entry, simpleLoss.entry, linearBackward.entry, adamStep.entry, huberLoss.entry]
    }

    public static var gaussianKL: Exercise<GaussianKL> {
        Exercise(name: "gaussianKL", lesson: "Lesson04",
                 student: Exercises.gaussianKL(mean1:variance1:mean2:variance2:),
                 reference: { m1, v1, m2, v2 in Diffusion.gaussianKL(means1: m1, logVariances1: v1.map(log), means2: m2, logVariances2: v2.map(log)) },
                 check: checkGaussianKL,
                 mistakes: [
                     Mistake("the arguments are swapped") { m1, v1, m2, v2 in
                         Diffusion.gaussianKL(means1: m2, logVariances1: v2.map(log), means2: m1, logVariances2: v1.map(log))
                     },
                     Mistake("do not square them") { m1, v1, m2, v2 in
                         Diffusion.gaussianKL(means1: m1, logVariances1: v1.map { 2 * log($0) }, means2: m2, logVariances2: v2.map { 2 * log($0) })
                     },
                     Mistake("missing − 1") { m1, v1, m2, v2 in
                         m1.indices.reduce(0) { $0 + 0.5 * (log(v2[$1] / v1[$1]) + (v1[$1] + (m1[$1] - m2[$1]) * (m1[$1] - m2[$1])) / v2[$1]) }
                     },
                     Mistake("upside down") { m1, v1, m2, v2 in
                         m1.indices.reduce(0) { $0 + 0.5 * (log(v1[$1] / v2[$1]) + (v1[$1] + (m1[$1] - m2[$1]) * (m1[$1] - m2[$1])) / v2[$1] - 1) }
                     },
                 ])
    }

    public static var vlbWeight: Exercise<VLBWeight> {
        Exercise(name: "vlbWeight", lesson: "Lesson04",
                 student: Exercises.vlbWeight(t:betas:alphaBars:reverseVariance:),
                 reference: { t, betas, alphaBars, variance in
                     let b = betas[t - 1]
                     return b * b / (2 * variance * (1 - b) * (1 - alphaBars[t - 1]))
                 },
                 check: checkVLBWeight,
                 mistakes: [
                     Mistake("ᾱ_t where α_t belongs") { t, betas, alphaBars, variance in
                         betas[t - 1] * betas[t - 1] / (2 * variance * alphaBars[t - 1] * (1 - alphaBars[t - 1]))
                     },
                     Mistake("missing 2") { t, betas, alphaBars, variance in
                         betas[t - 1] * betas[t - 1] / (variance * (1 - betas[t - 1]) * (1 - alphaBars[t - 1]))
                     },
                     Mistake("β_t is squared") { t, betas, alphaBars, variance in
                         betas[t - 1] / (2 * variance * (1 - betas[t - 1]) * (1 - alphaBars[t - 1]))
                     },
                 ])
    }

    public static var simpleLoss: Exercise<SimpleLoss> {
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

    public static var huberLoss: Exercise<HuberLoss> {
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

    public static var linearBackward: Exercise<LinearBackward> {
        Exercise(name: "linearBackward", lesson: "Lesson04",
                 student: Exercises.linearBackward(x:weights:outputGradient:),
                 reference: TrainerProbes.linearBackward,
                 check: checkLinearBackward,
                 mistakes: [
                     Mistake("transposed: ∂L/∂W has the shape of W") { x, weights, dy in
                         let right = studentLinearBackward(x, weights, dy)
                         let dW = right.weightGradient
                         return (dW[0].indices.map { j in dW.map { $0[j] } }, right.biasGradient, right.inputGradient)
                     },
                     Mistake("not the mean") { x, weights, dy in
                         let right = studentLinearBackward(x, weights, dy)
                         return (right.weightGradient, right.biasGradient.map { $0 / Double(x.count) }, right.inputGradient)
                     },
                     Mistake("Hint: ∂L/∂x[r][k]") { x, weights, dy in
                         let right = studentLinearBackward(x, weights, dy)
                         return (right.weightGradient, right.biasGradient, right.inputGradient.map { $0.map { -$0 } })
                     },
                 ])
    }

    public static var adamStep: Exercise<AdamStep> {
        Exercise(name: "adamStep", lesson: "Lesson04",
                 student: Exercises.adamStep(theta:gradient:m:v:step:learningRate:),
                 reference: TrainerProbes.adamStep,
                 check: checkAdamStep,
                 mistakes: [
                     Mistake("bias correction") { theta, g, m, v, s, rate in
                         studentAdamStep(theta, g, m, v, s, rate) { _, _ in 1 }
                     },
                     Mistake("return m itself, not m̂") { theta, g, m, v, s, rate in
                         let right = studentAdamStep(theta, g, m, v, s, rate)
                         return (right.theta, right.m.map { $0 / (1 - pow(0.9, Double(s))) }, right.v)
                     },
                     Mistake("v averages g²") { theta, g, m, v, s, rate in
                         let right = studentAdamStep(theta, g, m, v, s, rate)
                         return (right.theta, right.m, zip(v, g).map { 0.999 * $0 + 0.001 * $1 })
                     },
                     Mistake("plain gradient descent") { theta, g, m, v, s, rate in
                         (zip(theta, g).map { $0 - rate * $1 }, m, v)
                     },
                 ])
    }

    /// The backward pass of y = x W + b written out in Double, as a student might.
    public static func studentLinearBackward(_ x: [[Double]], _ weights: [[Double]], _ dy: [[Double]])
        -> (weightGradient: [[Double]], biasGradient: [Double], inputGradient: [[Double]]) {
        let (inputs, outputs) = (weights.count, weights[0].count)
        let dW = (0..<inputs).map { k in (0..<outputs).map { j in x.indices.reduce(0) { $0 + x[$1][k] * dy[$1][j] } } }
        let db = (0..<outputs).map { j in dy.reduce(0) { $0 + $1[j] } }
        let dx = dy.map { row in (0..<inputs).map { k in (0..<outputs).reduce(0) { $0 + row[$1] * weights[k][$1] } } }
        return (dW, db, dx)
    }

    /// One Adam iteration in Double, as a student might write it, with the bias correction
    /// `correction(β, s)` (right with the default 1 − βˢ).
    public static func studentAdamStep(_ theta: [Double], _ g: [Double], _ m: [Double], _ v: [Double], _ s: Int, _ rate: Double,
                                correction: (Double, Int) -> Double = { 1 - pow($0, Double($1)) })
        -> (theta: [Double], m: [Double], v: [Double]) {
        let newM = zip(m, g).map { 0.9 * $0 + 0.1 * $1 }, newV = zip(v, g).map { 0.999 * $0 + 0.001 * $1 * $1 }
        let newTheta = theta.indices.map { i in
            theta[i] - rate * (newM[i] / correction(0.9, s)) / ((newV[i] / correction(0.999, s)).squareRoot() + 1e-8)
        }
        return (newTheta, newM, newV)
    }

    /// The mean of `loss(ε̂ − ε)` over the values, as a student might write it.
    private static func meanLoss(_ epsHat: [Double], _ eps: [Double], _ loss: (Double) -> Double) -> Double {
        zip(epsHat, eps).reduce(0) { $0 + loss($1.0 - $1.1) } / Double(eps.count)
    }
}
