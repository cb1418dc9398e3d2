import Diffusion
import Foundation

// Checks for Lesson 04's bound exercises. Expected values come from the Diffusion module.

public typealias GaussianKL = (_ mean1: [Double], _ variance1: [Double], _ mean2: [Double], _ variance2: [Double]) throws -> Double
public typealias VLBWeight = (_ t: Int, _ betas: [Double], _ alphaBars: [Double], _ reverseVariance: Double) throws -> Double

/// KL(N(μ₁, diag σ₁²) ‖ N(μ₂, diag σ₂²)), summed over dimensions (the module's `gaussianKL`).
func checkGaussianKL(_ gaussianKL: GaussianKL) -> CheckResult {
    evaluate("gaussianKL") {
        let cases: [(m1: [Double], v1: [Double], m2: [Double], v2: [Double])] = [
            ([0.3, -1.2], [0.5, 2.0], [1.0, 0.4], [1.5, 0.8]),
            ([2.0], [0.25], [-1.0], [4.0]),
            ([0.7, -0.2, 1.1], [0.3, 1.2, 0.9], [0.7, -0.2, 1.1], [0.3, 1.2, 0.9]),
        ]
        for (m1, v1, m2, v2) in cases {
            /// The closed form with its parts replaceable, value by value.
            func kl(_ a: [Double], _ va: [Double], _ b: [Double], _ vb: [Double], half: Double = 0.5, minusOne: Double = 1,
                    logFlipped: Bool = false) -> Double {
                a.indices.reduce(0) { sum, i in
                    let d = a[i] - b[i], logRatio = log(vb[i] / va[i])
                    return sum + half * ((logFlipped ? -logRatio : logRatio) + (va[i] + d * d) / vb[i] - minusOne)
                }
            }
            let expected = Diffusion.gaussianKL(means1: m1, logVariances1: v1.map(log), means2: m2, logVariances2: v2.map(log))
            let squared = { (v: [Double]) in v.map { $0 * $0 } }
            try expect("gaussianKL(mean1: \(m1), variance1: \(v1), mean2: \(m2), variance2: \(v2))",
                       got: try gaussianKL(m1, v1, m2, v2), expected: expected,
                       diagnoses: [
                           Diagnosis("the arguments are swapped: that is KL(q ‖ p). The KL is not symmetric; "
                                     + "the second Gaussian's variance σ₂² divides.", m1 == m2 && v1 == v2 ? nil : kl(m2, v2, m1, v1)),
                           Diagnosis("the inputs are variances already: do not square them.",
                                     v1.allSatisfy { $0 == 1 } ? nil : kl(m1, squared(v1), m2, squared(v2))),
                           Diagnosis("the log ratio is upside down: log(σ₂²/σ₁²), the second variance on top.",
                                     v1 == v2 ? nil : kl(m1, v1, m2, v2, logFlipped: true)),
                           Diagnosis("missing ½ in front of the bracket.", expected == 0 ? nil : kl(m1, v1, m2, v2, half: 1)),
                           Diagnosis("missing − 1 in the bracket: the KL of a Gaussian with itself must be 0.", kl(m1, v1, m2, v2, minusOne: 0)),
                           Diagnosis("sum over the dimensions, do not average them.", m1.count == 1 || expected == 0 ? nil : expected / Double(m1.count)),
                       ],
                       hint: "KL = Σ_i ½ (log(σ₂ᵢ²/σ₁ᵢ²) + (σ₁ᵢ² + (μ₁ᵢ − μ₂ᵢ)²)/σ₂ᵢ² − 1), with σ² = the variance arrays as given.")
        }
    }
}

/// Ho et al. 2020, eq. 12: λ_t = β_t² / (2 σ_t² α_t (1 − ᾱ_t)).
func checkVLBWeight(_ vlbWeight: VLBWeight) -> CheckResult {
    evaluate("vlbWeight") {
        let fixture = ScheduleFixture.small, schedule = fixture.schedule
        let cases: [(t: Int, choice: ReverseVariance)] = [(5, .beta), (5, .betaTilde), (fixture.timesteps, .betaTilde), (1, .beta)]
        for (t, choice) in cases {
            let b = schedule.beta(t), a = schedule.alpha(t), abar = schedule.alphaBar(t), v = schedule.reverseVariance(t, choice)
            func weight(beta: Double = b, variance: Double = v, alpha: Double = a, oneMinus: Double = 1 - abar, two: Double = 2) -> Double {
                beta * beta / (two * variance * alpha * oneMinus)
            }
            try expect("vlbWeight(t: \(t), \(fixture.betas), alphaBars: ᾱ of the same schedule, reverseVariance: "
                       + "\(choice == .beta ? "β_t" : "β̃_t") = \(show(v)))",
                       got: try vlbWeight(t, schedule.betas, schedule.alphaBars, v),
                       expected: schedule.vlbWeight(t: t, variance: choice),
                       diagnoses: [
                           Diagnosis("ᾱ_t where α_t belongs: the mean steps back one step, so α_t = 1 − β_t appears.",
                                     t == 1 ? nil : weight(alpha: abar)),
                           Diagnosis("β_t is squared: both means carry β_t/√(1 − ᾱ_t), and the KL squares their difference.", weight(beta: b.squareRoot())),
                           Diagnosis("missing 2: the KL of two Gaussians is (μ̃ − μ_θ)²/(2σ²).", weight(two: 1)),
                           Diagnosis("reverseVariance is σ_t², a variance already: do not square it.", weight(variance: v * v)),
                           Diagnosis("1 − ᾱ_t, not 1 − ᾱ_{t−1}: the noise rate of x_t.", t == 1 ? nil : weight(oneMinus: 1 - schedule.alphaBar(t - 1))),
                           Diagnosis(Diagnosis.offByOneHint(-1), t == 1 ? nil : weight(beta: schedule.beta(t - 1), alpha: schedule.alpha(t - 1),
                                                                                        oneMinus: 1 - schedule.alphaBar(t - 1))),
                       ],
                       hint: "λ_t = β_t² / (2 σ_t² α_t (1 − ᾱ_t)) with β_t = betas[t - 1], α_t = 1 − β_t, ᾱ_t = alphaBars[t - 1] "
                           + "and σ_t² = reverseVariance.")
        }
    }
}
