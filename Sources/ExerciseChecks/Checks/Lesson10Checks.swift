import Diffusion
import Foundation

// Checks for Lesson 10 (flow matching on the linear path). Expected values come from the
// Diffusion module's GaussianPath and FlowSolver.

public typealias Interpolant = (_ x0: [Double], _ noise: [Double], _ t: Double) throws -> [Double]
public typealias ConditionalVelocity = (_ x0: [Double], _ noise: [Double]) throws -> [Double]
public typealias VelocityFromEps = (_ xt: [Double], _ eps: [Double], _ t: Double) throws -> [Double]
public typealias FlowEulerStep = (_ x: [Double], _ velocity: [Double], _ t: Double, _ tNext: Double) throws -> [Double]

/// x_t = (1 − t) x_0 + t ε (Esser et al. 2024, §3).
func checkInterpolant(_ interpolant: Interpolant) -> CheckResult {
    evaluate("interpolant") {
        let (x0, eps) = (Sample.x0, Sample.noise)
        for t in [0.25, 0.9, 0.0] {
            if t == 0 { announceEdge("interpolant", "t = 0, where x_t is the data itself") }
            func mix(_ a: Double, _ b: Double) -> [Double] { zip(x0, eps).map { a * $0 + b * $1 } }
            try expect("interpolant(x0: \(x0), noise: \(eps), t: \(t))",
                       got: try interpolant(x0, eps, t),
                       expected: GaussianPath.linear.interpolate(x0: x0, noise: eps, t: t),
                       diagnoses: [
                           Diagnosis("time reversed (t ↔ 1 − t): this workbook puts the data at t = 0 and the noise at t = 1 "
                                     + "(Lipman et al. and Liu et al. do the opposite), so x_t = (1 − t) x_0 + t ε.", mix(t, 1 - t)),
                           Diagnosis("the data keeps its full weight: x_0 must fade as (1 − t), not stay at 1.", t == 0 ? nil : mix(1, t)),
                           Diagnosis("those are the VP path's weights √(1 − t²) and t; the linear path's are (1 − t) and t.",
                                     t == 0 ? nil : mix((1 - t * t).squareRoot(), t)),
                       ],
                       hint: "(1 − t) · x0[i] + t · noise[i], value by value.")
        }
    }
}

/// u = ε − x_0 (Lipman et al. 2023, eq. 23 with σ_min = 0 and t ↦ 1 − t).
func checkConditionalVelocity(_ conditionalVelocity: ConditionalVelocity) -> CheckResult {
    evaluate("conditionalVelocity") {
        for (x0, eps) in [(Sample.x0, Sample.noise), (Sample.xt, Sample.z)] {
            try expect("conditionalVelocity(x0: \(x0), noise: \(eps))",
                       got: try conditionalVelocity(x0, eps),
                       expected: GaussianPath.linear.conditionalVelocity(x0: x0, noise: eps, t: 0.5),
                       diagnoses: [
                           Diagnosis("velocity sign flipped: x_t moves from the data (t = 0) toward the noise (t = 1), so "
                                     + "dx_t/dt = ε − x_0; x_0 − ε is Lipman et al.'s and Liu et al.'s direction, with the data at t = 1.",
                                     zip(x0, eps).map { $0 - $1 }),
                           Diagnosis("that is ε alone: d/dt of (1 − t) x_0 is −x_0, so subtract x_0.", eps),
                           Diagnosis("that is x_0 + ε: d/dt of (1 − t) x_0 is −x_0, not +x_0.", zip(x0, eps).map { $0 + $1 }),
                       ],
                       hint: "noise[i] − x0[i], value by value.")
        }
    }
}

/// v = (ε̂ − x_t)/(1 − t) on the linear path.
func checkVelocityFromEps(_ velocityFromEps: VelocityFromEps) -> CheckResult {
    evaluate("velocityFromEps") {
        let (xt, eps) = (Sample.xt, Sample.noise)
        for t in [0.3, 0.8, 0.0] {
            if t == 0 { announceEdge("velocityFromEps", "t = 0, where x_t is the data and v = ε̂ − x_t") }
            func scaled(_ factor: Double, sign: Double = 1) -> [Double] { zip(eps, xt).map { sign * ($0 - $1) * factor } }
            try expect("velocityFromEps(xt: \(xt), eps: \(eps), t: \(t))",
                       got: try velocityFromEps(xt, eps, t),
                       expected: GaussianPath.linear.velocity(fromNoise: eps, xt: xt, t: t),
                       diagnoses: [
                           Diagnosis("velocity sign flipped: v = ε̂ − x̂_0 points from the data toward the noise, "
                                     + "so v = (ε̂ − x_t)/(1 − t), not (x_t − ε̂)/(1 − t).", scaled(1 / (1 - t), sign: -1)),
                           Diagnosis("time reversed (t ↔ 1 − t): x̂_0 = (x_t − t ε̂)/(1 − t) divides by the data's weight 1 − t, "
                                     + "so v = (ε̂ − x_t)/(1 − t), not /t.", t == 0 ? nil : scaled(1 / t)),
                           Diagnosis("divide by (1 − t): x̂_0 = (x_t − t ε̂)/(1 − t), not x_t, and v = ε̂ − x̂_0.", t == 0 ? nil : scaled(1)),
                       ],
                       hint: "x̂_0 = (xt[i] − t · eps[i])/(1 − t); v[i] = eps[i] − x̂_0, which is (eps[i] − xt[i])/(1 − t).")
        }
    }
}

/// x + (t′ − t) v, the Euler step down in time.
func checkFlowEulerStep(_ flowEulerStep: FlowEulerStep) -> CheckResult {
    evaluate("flowEulerStep") {
        let (x, v) = (Sample.xt, Sample.z)
        for (t, next) in [(0.55, 0.3), (1.0, 0.8), (0.1, 0.0)] {
            func moved(_ h: Double) -> [Double] { zip(x, v).map { $0 + h * $1 } }
            try expect("flowEulerStep(x: \(x), velocity: \(v), t: \(t), tNext: \(next))",
                       got: try flowEulerStep(x, v, t, next),
                       expected: FlowSolver.eulerStep(x: x, velocity: v, t: t, s: next),
                       diagnoses: [
                           Diagnosis("velocity sign flipped: sampling runs t down, so the step in time is tNext − t < 0 "
                                     + "and x moves against v: x + (tNext − t) v.", moved(t - next)),
                           Diagnosis("the step is the change in time, tNext − t, not the whole velocity.", moved(-1)),
                           Diagnosis("the step is tNext − t, not −t: each step moves by its own length in time.", t == 1 ? nil : moved(-t)),
                       ],
                       hint: "x[i] + (tNext − t) · velocity[i].")
        }
    }
}
