import Diffusion
import Foundation

// Checks for Lesson 02 (the forward process). Expected values come from the Diffusion module.

public typealias QSample = (_ x0: [Double], _ t: Int, _ noise: [Double], _ alphaBars: [Double]) throws -> [Double]
public typealias QStep = (_ previous: [Double], _ t: Int, _ noise: [Double], _ betas: [Double]) throws -> [Double]
public typealias PredictX0 = (_ xt: [Double], _ t: Int, _ eps: [Double], _ alphaBars: [Double]) throws -> [Double]

/// The usual hint for a formula written with variances where their square roots belong.
let missingSquareRoot = "missing square root: ᾱ_t, 1 − ᾱ_t, β_t and α_t are variances; "
    + "what multiplies x or ε is their square root."

/// Ho et al. 2020, eq. 4: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε.
func checkQSample(_ qSample: QSample) -> CheckResult {
    evaluate("qSample") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (x0, noise) = (Sample.x0, Sample.noise)
        for t in [5, 1, fixture.timesteps] {
            let a = schedule.alphaBar(t)
            func mix(_ signal: Double, _ rate: Double) -> [Double] { each(x0, noise) { signal * $0 + rate * $1 } }
            try expect("qSample(x0: \(x0), t: \(t), noise: \(noise), \(fixture.alphaBars))",
                       got: try qSample(x0, t, noise, schedule.alphaBars),
                       expected: schedule.qSample(x0: x0, t: t, noise: noise),
                       diagnoses: [
                           Diagnosis(missingSquareRoot, mix(a, 1 - a)),
                           Diagnosis(missingSquareRoot, mix(a.squareRoot(), 1 - a)),
                           Diagnosis(missingSquareRoot, mix(a, (1 - a).squareRoot())),
                           Diagnosis("swapped: √ᾱ_t multiplies x_0 (the signal) and √(1 − ᾱ_t) multiplies ε (the noise).",
                                     mix((1 - a).squareRoot(), a.squareRoot())),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { schedule.qSample(x0: x0, t: $0, noise: noise) },
                       hint: "x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, value by value, with ᾱ_t = alphaBars[t - 1].")
        }
    }
}

/// Ho et al. 2020, eq. 2: x_t = √(1 − β_t) x_{t−1} + √β_t ε.
func checkQStep(_ qStep: QStep) -> CheckResult {
    evaluate("qStep") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (previous, noise) = (Sample.x0, Sample.noise)
        for t in [5, 1, fixture.timesteps] {
            let b = schedule.beta(t)
            func mix(_ keep: Double, _ add: Double) -> [Double] { each(previous, noise) { keep * $0 + add * $1 } }
            try expect("qStep(previous: \(previous), t: \(t), noise: \(noise), \(fixture.betas))",
                       got: try qStep(previous, t, noise, schedule.betas),
                       expected: schedule.qStep(previous: previous, t: t, noise: noise),
                       diagnoses: [
                           Diagnosis(missingSquareRoot, mix(1 - b, b)),
                           Diagnosis(missingSquareRoot, mix((1 - b).squareRoot(), b)),
                           Diagnosis(missingSquareRoot, mix(1 - b, b.squareRoot())),
                           Diagnosis("swapped: √(1 − β_t) multiplies x_{t−1} and √β_t multiplies ε.",
                                     mix(b.squareRoot(), (1 - b).squareRoot())),
                           Diagnosis("x_{t−1} must shrink by √(1 − β_t) as noise is added, so the variance stays 1 "
                                     + "(the process is variance preserving).", mix(1, b.squareRoot())),
                           Diagnosis("one step uses β_t alone: ᾱ_t belongs to the jump from x_0 (eq. 4, qSample), "
                                     + "not to one step of the chain (eq. 2).", schedule.qSample(x0: previous, t: t, noise: noise)),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { schedule.qStep(previous: previous, t: $0, noise: noise) },
                       hint: "x_t = √(1 − β_t) x_{t−1} + √β_t ε, value by value, with β_t = betas[t - 1].")
        }
    }
}

/// Ho et al. 2020, eq. 4 solved for x_0: x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t.
func checkPredictX0(_ predictX0: PredictX0) -> CheckResult {
    evaluate("predictX0") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (xt, eps) = (Sample.xt, Sample.noise)
        for t in [5, 1, fixture.timesteps] {
            let a = schedule.alphaBar(t), rate = (1 - a).squareRoot()
            try expect("predictX0(xt: \(xt), t: \(t), eps: \(eps), \(fixture.alphaBars))",
                       got: try predictX0(xt, t, eps, schedule.alphaBars),
                       expected: schedule.predictX0(xt: xt, t: t, eps: eps),
                       diagnoses: [
                           Diagnosis("divide by √ᾱ_t (eq. 4 solved for x_0), don't multiply.",
                                     each(xt, eps) { ($0 - rate * $1) * a.squareRoot() }),
                           Diagnosis(missingSquareRoot, each(xt, eps) { ($0 - (1 - a) * $1) / a }),
                           Diagnosis(missingSquareRoot, each(xt, eps) { ($0 - rate * $1) / a }),
                           Diagnosis(missingSquareRoot, each(xt, eps) { ($0 - (1 - a) * $1) / a.squareRoot() }),
                           Diagnosis("sign: subtract the noise, x_t − √(1 − ᾱ_t) ε.",
                                     each(xt, eps) { ($0 + rate * $1) / a.squareRoot() }),
                           Diagnosis("brackets: divide the whole x_t − √(1 − ᾱ_t) ε by √ᾱ_t.",
                                     each(xt, eps) { $0 / a.squareRoot() - rate * $1 }),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { schedule.predictX0(xt: xt, t: $0, eps: eps) },
                       hint: "x̂_0 = (x_t − √(1 − ᾱ_t) ε) / √ᾱ_t, value by value, with ᾱ_t = alphaBars[t - 1].")
        }
    }
}
