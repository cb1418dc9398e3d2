// Lesson 09 — conditioning and guidance. Read the lesson first: `swift run Lesson09`.
// Check your answers: `swift test --filter Lesson09 --disable-swift-testing`.
import Diffusion

/// **Classifier-free guidance** (Ho & Salimans 2022, §3.2, eq. 6): from one model's two
/// noise predictions, the conditional ε(x_t, t, y) and the unconditional ε(x_t, t),
/// ε̃ = (1 + w) ε(x_t, t, y) − w ε(x_t, t).
/// w = 0 is plain conditional sampling; a larger w pushes away from the unconditional model.
///
/// - Parameters:
///   - conditional: ε(x_t, t, y), any number of values.
///   - unconditional: ε(x_t, t), as many values.
///   - w: the guidance strength, ≥ 0.
/// - Returns: ε̃, one value per value of `conditional`.
/// - Hint: the conditional prediction gets the larger weight; the two weights sum to 1.
public func guidedNoise(conditional: [Double], unconditional: [Double], w: Double) throws -> [Double] {
    throw NotAttempted()
}

/// **Label dropout** (Ho & Salimans 2022, Algorithm 1, line 3): while training a model for
/// classifier-free guidance, each label is replaced by the null label ∅ with probability
/// p_uncond, so the same network also learns the unconditional ε(x_t, t).
///
/// - Parameters:
///   - labels: the batch's labels.
///   - probability: p_uncond, 0…1.
///   - nullLabel: the label that means "no label" (for 10 digits, 10).
///   - rng: the seeded generator to draw from: exactly one `rng.uniform()` per label, in
///     order; a label is dropped when its draw is below `probability`.
/// - Returns: the labels, each either kept or replaced by `nullLabel`.
/// - Hint: `rng.uniform()` is uniform in [0, 1): it is below p with probability p.
public func dropLabels(_ labels: [Int], probability: Double, nullLabel: Int, rng: inout Xoshiro256) throws -> [Int] {
    throw NotAttempted()
}

/// **Classifier guidance** (Dhariwal & Nichol 2021, Algorithm 2 and eq. 14): an
/// unconditional noise prediction steered by the gradient of a classifier of noisy samples,
/// ε̂ = ε(x_t) − √(1 − ᾱ_t) · s · ∇_{x_t} log p(y | x_t).
///
/// - Parameters:
///   - eps: ε(x_t, t), any number of values.
///   - logProbabilityGradient: ∇_{x_t} log p(y | x_t), as many values.
///   - t: the step, 1…T.
///   - scale: s, the classifier scale.
///   - alphaBars: ᾱ_1 … ᾱ_T; index t − 1 holds ᾱ_t.
/// - Returns: ε̂, one value per value of `eps`.
/// - Hint: ε = −√(1 − ᾱ_t) × score, so adding s times the classifier's score to the score
///   subtracts √(1 − ᾱ_t) s ∇ log p from ε.
public func classifierGuidedNoise(eps: [Double], logProbabilityGradient: [Double], t: Int, scale: Double,
                                  alphaBars: [Double]) throws -> [Double] {
    throw NotAttempted()
}
