import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson09, where the learner's answers in Sources/Exercises/Lesson09.swift are
/// cheap next to the samplers: `guidedNoise` gives the first cell's ε̃ at its probe point (the
/// one checked against finite differences of the tilted density) and combines the exact
/// denoiser's two predictions at every step of the exact ring cell's samplers; the ring
/// network's cell drops its samples' labels with `dropLabels`, compared label by label (the
/// network itself was trained by the module); the classifier-guidance cell computes ε̂ at the
/// probe point with `classifierGuidedNoise`, beside the first cell's ε̃. The sampler's steps,
/// training and the digits stay the module's. Without `--mine`, or when not attempted, the
/// module computes.
struct Mine {
    static let help =
        "Compute the first cell's guided ε̃ and the exact ring cell's guided samples with your guidedNoise, "
        + "the classifier-guided ε̂ at the same point with your classifierGuidedNoise, and drop the ring cell's labels with "
        + "your dropLabels (Sources/Exercises/Lesson09.swift), each compared with the reference; the sampler's steps, "
        + "training and digits stay the module's; not attempted uses the reference."
    let guidedNoise: YourAnswer<GuidedNoise>?
    let dropLabels: YourAnswer<DropLabels>?
    let classifierGuidedNoise: YourAnswer<ClassifierGuidedNoise>?

    /// Runs the checks, and each answer on the lesson's edge inputs (t = 1 and t = T of
    /// `schedule`), before the lesson writes anything; the exercises carry the answers, the
    /// learner's unless a test passes others.
    init(
        enabled: Bool, schedule: NoiseSchedule, guidedNoise: Exercise<GuidedNoise> = Lesson09Catalog.guidedNoise,
        dropLabels: Exercise<DropLabels> = Lesson09Catalog.dropLabels,
        classifierGuidedNoise: Exercise<ClassifierGuidedNoise> = Lesson09Catalog.classifierGuidedNoise
    ) throws(MineError) {
        let x = [0.5, -0.5]
        self.guidedNoise = enabled ? try YourAnswer(guidedNoise) { f in _ = try f(x, x, 2) } : nil
        self.dropLabels =
            enabled
            ? try YourAnswer(dropLabels) { f in
                var rng = Xoshiro256(seed: 1)
                _ = try f([0, 1, 7], 0.2, 8, &rng)
            } : nil
        self.classifierGuidedNoise =
            enabled
            ? try YourAnswer(classifierGuidedNoise) { f in
                for t in [1, schedule.timesteps] { _ = try f(x, x, t, 2, schedule.alphaBars) }
            } : nil
    }

    /// ε̃ = (1 + w) ε(x_t, t, y) − w ε(x_t, t) (Ho & Salimans 2022, eq. 6).
    func guided(conditional: [Double], unconditional: [Double], w: Double) -> [Double] {
        let reference = ClassifierFreeGuidance<ExactConditionalDenoiser>.guidedNoise(
            conditional: conditional, unconditional: unconditional, guidanceScale: w)
        guard let guidedNoise else { return reference }
        return orFail {
            try guidedNoise.values(reference: reference, at: "w = \(Format.number(w, digits: 3))") {
                try $0(conditional, unconditional, w)
            }
        }
    }

    /// Classifier-free guidance of `model` at w, its two predictions combined by the learner's
    /// `guidedNoise` at every step (also at w = 0, where the module skips ε(x_t, t)); nil when
    /// not attempted, for the module's `ClassifierFreeGuidance`.
    func guidance<Model: ConditionalNoisePredictor>(_ model: Model, labels: [Int], w: Double) -> YourGuidance<Model>? {
        guard guidedNoise?.isYours == true else { return nil }
        return YourGuidance(model: model, labels: labels, w: w, mine: self)
    }

    /// ε̂ = ε(x_t) − √(1 − ᾱ_t) s ∇ log p(y | x_t) (Dhariwal & Nichol 2021, eq. 14).
    func classifierGuided(eps: [Double], gradient: [Double], t: Int, scale: Double, schedule: NoiseSchedule) -> [Double]
    {
        let reference = ClassifierGuidance<IdealDenoiser, MixtureClassifier>.guidedNoise(
            eps: eps, logProbabilityGradient: gradient, noiseRate: schedule.sqrtOneMinusAlphaBar(t), scale: scale)
        guard let classifierGuidedNoise else { return reference }
        return orFail {
            try classifierGuidedNoise.values(
                reference: reference, at: "t = \(t), s = \(Format.number(scale, digits: 3))"
            ) {
                try $0(eps, gradient, t, scale, schedule.alphaBars)
            }
        }
    }

    /// The labels with each replaced by `nullLabel` with probability p (Ho & Salimans 2022,
    /// Algorithm 1, line 3), yours and the reference from the same generator state.
    func drop(_ labels: [Int], probability: Double, nullLabel: Int, rng: Xoshiro256) -> [Int] {
        var referenceRNG = rng
        let reference = LabelDropout.drop(labels, probability: probability, nullLabel: nullLabel, using: &referenceRNG)
        guard let dropLabels else { return reference }
        return orFail {
            try dropLabels.values(reference: reference.map(Double.init), at: { "labels[\($0)]" }, integers: true) { f in
                var yoursRNG = rng
                return try f(labels, probability, nullLabel, &yoursRNG).map(Double.init)
            }.map { Int($0) }
        }
    }
}

/// ε̃ = (1 + w) ε(x_t, t, y) − w ε(x_t, t) (Ho & Salimans 2022, eq. 6) by the learner's
/// `guidedNoise`, compared at each step with the module's.
struct YourGuidance<Model: ConditionalNoisePredictor>: NoisePredictor {
    let model: Model
    let labels: [Int]
    let w: Double
    let mine: Mine

    var schedule: NoiseSchedule { model.schedule }

    func predictNoise(xt: [Double], t: Int, dimension: Int) -> [Double] {
        mine.guided(
            conditional: model.predictNoise(xt: xt, t: t, dimension: dimension, labels: labels),
            unconditional: model.predictNoise(xt: xt, t: t, dimension: dimension, labels: nil), w: w)
    }
}
