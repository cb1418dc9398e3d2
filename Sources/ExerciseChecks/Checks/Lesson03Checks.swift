import Diffusion
import Foundation

// Checks for Lesson 03 (the posterior). Expected values come from the Diffusion module.

public typealias PosteriorMean = (_ x0: [Double], _ xt: [Double], _ t: Int, _ betas: [Double], _ alphaBars: [Double]) throws -> [Double]
public typealias PosteriorVariance = (_ t: Int, _ betas: [Double], _ alphaBars: [Double]) throws -> Double
public typealias MeanFromEps = (_ xt: [Double], _ t: Int, _ eps: [Double], _ betas: [Double], _ alphaBars: [Double]) throws -> [Double]

/// The hint for ᾱ_0 taken as anything but 1.
let alphaBarZero = "ᾱ_0 = 1: at t = 1 nothing has been added yet, so use 1 where ᾱ_{t−1} appears (there is no alphaBars[-1])."

/// The steps the posterior checks try, in order: the middle first, the edges last.
let posteriorSteps = [5, ScheduleFixture.small.timesteps, 1]

/// Warns before the posterior checks try t = 1, where ᾱ_{t−1} = ᾱ_0 = 1 is not in alphaBars.
func announceFirstStep(_ exercise: String, t: Int) {
    if t == 1 { announceEdge(exercise, "t = 1, where ᾱ_{t−1} = ᾱ_0 = 1 is not in alphaBars") }
}

/// Ho et al. 2020, eq. 7: μ̃_t = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x_0 + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t.
func checkPosteriorMean(_ posteriorMean: PosteriorMean) -> CheckResult {
    evaluate("posteriorMean") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (x0, xt) = (Sample.x0, Sample.xt)
        for t in posteriorSteps {
            announceFirstStep("posteriorMean", t: t)
            let b = schedule.beta(t), alpha = schedule.alpha(t), a = schedule.alphaBar(t), p = schedule.alphaBar(t - 1)
            /// The mean with √ᾱ_{t−1} in x_0's coefficient, ᾱ_{t−1} and √α_t in x_t's replaced.
            func mean(rootPrevious: Double = p.squareRoot(), previous: Double = p, rootAlpha: Double = alpha.squareRoot(),
                      swapped: Bool = false) -> [Double] {
                let c0 = b * rootPrevious / (1 - a), ct = (1 - previous) * rootAlpha / (1 - a)
                return each(x0, xt) { swapped ? ct * $0 + c0 * $1 : c0 * $0 + ct * $1 }
            }
            let alphaBarForPrevious = "ᾱ_t where ᾱ_{t−1} belongs: the coefficient of x_0 has √ᾱ_{t−1} "
                + "and the one of x_t has (1 − ᾱ_{t−1})."
            try expect("posteriorMean(x0: \(x0), xt: \(xt), t: \(t), \(fixture.betas), alphaBars: ᾱ of the same schedule)",
                       got: try posteriorMean(x0, xt, t, schedule.betas, schedule.alphaBars),
                       expected: schedule.posterior(x0: x0, xt: xt, t: t).mean,
                       diagnoses: [
                           Diagnosis("swapped coefficients: β_t √ᾱ_{t−1}/(1 − ᾱ_t) multiplies x_0 and "
                                     + "(1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) multiplies x_t.", mean(swapped: true)),
                           Diagnosis(alphaBarForPrevious, mean(rootPrevious: a.squareRoot(), previous: a)),
                           Diagnosis(alphaBarForPrevious, mean(rootPrevious: a.squareRoot())),
                           Diagnosis(alphaBarForPrevious, mean(previous: a)),
                           Diagnosis("ᾱ_t where α_t belongs: the coefficient of x_t has √α_t = √(1 − β_t), one step.",
                                     mean(rootAlpha: a.squareRoot())),
                           Diagnosis(missingSquareRoot, mean(rootPrevious: p, rootAlpha: alpha)),
                           Diagnosis(alphaBarZero, t == 1 ? mean(rootPrevious: 0, previous: 0) : nil),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { schedule.posterior(x0: x0, xt: xt, t: $0).mean },
                       hint: "μ̃_t = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x_0 + (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t, with α_t = 1 − β_t, "
                           + "β_t = betas[t - 1], ᾱ_t = alphaBars[t - 1], ᾱ_{t−1} = alphaBars[t - 2] and ᾱ_0 = 1.")
        }
    }
}

/// Ho et al. 2020, eq. 7: β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t).
func checkPosteriorVariance(_ posteriorVariance: PosteriorVariance) -> CheckResult {
    evaluate("posteriorVariance") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        for t in posteriorSteps {
            announceFirstStep("posteriorVariance", t: t)
            let b = schedule.beta(t), a = schedule.alphaBar(t), p = schedule.alphaBar(t - 1)
            try expect("posteriorVariance(t: \(t), \(fixture.betas), alphaBars: ᾱ of the same schedule)",
                       got: try posteriorVariance(t, schedule.betas, schedule.alphaBars),
                       expected: schedule.betaTilde(t),
                       diagnoses: [
                           Diagnosis("β where β̃ belongs: β_t is the forward step's variance; the posterior's is "
                                     + "β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t), a little smaller.", b),
                           Diagnosis("the ratio is upside down: (1 − ᾱ_{t−1}) on top, (1 − ᾱ_t) below.", t > 1 ? b * (1 - a) / (1 - p) : nil),
                           Diagnosis("β̃_t is a variance, not a standard deviation: no square root.", schedule.betaTilde(t).squareRoot()),
                           Diagnosis(alphaBarZero + " So β̃_1 = 0.", t == 1 ? b / (1 - a) : nil),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { [schedule.betaTilde($0)] },
                       hint: "β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t), with β_t = betas[t - 1], ᾱ_t = alphaBars[t - 1], "
                           + "ᾱ_{t−1} = alphaBars[t - 2] and ᾱ_0 = 1.")
        }
    }
}

/// Ho et al. 2020, eq. 11: μ = (x_t − β_t/√(1 − ᾱ_t) · ε) / √α_t.
func checkMeanFromEps(_ meanFromEps: MeanFromEps) -> CheckResult {
    evaluate("meanFromEps") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (xt, eps) = (Sample.xt, Sample.noise)
        for t in [5, 1, fixture.timesteps] {
            try expect("meanFromEps(xt: \(xt), t: \(t), eps: \(eps), \(fixture.betas), alphaBars: ᾱ of the same schedule)",
                       got: try meanFromEps(xt, t, eps, schedule.betas, schedule.alphaBars),
                       expected: schedule.meanFromEps(xt: xt, t: t, eps: eps),
                       diagnoses: meanFromEpsMistakes(schedule, xt: xt, t: t, eps: eps)
                           + Diagnosis.offByOne(at: t, in: schedule.steps) { schedule.meanFromEps(xt: xt, t: $0, eps: eps) },
                       hint: meanFromEpsHint)
        }
    }
}

let meanFromEpsHint = "μ = (x_t − β_t/√(1 − ᾱ_t) · ε) / √α_t, with α_t = 1 − β_t, β_t = betas[t - 1] and ᾱ_t = alphaBars[t - 1]."

/// The usual wrong versions of eq. 11's mean at step t (Lesson 05's DDPM step reuses them).
func meanFromEpsMistakes(_ schedule: NoiseSchedule, xt: [Double], t: Int, eps: [Double]) -> [Diagnosis] {
    let b = schedule.beta(t), alpha = schedule.alpha(t), a = schedule.alphaBar(t)
    func mean(epsCoef: Double = b / (1 - a).squareRoot(), divisor: Double = alpha.squareRoot()) -> [Double] {
        each(xt, eps) { ($0 - epsCoef * $1) / divisor }
    }
    return [
        Diagnosis(missingSquareRoot + " Here: β_t/√(1 − ᾱ_t) multiplies ε.", mean(epsCoef: b / (1 - a))),
        Diagnosis(missingSquareRoot + " Here: divide by √α_t.", mean(divisor: alpha)),
        Diagnosis("ᾱ_t where α_t belongs: the mean goes back one step, so it divides by √α_t = √(1 − β_t), "
                  + "not by √ᾱ_t.", mean(divisor: a.squareRoot())),
        Diagnosis("divide the whole bracket x_t − β_t/√(1 − ᾱ_t) ε by √α_t.", mean(divisor: 1)),
        Diagnosis("brackets: divide the whole x_t − β_t/√(1 − ᾱ_t) ε by √α_t, not x_t alone.",
                  each(xt, eps) { $0 / alpha.squareRoot() - b / (1 - a).squareRoot() * $1 }),
        Diagnosis("sign: subtract the noise, x_t − β_t/√(1 − ᾱ_t) ε.", mean(epsCoef: -b / (1 - a).squareRoot())),
        Diagnosis("that is x̂_0 (eq. 4 solved for x_0), not the mean of x_{t−1} (eq. 11).",
                  schedule.predictX0(xt: xt, t: t, eps: eps)),
    ]
}
