import Diffusion
import Foundation

// Checks for Lesson 06 (DDIM sampling). Expected values come from the Diffusion module.

public typealias DDIMSigma = (_ t: Int, _ previous: Int, _ eta: Double, _ alphaBars: [Double]) throws -> Double
public typealias DDIMStep = (_ xt: [Double], _ t: Int, _ previous: Int, _ epsHat: [Double], _ z: [Double],
                      _ eta: Double, _ alphaBars: [Double]) throws -> [Double]
public typealias Slerp = (_ z0: [Double], _ z1: [Double], _ fraction: Double) throws -> [Double]

/// The (t, previous, η) the DDIM checks try, in order: a skip of four steps first, then one
/// DDPM-like step (η = 1 there gives σ² = β̃_5), then the last step down to ᾱ_0 = 1.
let ddimCases: [(t: Int, previous: Int, eta: Double)] = [(8, 4, 1), (8, 4, 0.5), (8, 4, 0), (5, 4, 1), (3, 0, 0), (3, 0, 1)]

/// Warns before a DDIM check tries previous = 0, where ᾱ_0 = 1 is not in alphaBars.
func announceLastStep(_ exercise: String, previous: Int) {
    if previous == 0 { announceEdge(exercise, "previous = 0, where ᾱ_prev = ᾱ_0 = 1 is not in alphaBars") }
}

let previousNotTMinusOne = "ᾱ_{t−1} where ᾱ_prev belongs: DDIM skips steps, so the step goes from t to `previous`, "
    + "and ᾱ_prev = alphaBars[previous - 1] (1 when previous = 0)."

/// Song et al. 2021, eq. 16: σ(η) = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev).
func checkDDIMSigma(_ ddimSigma: DDIMSigma) -> CheckResult {
    evaluate("ddimSigma") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        for (t, previous, eta) in ddimCases {
            announceLastStep("ddimSigma", previous: previous)
            let a = schedule.alphaBar(t), p = schedule.alphaBar(previous)
            func sigma(_ p: Double, eta: Double = eta, root: (Double) -> Double = { $0.squareRoot() }) -> Double {
                eta * root((1 - p) / (1 - a)) * root(1 - a / p)
            }
            try expect("ddimSigma(t: \(t), previous: \(previous), eta: \(eta), \(fixture.alphaBars))",
                       got: try ddimSigma(t, previous, eta, schedule.alphaBars),
                       expected: ReverseStep.ddimSigma(schedule: schedule, from: t, to: previous, eta: eta),
                       diagnoses: [
                           Diagnosis(previousNotTMinusOne, previous == t - 1 ? nil : sigma(schedule.alphaBar(t - 1))),
                           Diagnosis(missingSquareRoot + " Here: σ(η) = η √(…) √(…), a standard deviation.", sigma(p) { $0 }),
                           Diagnosis("the ratio is upside down: (1 − ᾱ_prev) on top, (1 − ᾱ_t) below.",
                                     eta * ((1 - a) / (1 - p)).squareRoot() * (1 - a / p).squareRoot()),
                           Diagnosis("η multiplies σ itself, not σ²: σ(η) = η √(…) √(…).", sigma(p, eta: eta * eta)),
                       ],
                       hint: "σ(η) = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) · √(1 − ᾱ_t/ᾱ_prev), with ᾱ_t = alphaBars[t - 1] "
                           + "and ᾱ_prev = alphaBars[previous - 1] (1 when previous = 0).")
        }
    }
}

/// Song et al. 2021, eq. 12: x_prev = √ᾱ_prev x̂_0 + √(1 − ᾱ_prev − σ²) ε̂ + σ z.
func checkDDIMStep(_ ddimStep: DDIMStep) -> CheckResult {
    evaluate("ddimStep") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (xt, eps, z) = (Sample.xt, Sample.noise, Sample.z)
        for (t, previous, eta) in ddimCases {
            announceLastStep("ddimStep", previous: previous)
            let p = schedule.alphaBar(previous), a = schedule.alphaBar(t)
            let sigma = ReverseStep.ddimSigma(schedule: schedule, from: t, to: previous, eta: eta)
            let x0 = schedule.predictX0(xt: xt, t: t, eps: eps)
            /// eq. 12 with its three coefficients replaceable.
            func step(signal: Double = p.squareRoot(), x0: [Double] = x0, direction: Double = max(0, 1 - p - sigma * sigma).squareRoot(),
                      noise: Double = sigma) -> [Double] {
                (0..<xt.count).map { signal * x0[$0] + direction * eps[$0] + noise * z[$0] }
            }
            try expect("ddimStep(xt: \(xt), t: \(t), previous: \(previous), epsHat: \(eps), z: \(z), eta: \(eta), \(fixture.alphaBars))",
                       got: try ddimStep(xt, t, previous, eps, z, eta, schedule.alphaBars),
                       expected: ReverseStep.ddim(schedule: schedule, from: t, to: previous, eta: eta).update(xt: xt, eps: eps, noise: z),
                       diagnoses: [
                           Diagnosis(previousNotTMinusOne, previous == t - 1 ? nil
                                     : ReverseStep.ddim(schedule: schedule, from: t, to: t - 1, eta: eta).update(xt: xt, eps: eps, noise: z)),
                           Diagnosis("the direction term is √(1 − ᾱ_prev − σ²) ε̂: the fresh noise σ z takes its share of the variance.",
                                     sigma == 0 ? nil : step(direction: (1 - p).squareRoot())),
                           Diagnosis("add σ z: with η > 0 the step adds fresh noise.", sigma == 0 ? nil : step(noise: 0)),
                           Diagnosis(missingSquareRoot + " Here: σ z, with σ from eq. 16.", sigma == 0 ? nil : step(noise: sigma * sigma)),
                           Diagnosis(missingSquareRoot + " Here: √ᾱ_prev multiplies x̂_0.", step(signal: p)),
                           Diagnosis(missingSquareRoot + " Here: √(1 − ᾱ_prev − σ²) multiplies ε̂.", step(direction: 1 - p - sigma * sigma)),
                           Diagnosis("the first term is √ᾱ_prev times the predicted x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, not x_t.", step(x0: xt)),
                           Diagnosis("the direction points to x_prev: √(1 − ᾱ_prev − σ²), not √(1 − ᾱ_t).",
                                     step(direction: max(0, 1 - a - sigma * sigma).squareRoot())),
                       ],
                       hint: "x_prev = √ᾱ_prev x̂_0 + √(1 − ᾱ_prev − σ²) ε̂ + σ z, with x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, "
                           + "σ = ddimSigma(t, previous, η) and ᾱ_prev = alphaBars[previous - 1] (1 when previous = 0).")
        }
    }
}

/// Shoemake 1985 (Song et al. 2021, §5.3): sin((1 − α)θ)/sin θ · z0 + sin(αθ)/sin θ · z1.
func checkSlerp(_ slerp: Slerp) -> CheckResult {
    evaluate("slerp") {
        let cases: [([Double], [Double], Double)] = [
            ([1.0, 2.0, -1.0], [-0.5, 1.0, 2.0], 0.3),
            ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0], 0.5),
            ([0.5, -1.5, 2.0], [3.0, 1.0, 0.5], 0.75),
            ([0.5, -1.5, 2.0], [3.0, 1.0, 0.5], 0),
            ([0.5, -1.5, 2.0], [3.0, 1.0, 0.5], 1),
        ]
        for (z0, z1, alpha) in cases {
            func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            let dot = zip(z0, z1).reduce(0) { $0 + $1.0 * $1.1 }
            let theta = acos(dot / (norm(z0) * norm(z1)))
            func mix(_ w0: Double, _ w1: Double) -> [Double] { each(z0, z1) { w0 * $0 + w1 * $1 } }
            func weighted(_ theta: Double, divide: Bool = true) -> [Double] {
                let s = divide ? sin(theta) : 1
                return mix(sin((1 - alpha) * theta) / s, sin(alpha * theta) / s)
            }
            try expect("slerp(\(z0), \(z1), fraction: \(alpha))",
                       got: try slerp(z0, z1, alpha),
                       expected: Diffusion.slerp(z0, z1, fraction: alpha),
                       diagnoses: [
                           Diagnosis("that is the straight line (lerp), (1 − α) z0 + α z1: slerp weighs z0 by sin((1 − α)θ)/sin θ "
                                     + "and z1 by sin(αθ)/sin θ.", mix(1 - alpha, alpha)),
                           Diagnosis("swapped: sin((1 − α)θ)/sin θ multiplies z0, so that fraction 0 gives z0.",
                                     mix(sin(alpha * theta) / sin(theta), sin((1 - alpha) * theta) / sin(theta))),
                           Diagnosis("θ = arccos(z0·z1 / (|z0| |z1|)): divide the dot product by both lengths.",
                                     abs(dot) <= 1 ? weighted(acos(dot)) : nil),
                           Diagnosis("divide both weights by sin θ.", weighted(theta, divide: false)),
                       ],
                       hint: "θ = arccos(z0·z1 / (|z0| |z1|)); slerp = sin((1 − α)θ)/sin θ · z0 + sin(αθ)/sin θ · z1.")
        }
    }
}
