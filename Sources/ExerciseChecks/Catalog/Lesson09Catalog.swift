import Diffusion
import Exercises
import Foundation

/// Lesson 09's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson09Catalog {
    public static var all: [ExerciseEntry] { [guidedNoise.entry, dropLabels.entry, classifierGuidedNoise.entry] }

    public static var guidedNoise: Exercise<GuidedNoise> {
        Exercise(name: "guidedNoise", lesson: "Lesson09",
                 student: Exercises.guidedNoise(conditional:unconditional:w:),
                 reference: { ClassifierFreeGuidance<ExactConditionalDenoiser>.guidedNoise(conditional: $0, unconditional: $1, guidanceScale: $2) },
                 check: checkGuidedNoise,
                 mistakes: [
                     Mistake("(1 + w) and w swapped") { c, u, w in zip(c, u).map { w * $0 - (1 + w) * $1 } },
                     Mistake("the signs are the wrong way round") { c, u, w in zip(c, u).map { (1 + w) * $1 - w * $0 } },
                     Mistake("the guidance direction alone") { c, u, w in zip(c, u).map { w * ($0 - $1) } },
                     Mistake("guidance extrapolates") { c, u, w in zip(c, u).map { (1 - w) * $0 + w * $1 } },
                     Mistake("the “guidance scale” convention of diffusers") { c, u, w in zip(c, u).map { $1 + w * ($0 - $1) } },
                 ])
    }

    public static var dropLabels: Exercise<DropLabels> {
        Exercise(name: "dropLabels", lesson: "Lesson09",
                 student: Exercises.dropLabels(_:probability:nullLabel:rng:),
                 reference: { labels, p, null, rng in LabelDropout.drop(labels, probability: p, nullLabel: null, using: &rng) },
                 check: checkDropLabels,
                 mistakes: [
                     Mistake("the wrong probability") { labels, p, null, rng in labels.map { rng.uniform() < p ? $0 : null } },
                     Mistake("replace a dropped label by nullLabel") { labels, p, _, rng in labels.map { rng.uniform() < p ? 0 : $0 } },
                     Mistake("one draw for the whole batch") { labels, p, null, rng in
                         let all = rng.uniform() < p
                         return labels.map { all ? null : $0 }
                     },
                     Mistake("left the generator in another state") { labels, p, null, rng in
                         labels.map { label in p == 0 ? label : (p == 1 ? null : (rng.uniform() < p ? null : label)) }
                     },
                 ])
    }

    public static var classifierGuidedNoise: Exercise<ClassifierGuidedNoise> {
        Exercise(name: "classifierGuidedNoise", lesson: "Lesson09",
                 student: Exercises.classifierGuidedNoise(eps:logProbabilityGradient:t:scale:alphaBars:),
                 reference: { eps, gradient, t, s, alphaBars in
                     ClassifierGuidance<IdealDenoiser, MixtureClassifier>.guidedNoise(
                         eps: eps, logProbabilityGradient: gradient, noiseRate: NoiseSchedule(alphaBars: alphaBars).sqrtOneMinusAlphaBar(t), scale: s)
                 },
                 check: checkClassifierGuidedNoise,
                 mistakes: [
                     Mistake("the sign") { eps, gradient, t, s, alphaBars in
                         zip(eps, gradient).map { $0 + (1 - alphaBars[t - 1]).squareRoot() * s * $1 }
                     },
                     Mistake("missing square root") { eps, gradient, t, s, alphaBars in
                         zip(eps, gradient).map { $0 - (1 - alphaBars[t - 1]) * s * $1 }
                     },
                     Mistake("√ᾱ_t where √(1 − ᾱ_t) belongs") { eps, gradient, t, s, alphaBars in
                         zip(eps, gradient).map { $0 - alphaBars[t - 1].squareRoot() * s * $1 }
                     },
                     Mistake("t off by one") { eps, gradient, t, s, alphaBars in
                         zip(eps, gradient).map { $0 - (1 - alphaBars[min(t, alphaBars.count - 1)]).squareRoot() * s * $1 }
                     },
                 ])
    }
}
