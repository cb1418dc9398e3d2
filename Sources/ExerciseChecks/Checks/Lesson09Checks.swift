import Diffusion
import Foundation

// Checks for Lesson 09 (conditioning and guidance). Expected values come from the Diffusion module.

public typealias GuidedNoise = (_ conditional: [Double], _ unconditional: [Double], _ w: Double) throws -> [Double]
public typealias DropLabels = (_ labels: [Int], _ probability: Double, _ nullLabel: Int, _ rng: inout Xoshiro256) throws -> [Int]
public typealias ClassifierGuidedNoise = (_ eps: [Double], _ logProbabilityGradient: [Double], _ t: Int, _ scale: Double,
                                   _ alphaBars: [Double]) throws -> [Double]

/// Ho & Salimans 2022, eq. 6: ε̃ = (1 + w) ε(x, y) − w ε(x).
func checkGuidedNoise(_ guidedNoise: GuidedNoise) -> CheckResult {
    evaluate("guidedNoise") {
        let (conditional, unconditional) = (Sample.noise, Sample.z)
        for w in [2.0, 0.5, 0] {
            func mix(_ a: Double, _ b: Double) -> [Double] { each(conditional, unconditional) { a * $0 + b * $1 } }
            try expect("guidedNoise(conditional: \(conditional), unconditional: \(unconditional), w: \(w))",
                       got: try guidedNoise(conditional, unconditional, w),
                       expected: ClassifierFreeGuidance<ExactConditionalDenoiser>.guidedNoise(
                           conditional: conditional, unconditional: unconditional, guidanceScale: w),
                       diagnoses: [
                           Diagnosis("(1 + w) and w swapped: the conditional prediction ε(x, y) gets 1 + w, the unconditional one −w.",
                                     mix(w, -(1 + w))),
                           Diagnosis("that is ε(x) + w (ε(x, y) − ε(x)), the “guidance scale” convention of diffusers "
                                     + "(guidance_scale), whose scale is Ho & Salimans' 1 + w: with their w, "
                                     + "ε̃ = ε(x, y) + w (ε(x, y) − ε(x)) = (1 + w) ε(x, y) − w ε(x).", w == 1 ? nil : mix(w, 1 - w)),
                           Diagnosis("the signs are the wrong way round: ε̃ moves away from the unconditional prediction, "
                                     + "(1 + w) ε(x, y) − w ε(x).", mix(-w, 1 + w)),
                           Diagnosis("that is w (ε(x, y) − ε(x)), the guidance direction alone: add ε(x, y) itself.",
                                     w == 0 ? nil : mix(w, -w)),
                           Diagnosis("that interpolates between the two, (1 − w) ε(x, y) + w ε(x): guidance extrapolates "
                                     + "past ε(x, y), (1 + w) ε(x, y) − w ε(x).", w == 0 ? nil : mix(1 - w, w)),
                       ],
                       hint: "ε̃ = (1 + w) · conditional − w · unconditional, value by value.")
        }
    }
}

/// Ho & Salimans 2022, Algorithm 1, line 3: each label becomes ∅ with probability p, by one
/// uniform draw per label, in order.
func checkDropLabels(_ dropLabels: DropLabels) -> CheckResult {
    evaluate("dropLabels") {
        let labels = (0..<40).map { ($0 * 7) % 10 }
        for (probability, seed) in [(0.3, UInt64(5)), (0.8, 6), (0, 7), (1, 8)] {
            var rng = Xoshiro256(seed: seed), reference = Xoshiro256(seed: seed)
            let expected = LabelDropout.drop(labels, probability: probability, nullLabel: 10, using: &reference)
            let call = "dropLabels(\(labels.prefix(8))…, probability: \(probability), nullLabel: 10, rng: Xoshiro256(seed: \(seed)))"
            announceCase(call)
            let got = try dropLabels(labels, probability, 10, &rng)
            /// The answers of the usual mistakes, from the same seed.
            func variant(_ draw: (Int, inout Xoshiro256) -> Int) -> [Double] {
                var g = Xoshiro256(seed: seed)
                return labels.map { Double(draw($0, &g)) }
            }
            var whole = Xoshiro256(seed: seed)
            let dropAll = whole.uniform() < probability
            // After the call both generators must have made the same draws.
            var studentNext = rng, referenceNext = reference
            let sameState = studentNext.uniform() == referenceNext.uniform()
            try expect(call, got: got.map(Double.init), expected: expected.map(Double.init),
                       diagnoses: [
                           Diagnosis("the wrong probability: your answer drops a label with probability 1 − p. Drop it when "
                                     + "rng.uniform() < probability.", variant { $1.uniform() < probability ? $0 : 10 }),
                           Diagnosis("replace a dropped label by nullLabel, the extra class that means “no label”.",
                                     variant { $1.uniform() < probability ? 0 : $0 }),
                           Diagnosis("one draw for the whole batch: each label needs its own draw, so about a share p of them is dropped.",
                                     labels.map { Double(dropAll ? 10 : $0) }),
                       ],
                       hint: "for each label in order: rng.uniform() < probability ? nullLabel : label.",
                       integers: true, position: { "labels[\($0)]" })
            if !sameState {
                throw WrongAnswer(message: """
                    dropLabels(…, probability: \(probability), …) gave the right labels but left the generator in another state.
                      expected: exactly one rng.uniform() per label
                      got:      a different number of draws
                      Hint: draw once per label, even when probability is 0 or 1, so that training repeats from its seed.
                    """)
            }
        }
    }
}

/// Dhariwal & Nichol 2021, Algorithm 2 / eq. 14: ε̂ = ε − √(1 − ᾱ_t) s ∇ log p(y | x_t).
func checkClassifierGuidedNoise(_ classifierGuidedNoise: ClassifierGuidedNoise) -> CheckResult {
    evaluate("classifierGuidedNoise") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let (eps, gradient) = (Sample.noise, Sample.x0)
        for (t, scale) in [(6, 2.0), (1, 1.5), (10, 3.0)] {
            if t == 1 { announceEdge("classifierGuidedNoise", "t = 1, the first entry of alphaBars") }
            func guided(_ factor: Double) -> [Double] { each(eps, gradient) { $0 - factor * $1 } }
            let a = schedule.alphaBar(t)
            try expect("classifierGuidedNoise(eps: \(eps), logProbabilityGradient: \(gradient), t: \(t), scale: \(scale), \(fixture.alphaBars))",
                       got: try classifierGuidedNoise(eps, gradient, t, scale, schedule.alphaBars),
                       expected: ClassifierGuidance<IdealDenoiser, MixtureClassifier>.guidedNoise(
                           eps: eps, logProbabilityGradient: gradient, noiseRate: schedule.sqrtOneMinusAlphaBar(t), scale: scale),
                       diagnoses: [
                           Diagnosis("the sign: ε points against the score, so steering toward y subtracts √(1 − ᾱ_t) s ∇ log p.",
                                     guided(-(1 - a).squareRoot() * scale)),
                           Diagnosis(missingSquareRoot + " Here: √(1 − ᾱ_t), the noise rate, scales the gradient.", guided((1 - a) * scale)),
                           Diagnosis("√ᾱ_t where √(1 − ᾱ_t) belongs: the factor is the noise rate that turns a score into an ε.",
                                     guided(a.squareRoot() * scale)),
                           Diagnosis("multiply by the scale s.", scale == 1 ? nil : guided((1 - a).squareRoot())),
                       ] + Diagnosis.offByOne(at: t, in: schedule.steps) { guided(schedule.sqrtOneMinusAlphaBar($0) * scale) },
                       hint: "ε̂ = ε − √(1 − ᾱ_t) · s · ∇ log p(y | x_t), with ᾱ_t = alphaBars[t - 1].")
        }
    }
}
