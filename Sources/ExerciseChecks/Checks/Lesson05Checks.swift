import Diffusion
import Foundation

// Checks for Lesson 05 (DDPM sampling). Expected values come from the Diffusion module.

/// The signature of `reverseVariance`, which returns σ_t².
public typealias SigmaSquared = (_ t: Int, _ betas: [Double], _ alphaBars: [Double], _ useBetaTilde: Bool) throws -> Double
public typealias DDPMStep = (_ xt: [Double], _ t: Int, _ epsHat: [Double], _ z: [Double],
                      _ betas: [Double], _ alphaBars: [Double], _ useBetaTilde: Bool) throws -> [Double]
public typealias PredictX0Clipped = (_ xt: [Double], _ t: Int, _ epsHat: [Double], _ alphaBars: [Double]) throws -> [Double]
public typealias DDPMSample = (_ xT: [Double], _ epsHat: ([Double], Int) -> [Double], _ z: (Int) -> [Double],
                        _ betas: [Double], _ alphaBars: [Double], _ useBetaTilde: Bool) throws -> [Double]

/// The steps and variance choices the DDPM checks try, in order: the middle first, t = 1 last.
let ddpmCases = [(5, false), (5, true), (ScheduleFixture.small.timesteps, true), (1, true), (1, false)]

extension NoiseSchedule {
    /// σ_t² of the reverse step (Ho et al. 2020, §3.2): β_t, or β̃_t with `useBetaTilde`.
    func sigmaSquared(_ t: Int, useBetaTilde: Bool) -> Double {
        useBetaTilde ? betaTilde(t) : beta(t)
    }
}

/// The variance choice spelled out, for messages.
func varianceChoice(_ useBetaTilde: Bool) -> String {
    "useBetaTilde: \(useBetaTilde) (σ_t² = \(useBetaTilde ? "β̃_t" : "β_t"))"
}

let swappedVariance = "the variance choice is swapped: useBetaTilde = true means σ_t² = β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t), "
    + "false means σ_t² = β_t."

/// Ho et al. 2020, §3.2: σ_t² = β_t or β̃_t.
func checkReverseVariance(_ reverseVariance: SigmaSquared) -> CheckResult {
    evaluate("reverseVariance") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        for (t, useBetaTilde) in ddpmCases {
            if useBetaTilde { announceFirstStep("reverseVariance", t: t) }
            let expected = schedule.sigmaSquared(t, useBetaTilde: useBetaTilde)
            try expect("reverseVariance(t: \(t), \(fixture.betas), alphaBars: ᾱ of the same schedule, \(varianceChoice(useBetaTilde)))",
                       got: try reverseVariance(t, schedule.betas, schedule.alphaBars, useBetaTilde),
                       expected: expected,
                       diagnoses: [
                           Diagnosis(swappedVariance, schedule.sigmaSquared(t, useBetaTilde: !useBetaTilde)),
                           Diagnosis("σ_t² is a variance: return it without a square root.", expected.squareRoot()),
                           Diagnosis(alphaBarZero + " So β̃_1 = 0.",
                                     t == 1 && useBetaTilde ? schedule.beta(1) / (1 - schedule.alphaBar(1)) : nil),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { [schedule.sigmaSquared($0, useBetaTilde: useBetaTilde)] },
                       hint: "σ_t² = β_t = betas[t - 1] when useBetaTilde is false, and σ_t² = β̃_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t) "
                           + "when it is true, with ᾱ_0 = 1.")
        }
    }
}

/// Ho et al. 2020, Algorithm 2, line 4: x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε̂)/√α_t + σ_t z, z = 0 at t = 1.
func checkDDPMStep(_ ddpmStep: DDPMStep) -> CheckResult {
    evaluate("ddpmStep") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (xt, eps, z) = (Sample.xt, Sample.noise, Sample.z)
        for (t, useBetaTilde) in ddpmCases {
            announceFirstStep("ddpmStep", t: t)
            func step(_ t: Int) -> [Double] {
                ReverseStep.ddpm(schedule: schedule, t: t, variance: useBetaTilde ? .betaTilde : .beta).update(xt: xt, eps: eps, noise: z)
            }
            let mean = schedule.meanFromEps(xt: xt, t: t, eps: eps)
            func withNoise(_ sigma: Double) -> [Double] { each(mean, z) { $0 + sigma * $1 } }
            let variance = schedule.sigmaSquared(t, useBetaTilde: useBetaTilde), sigma = t == 1 ? 0 : variance.squareRoot()
            try expect("ddpmStep(xt: \(xt), t: \(t), epsHat: \(eps), z: \(z), \(fixture.betas), alphaBars: ᾱ of the same schedule, "
                       + "\(varianceChoice(useBetaTilde)))",
                       got: try ddpmStep(xt, t, eps, z, schedule.betas, schedule.alphaBars, useBetaTilde),
                       expected: step(t),
                       diagnoses: [
                           Diagnosis("z = 0 at t = 1: the last step returns the mean μ_θ(x_1, 1) as x_0, without noise.",
                                     t == 1 ? withNoise(variance.squareRoot()) : nil),
                           Diagnosis(missingSquareRoot + " Here: σ_t = √σ_t² multiplies z.", t == 1 ? nil : withNoise(variance)),
                           Diagnosis(swappedVariance, t == 1 ? nil : withNoise(schedule.sigmaSquared(t, useBetaTilde: !useBetaTilde).squareRoot())),
                           Diagnosis("add σ_t z: every step but the last adds fresh noise.", t == 1 ? nil : mean),
                       ] + meanFromEpsMistakes(schedule, xt: xt, t: t, eps: eps).map { $0.adding(z.map { sigma * $0 }) }
                         + Diagnosis.offByOne(at: t, in: schedule.steps, step),
                       hint: "x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε̂)/√α_t + σ_t z, with σ_t² = β_t (or β̃_t when useBetaTilde) "
                           + "and z = 0 at t = 1.")
        }
    }
}

/// The DDPM code's clipped prediction: x̂_0 = clamp((x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, −1, 1).
func checkPredictX0Clipped(_ predictX0Clipped: PredictX0Clipped) -> CheckResult {
    evaluate("predictX0Clipped") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let cases: [(xt: [Double], t: Int, eps: [Double])] = [
            ([1.5, -0.3, 0.5, -1.5], 8, [-0.5, 0.8, 0.1, 0.7]), (Sample.xt, 5, Sample.noise), (Sample.xt, 1, Sample.noise),
        ]
        for (xt, t, eps) in cases {
            func clipped(_ t: Int) -> [Double] {
                ReverseStep.ddpm(schedule: schedule, t: t, variance: .beta, clipping: .range(-1...1)).predictedX0(xt: xt, eps: eps)
            }
            let x0 = schedule.predictX0(xt: xt, t: t, eps: eps)
            try expect("predictX0Clipped(xt: \(xt), t: \(t), epsHat: \(eps), \(fixture.alphaBars))",
                       got: try predictX0Clipped(xt, t, eps, schedule.alphaBars),
                       expected: clipped(t),
                       diagnoses: [
                           Diagnosis("clip every value of x̂_0 to −1…1: min(max(value, -1), 1).", x0),
                           Diagnosis("the range is −1…1, the range of the data, not 0…1.", x0.map { min(max($0, 0), 1) }),
                           Diagnosis("clip x̂_0 after computing it, not x_t before.",
                                     schedule.predictX0(xt: xt.map { min(max($0, -1), 1) }, t: t, eps: eps)),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps, clipped),
                       hint: "x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t with ᾱ_t = alphaBars[t - 1], then each value clamped to −1…1.")
        }
    }
}

/// Ho et al. 2020, Algorithm 2: x_T, then the steps t = T, T − 1, …, 1.
func checkDDPMSample(_ ddpmSample: DDPMSample) -> CheckResult {
    evaluate("ddpmSample") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let xT = Sample.xt
        /// A stand-in for the network that depends on x and t, so order and inputs matter.
        func epsHat(_ x: [Double], _ t: Int) -> [Double] { x.map { 0.4 * $0 + 0.05 * Double(t) } }
        func z(_ t: Int) -> [Double] { Sample.z.map { $0 * (1 + 0.1 * Double(t)) } }
        for useBetaTilde in [false, true] {
            /// The loop over `steps`; `noiseAtOne` adds σ_1 z at t = 1, `noise: false` adds none.
            func loop(_ steps: [Int], noiseAtOne: Bool = false, noise: Bool = true) -> [Double] {
                steps.reduce(xT) { x, t in
                    let sigma = noise && (t > 1 || noiseAtOne) ? schedule.sigmaSquared(t, useBetaTilde: useBetaTilde).squareRoot() : 0
                    return each(schedule.meanFromEps(xt: x, t: t, eps: epsHat(x, t)), z(t)) { $0 + sigma * $1 }
                }
            }
            let expected = DDPMSampler(schedule: schedule, variance: useBetaTilde ? .betaTilde : .beta).steps.reduce(xT) { x, step in
                step.update(xt: x, eps: epsHat(x, step.from), noise: z(step.from))
            }
            let call = "ddpmSample(xT: \(xT), epsHat: { x, t in 0.4 x + 0.05 t }, z: { t in \(Sample.z) · (1 + 0.1 t) }, "
                + "\(fixture.betas), alphaBars: ᾱ of the same schedule, \(varianceChoice(useBetaTilde)))"
            announceCase(call)
            /// The x and t of each call to epsHat, the first few hundred (a loop that never ends must not fill the memory).
            var asked: [(x: [Double], t: Int)] = []
            let got = try ddpmSample(xT, { x, t in
                if asked.count < 10 * fixture.timesteps { asked.append((x, t)) }
                return epsHat(x, t)
            }, z, schedule.betas, schedule.alphaBars, useBetaTilde)
            let down = Array(schedule.steps.reversed())
            let askedSteps = asked.map(\.t)
            try expect(call,
                       got: got, expected: expected,
                       diagnoses: [
                           Diagnosis("your loop asked epsHat for t = \(askedSteps.map(String.init).joined(separator: ", ")); "
                                     + "Algorithm 2 asks for t = T, T − 1, …, 1 = \(down.map(String.init).joined(separator: ", ")), "
                                     + "once each, from noise down to data.", askedSteps == down ? nil : got),
                           Diagnosis("the reverse process runs t = T, T − 1, …, 1: from noise down to data.", loop(Array(schedule.steps))),
                           Diagnosis("t off by one: the loop starts at t = T.", loop(Array(down.dropFirst()))),
                           Diagnosis("t off by one: the loop ends with the step at t = 1, which gives x_0.", loop(Array(down.dropLast()))),
                           Diagnosis("z = 0 at t = 1: the last step adds no noise.", loop(down, noiseAtOne: true)),
                           Diagnosis("add σ_t z: every step but the last adds fresh noise.", loop(down, noise: false)),
                           wrongStep(asked: asked, got: got, xT: xT, schedule: schedule, useBetaTilde: useBetaTilde,
                                     epsHat: epsHat, z: z),
                       ],
                       hint: "x = x_T; then for t = T, T − 1, …, 1: x = ddpmStep(x, t, epsHat(x, t), z(t), …); return x.")
        }
    }
}

/// A ddpmSample whose loop is right — it starts from x_T and asks epsHat for t = T, …, 1 once
/// each, handing each step's result to the next — but whose step is not: the x it hands on
/// (to epsHat, or as x_0) differs from Algorithm 2's step on the x it had. The usual cause is
/// the learner's own ddpmStep, which the loop calls.
func wrongStep(asked: [(x: [Double], t: Int)], got: [Double], xT: [Double], schedule: NoiseSchedule, useBetaTilde: Bool,
               epsHat: ([Double], Int) -> [Double], z: (Int) -> [Double]) -> Diagnosis {
    let steps = Array(schedule.steps.reversed())
    guard asked.map(\.t) == steps, asked.first?.x == xT else { return Diagnosis("", nil as [Double]?) }
    let handedOn = asked.dropFirst().map(\.x) + [got]
    let sampler = DDPMSampler(schedule: schedule, variance: useBetaTilde ? .betaTilde : .beta)
    for ((x, t), (step, next)) in zip(asked, zip(sampler.steps, handedOn)) {
        let right = step.update(xt: x, eps: epsHat(x, t), noise: z(t))
        guard agree(next, right) else {
            return Diagnosis("your loop is right, but ddpmStep is not: from the x_t your loop had at t = \(t), its step gave "
                             + "x_{t−1} = \(show(next)) where Algorithm 2, line 4 gives \(show(right)). Your ddpmStep's own "
                             + "check (swift test --filter Lesson05 --disable-swift-testing) names its mistake.", got)
        }
    }
    return Diagnosis("", nil as [Double]?)
}
