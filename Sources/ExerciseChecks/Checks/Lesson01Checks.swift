import Diffusion
import Foundation

// Checks for Lesson 01 (noise schedules). Expected values come from the Diffusion module.

public typealias LinearBetas = (_ timesteps: Int, _ betaStart: Double, _ betaEnd: Double) throws -> [Double]
public typealias AlphaBars = (_ betas: [Double]) throws -> [Double]
public typealias CosineAlphaBar = (_ t: Int, _ timesteps: Int) throws -> Double

/// Ho et al. 2020, §4: β_t = β_1 + (t − 1)(β_T − β_1)/(T − 1).
func checkLinearBetas(_ linearBetas: LinearBetas) -> CheckResult {
    evaluate("linearBetas") {
        for (T, start, end) in [(10, 1e-4, 0.02), (1000, 1e-4, 0.02), (2, 0.001, 0.05)] {
            func spaced(from first: Int, gaps: Int) -> [Double] {
                (first..<first + T).map { start + Double($0) * (end - start) / Double(gaps) }
            }
            let lateStart = "t off by one: β_1 (index 0) is betaStart itself, and β_T (index T − 1) is betaEnd."
            try expect("linearBetas(timesteps: \(T), betaStart: \(start), betaEnd: \(end))",
                       got: try linearBetas(T, start, end),
                       expected: ScheduleKind.linear.betas(timesteps: T, betaStart: start, betaEnd: end),
                       diagnoses: [
                           Diagnosis("the spacing is (β_T − β_1)/(T − 1): T values have T − 1 gaps between them, "
                                     + "so the last value is betaEnd exactly.", spaced(from: 0, gaps: T)),
                           Diagnosis(lateStart, spaced(from: 1, gaps: T)),
                           Diagnosis(lateStart, spaced(from: 1, gaps: T - 1)),
                           Diagnosis("reversed: β rises from betaStart at t = 1 to betaEnd at t = T.",
                                     spaced(from: 0, gaps: T - 1).reversed()),
                       ],
                       hint: "β_t = β_1 + (t − 1)(β_T − β_1)/(T − 1) for t = 1…T, stored at index t − 1.",
                       position: stepPosition)
        }
    }
}

/// Ho et al. 2020, eq. 4: ᾱ_t = ∏_{s≤t} (1 − β_s).
func checkAlphaBars(_ alphaBars: AlphaBars) -> CheckResult {
    evaluate("alphaBars") {
        let inputs = [([0.1, 0.2, 0.3, 0.4, 0.5], "betas: [0.1, 0.2, 0.3, 0.4, 0.5]"),
                      (ScheduleFixture.ddpm.schedule.betas, ScheduleFixture.ddpm.betas)]
        for (betas, words) in inputs {
            func running(_ factor: (Double) -> Double) -> [Double] {
                var product = 1.0
                return betas.map { product *= factor($0); return product }
            }
            let expected = NoiseSchedule(betas: betas).alphaBars
            var sum = 0.0
            try expect("alphaBars(\(words))", got: try alphaBars(betas), expected: expected,
                       diagnoses: [
                           Diagnosis("ᾱ_t multiplies α_s = 1 − β_s, not β_s.", running { $0 }),
                           Diagnosis("t off by one: ᾱ_1 = α_1 already includes step 1; you returned ᾱ_{t−1} "
                                     + "(the list that starts with ᾱ_0 = 1).", [1] + expected.dropLast()),
                           Diagnosis("ᾱ_t is the product α_1 α_2 ⋯ α_t, not α_t alone.", betas.map { 1 - $0 }),
                           Diagnosis("ᾱ_t is a product of (1 − β_s), not 1 − Σ β_s (they agree only for tiny β).",
                                     betas.map { sum += $0; return 1 - sum }),
                           Diagnosis("missing square root the other way round: ᾱ_t is the product itself; "
                                     + "√ᾱ_t is the signal rate.", expected.map { $0.squareRoot() }),
                       ],
                       hint: "ᾱ_t = (1 − β_1)(1 − β_2)⋯(1 − β_t): keep a running product, one value per step.",
                       position: stepPosition)
        }
    }
}

/// Nichol & Dhariwal 2021, eq. 17: ᾱ_t = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s) · π/2), s = 0.008.
/// t stops at T − 1: the module clips β_T to 0.999, so its ᾱ_T is not eq. 17's.
func checkCosineAlphaBar(_ cosineAlphaBar: CosineAlphaBar) -> CheckResult {
    evaluate("cosineAlphaBar") {
        for (t, T) in [(500, 1000), (1, 1000), (999, 1000), (3, 10), (0, 1000)] {
            let s = 0.008
            func f(_ t: Int, s: Double = s, angle: Double = Double.pi / 2, squared: Bool = true) -> Double {
                let c = cos((Double(t) / Double(T) + s) / (1 + s) * angle)
                return squared ? c * c : c
            }
            let tau = Double(t) / Double(T)
            let precedence = cos((tau + s / (1 + s)) * Double.pi / 2)
            try expect("cosineAlphaBar(t: \(t), timesteps: \(T))",
                       got: try cosineAlphaBar(t, T),
                       expected: NoiseSchedule(.cosine, timesteps: T).alphaBar(t),
                       diagnoses: [
                           Diagnosis("divide by f(0) so that ᾱ_0 = 1: ᾱ_t = f(t)/f(0).", f(t)),
                           Diagnosis("f is the square of the cosine, cos²(…).", f(t, squared: false) / f(0, squared: false)),
                           Diagnosis("the offset s = 0.008 is missing: (t/T + s)/(1 + s).", f(t, s: 0) / f(0, s: 0)),
                           Diagnosis("the angle runs to π/2, not π.", f(t, angle: Double.pi) / f(0, angle: Double.pi)),
                           Diagnosis("brackets: the whole sum t/T + s is divided by 1 + s.", precedence * precedence / f(0)),
                           Diagnosis("integer division: t/T must be Double(t) / Double(T), else it is 0 until t = T.", f(0) / f(0)),
                       ] + Diagnosis.offByOne(at: t, in: 0...T) { [f($0) / f(0)] },
                       hint: "ᾱ_t = f(t)/f(0) with f(t) = cos²((t/T + s)/(1 + s) · π/2) and s = 0.008, all in Double.")
        }
    }
}
