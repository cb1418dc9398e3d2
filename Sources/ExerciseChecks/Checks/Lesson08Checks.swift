import Diffusion
import Foundation

// Checks for Lesson 08 (scores, Langevin dynamics, the probability-flow ODE). Expected values
// come from the Diffusion module.

public typealias ScoreFromEps = (_ eps: [Double], _ t: Int, _ alphaBars: [Double]) throws -> [Double]
public typealias LangevinStep = (_ x: [Double], _ score: [Double], _ stepSize: Double, _ noise: [Double]) throws -> [Double]
public typealias HeunStep = (_ x: [Double], _ sigma: Double, _ sigmaNext: Double, _ epsilon: ([Double], Double) -> [Double]) throws -> [Double]

/// Song et al. 2021 (SDE), eq. 7: ∇ log q_t = −ε/√(1 − ᾱ_t).
func checkScoreFromEps(_ scoreFromEps: ScoreFromEps) -> CheckResult {
    evaluate("scoreFromEps") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let eps = Sample.noise
        for t in [5, schedule.timesteps, 1] {
            let a = schedule.alphaBar(t)
            func scaled(_ factor: Double) -> [Double] { eps.map { factor * $0 } }
            try expect("scoreFromEps(eps: \(eps), t: \(t), \(fixture.alphaBars))",
                       got: try scoreFromEps(eps, t, schedule.alphaBars),
                       expected: schedule.score(fromNoise: eps, t: t),
                       diagnoses: [
                           Diagnosis("the sign: the score points uphill in density, toward the data, and ε points away "
                                     + "from it, so s = −ε/√(1 − ᾱ_t).", scaled(1 / (1 - a).squareRoot())),
                           Diagnosis(missingSquareRoot + " Here: divide by the noise's standard deviation √(1 − ᾱ_t).", scaled(-1 / (1 - a))),
                           Diagnosis("√ᾱ_t where √(1 − ᾱ_t) belongs: divide by the noise rate, the standard deviation of the noise in x_t.",
                                     scaled(-1 / a.squareRoot())),
                           Diagnosis("divide by √(1 − ᾱ_t), do not multiply.", scaled(-(1 - a).squareRoot())),
                           Diagnosis("k-diffusion's σ: −ε/σ_t with σ_t = √((1 − ᾱ_t)/ᾱ_t) is the score of x_t/√ᾱ_t = x_0 + σ_t ε "
                                     + "(the variable k-diffusion and Karras et al. 2022 sample), not of x_t = √ᾱ_t x_0 "
                                     + "+ √(1 − ᾱ_t) ε: divide by √(1 − ᾱ_t).", scaled(-(a / (1 - a)).squareRoot())),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { schedule.score(fromNoise: eps, t: $0) },
                       hint: "s = −ε/√(1 − ᾱ_t), with ᾱ_t = alphaBars[t - 1].")
        }
    }
}

/// Song & Ermon 2019, Algorithm 1: x + (α/2) s + √α z.
func checkLangevinStep(_ langevinStep: LangevinStep) -> CheckResult {
    evaluate("langevinStep") {
        let (x, score, z) = (Sample.xt, [2.5, -1.0, 0.4], Sample.z)
        for alpha in [0.09, 0.5, 1.7] {
            func step(drift: Double = alpha / 2, noise: Double = alpha.squareRoot(), sign: Double = 1) -> [Double] {
                (0..<x.count).map { x[$0] + sign * drift * score[$0] + noise * z[$0] }
            }
            try expect("langevinStep(x: \(x), score: \(score), stepSize: \(alpha), noise: \(z))",
                       got: try langevinStep(x, score, alpha, z),
                       expected: AnnealedLangevinSampler.step(x: x, score: score, stepSize: alpha, noise: z),
                       diagnoses: [
                           Diagnosis(missingSquareRoot + " Here: the noise is √α z.", step(noise: alpha)),
                           Diagnosis("the drift is (α/2) times the score: half the step size.", step(drift: alpha)),
                           Diagnosis("the drift follows the score uphill: + (α/2) ∇ log p, not minus.", step(sign: -1)),
                           Diagnosis("add the noise √α z: without it Langevin is gradient ascent and every sample climbs to a mode.",
                                     step(noise: 0)),
                       ],
                       hint: "x + (α/2) · score + √α · noise, value by value.")
        }
    }
}

/// Karras et al. 2022, Algorithm 1: Euler, then the mean of the slopes at both ends.
func checkHeunStep(_ heunStep: HeunStep) -> CheckResult {
    evaluate("heunStep") {
        let x = Sample.xt, mean = [0.5, -0.2, 1.0], s = 0.3
        // A single Gaussian N(mean, s²): dx̄/dσ = σ (x̄ − mean)/(s² + σ²).
        let slope: ([Double], Double) -> [Double] = { x, sigma in (0..<x.count).map { sigma * (x[$0] - mean[$0]) / (s * s + sigma * sigma) } }
        for (sigma, next) in [(2.0, 0.7), (0.9, 0.4), (0.5, 0.0)] {
            if next == 0 { announceEdge("heunStep", "sigmaNext = 0, where the step stays an Euler step") }
            let h = next - sigma, d = slope(x, sigma)
            let euler = (0..<x.count).map { x[$0] + h * d[$0] }
            func corrected(_ second: [Double], weight: Double = 0.5) -> [Double] {
                (0..<x.count).map { x[$0] + h * ((1 - weight) * d[$0] + weight * second[$0]) }
            }
            try expect("heunStep(x: \(x), sigma: \(sigma), sigmaNext: \(next), epsilon: the slope of N(\(mean), \(s)²))",
                       got: try heunStep(x, sigma, next, slope),
                       expected: HeunSolver.step(xBar: x, sigma: sigma, sigmaNext: next, slope: slope),
                       diagnoses: [
                           Diagnosis("that is Euler's step alone: Heun corrects it with the mean of the slopes at both ends.",
                                     next == 0 ? nil : euler),
                           Diagnosis("at σ′ = 0 the step stays an Euler step: the slope at σ = 0 is not defined "
                                     + "(Karras et al. 2022, Algorithm 1, line 6).", next == 0 ? corrected(slope(euler, next)) : nil),
                           Diagnosis("the second slope belongs at σ′ (the end of the step), not at σ.", next == 0 ? nil : corrected(slope(euler, sigma))),
                           Diagnosis("the second slope is taken at the Euler point x̄ + (σ′ − σ) d, not at x̄.",
                                     next == 0 ? nil : corrected(slope(x, next))),
                           Diagnosis("average the two slopes: (d + d′)/2, not d′ alone.", next == 0 ? nil : corrected(slope(euler, next), weight: 1)),
                       ],
                       hint: "d = ε(x̄, σ); x̄_E = x̄ + (σ′ − σ) d; if σ′ ≠ 0 return x̄ + (σ′ − σ)(d + ε(x̄_E, σ′))/2, else x̄_E.")
        }
    }
}
