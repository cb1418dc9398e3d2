@_spi(ExerciseChecks) import Diffusion
import Foundation

// Checks for Lesson 07 (the parts of an image network). Expected values come from the
// Diffusion module: its time embedding, its EMA (in Float, through `TrainerProbes`, so that check
// accepts answers within 10⁻⁴ relative) and its DDPM step with x̂_0 clipped.

public typealias SinusoidalEmbeddingExercise = (_ t: Double, _ dimension: Int) throws -> [Double]
public typealias EMAUpdate = (_ average: [Double], _ parameters: [Double], _ decay: Double) throws -> [Double]
public typealias ClippedPosteriorMean = (_ xt: [Double], _ t: Int, _ epsHat: [Double], _ betas: [Double], _ alphaBars: [Double]) throws -> [Double]

/// Vaswani et al. 2017, §3.5, in DDPM's layout: sines of ω_i t, then cosines, ω_i = 10000^(−i/(h−1)).
func checkSinusoidalEmbedding(_ sinusoidalEmbedding: SinusoidalEmbeddingExercise) -> CheckResult {
    evaluate("sinusoidalEmbedding") {
        for (t, d) in [(37.0, 8), (1.0, 8), (500.0, 6), (0.0, 4)] {
            let h = d / 2
            /// PE with frequencies ω_i = 10000^(exponent(i)), `count` of them, sines and cosines laid out by `layout`.
            func embedding(count: Int = h, exponent: (Int) -> Double = { -Double($0) / Double(h - 1) },
                           interleaved: Bool = false, cosinesFirst: Bool = false) -> [Double] {
                let omegas = (0..<count).map { pow(10_000, exponent($0)) }
                let sines = omegas.map { sin($0 * t) }, cosines = omegas.map { cos($0 * t) }
                if interleaved { return zip(sines, cosines).flatMap { [$0, $1] } }
                return cosinesFirst ? cosines + sines : sines + cosines
            }
            try expect("sinusoidalEmbedding(t: \(t), dimension: \(d))",
                       got: try sinusoidalEmbedding(t, d),
                       expected: Diffusion.sinusoidalEmbedding(t, dimension: d),
                       diagnoses: [
                           Diagnosis("that is the formula as Vaswani et al. print it, exponent −2i/d and sines and cosines "
                                     + "interleaved (sin, cos, sin, cos, …). The workbook, like DDPM's code, takes ω_i = "
                                     + "10000^(−i/(h−1)) and puts all h sines first, then all h cosines.",
                                     embedding(exponent: { -Double($0) / Double(h) }, interleaved: true)),
                           Diagnosis("the exponent is −i/(h − 1) with h = d/2, so the last frequency is exactly 1/10000; "
                                     + "−i/h (or −2i/d, the exponent of Vaswani et al.'s formula) stops short of it.",
                                     embedding(exponent: { -Double($0) / Double(h) })),
                           Diagnosis("the frequencies fall: ω_i = 10000^(−i/(h−1)), from 1 down to 1/10000 (a minus sign in the exponent).",
                                     embedding(exponent: { Double($0) / Double(h - 1) })),
                           Diagnosis("sines and cosines interleaved (sin, cos, sin, cos, …): the workbook, like DDPM's code, "
                                     + "puts all h sines first, then all h cosines.", embedding(interleaved: true)),
                           Diagnosis("the cosines come first: the sines of all h frequencies first, then their cosines.",
                                     embedding(cosinesFirst: true)),
                           Diagnosis("d values in all: h = d/2 frequencies, each giving a sine and a cosine.",
                                     embedding(count: d, exponent: { -Double($0) / Double(d - 1) })),
                       ],
                       hint: "with h = dimension/2 and ω_i = 10000^(−i/(h−1)) for i = 0…h−1, return "
                           + "[sin(ω_0 t), …, sin(ω_{h−1} t), cos(ω_0 t), …, cos(ω_{h−1} t)].")
        }
    }
}

/// θ_EMA ← d θ_EMA + (1 − d) θ, as the trainer's `ExponentialMovingAverage` computes it.
func checkEMAUpdate(_ emaUpdate: EMAUpdate) -> CheckResult {
    evaluate("emaUpdate") {
        let cases: [(average: [Double], parameters: [Double], decay: Double)] = [
            ([0.5, -1.0, 2.0], [1.0, 0.5, -0.5], 0.9),
            ([0.25, -0.75], [-1.5, 2.0], 0.999),
            ([0.5, -1.0, 2.0], [1.0, 0.5, -0.5], 0),
        ]
        for (average, parameters, d) in cases {
            func mix(_ keep: Double, _ take: Double) -> [Double] { each(average, parameters) { keep * $0 + take * $1 } }
            try expect("emaUpdate(average: \(average), parameters: \(parameters), decay: \(d))",
                       got: try emaUpdate(average, parameters, d),
                       expected: TrainerProbes.emaUpdate(average: average, parameters: parameters, decay: d),
                       diagnoses: [
                           Diagnosis("the weights are swapped: d multiplies the old average θ_EMA, and (1 − d) the new weights θ.",
                                     mix(1 - d, d)),
                           Diagnosis("the new weights enter with weight (1 − d), so the two weights sum to 1.", mix(d, 1)),
                           Diagnosis("that is θ itself: the average moves only (1 − d) of the way towards θ.", d == 0 ? nil : parameters),
                           Diagnosis("that is the old average unchanged: add (1 − d) θ.", mix(1, 0)),
                       ],
                       hint: "θ_EMA ← d · θ_EMA + (1 − d) · θ, value by value.",
                       tolerance: floatTolerance)
        }
    }
}


/// Ho et al. 2020, eq. 7 at x_0 = clip(x̂_0): DDPM's step with clipping, without its noise.
func checkClippedPosteriorMean(_ clippedPosteriorMean: ClippedPosteriorMean) -> CheckResult {
    evaluate("clippedPosteriorMean") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        // x̂_0 leaves [−1, 1] in some values and not in others, at every t tried.
        let (xt, eps) = ([1.5, -0.3, 0.5, -1.5], [-0.5, 0.8, 0.1, 0.7])
        func clip(_ v: [Double], _ range: ClosedRange<Double> = -1...1) -> [Double] {
            v.map { min(max($0, range.lowerBound), range.upperBound) }
        }
        func expected(_ t: Int) -> [Double] {
            ReverseStep.ddpm(schedule: schedule, t: t, variance: .beta, clipping: .range(-1...1))
                .update(xt: xt, eps: eps, noise: [Double](repeating: 0, count: xt.count))
        }
        for t in posteriorSteps {
            announceFirstStep("clippedPosteriorMean", t: t)
            let b = schedule.beta(t), alpha = schedule.alpha(t), a = schedule.alphaBar(t), p = schedule.alphaBar(t - 1)
            let x0 = schedule.predictX0(xt: xt, t: t, eps: eps)
            /// eq. 7 at x_0 = `x0` and x_t = `x`, with ᾱ_{t−1} and the square roots replaceable.
            func mean(_ x0: [Double], _ x: [Double] = xt, previous: Double = p, root: (Double) -> Double = { $0.squareRoot() }) -> [Double] {
                let c0 = b * root(previous) / (1 - a), ct = (1 - previous) * root(alpha) / (1 - a)
                return each(x0, x) { c0 * $0 + ct * $1 }
            }
            try expect("clippedPosteriorMean(xt: \(xt), t: \(t), epsHat: \(eps), \(fixture.betas), alphaBars: ᾱ of the same schedule)",
                       got: try clippedPosteriorMean(xt, t, eps, schedule.betas, schedule.alphaBars),
                       expected: expected(t),
                       diagnoses: [
                           Diagnosis("x̂_0 was not clipped: that is eq. 11's mean (x_t − β_t/√(1 − ᾱ_t) ε̂)/√α_t, the same as "
                                     + "eq. 7 at the unclipped x̂_0. Clip x̂_0 to −1…1 first, then take eq. 7.",
                                     schedule.meanFromEps(xt: xt, t: t, eps: eps)),
                           Diagnosis("clip x̂_0, not the mean: the mean of a step may leave [−1, 1]; the prediction of the data may not.",
                                     clip(schedule.meanFromEps(xt: xt, t: t, eps: eps))),
                           Diagnosis("clip x̂_0 after computing it, not x_t before.",
                                     mean(schedule.predictX0(xt: clip(xt), t: t, eps: eps))),
                           Diagnosis("the range is −1…1, the range of the data, not 0…1.", mean(clip(x0, 0...1))),
                           Diagnosis("x_t enters eq. 7 as it is: only x̂_0 is clipped.", mean(clip(x0), clip(xt))),
                           Diagnosis(missingSquareRoot + " Here: √ᾱ_{t−1} and √α_t.", mean(clip(x0), root: { $0 })),
                           Diagnosis(alphaBarZero, t == 1 ? mean(clip(x0), previous: 0) : nil),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps, expected),
                       hint: "x̂_0 = clip((x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t, −1, 1); then μ̃_t = β_t √ᾱ_{t−1}/(1 − ᾱ_t) · x̂_0 "
                           + "+ (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t) · x_t, with ᾱ_{t−1} = alphaBars[t - 2] and ᾱ_0 = 1.")
        }
    }
}
