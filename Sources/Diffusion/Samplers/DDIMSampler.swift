import Foundation

extension ReverseStep {
    /// Song et al. 2021, eq. 16: the noise scale of a DDIM step from ᾱ_t to ᾱ_prev,
    /// σ(η) = η √((1 − ᾱ_prev)/(1 − ᾱ_t)) √(1 − ᾱ_t/ᾱ_prev).
    /// η = 1 gives σ² = β̃_t when the step is one DDPM step; η = 0 gives the deterministic DDIM.
    public static func ddimSigma(schedule: NoiseSchedule, from t: Int, to previous: Int, eta: Double) -> Double {
        guard eta != 0 else { return 0 }
        precondition(previous < t, "Only a step down in time adds noise; got \(t) → \(previous).")
        let alphaBar = schedule.alphaBar(t), alphaBarPrev = schedule.alphaBar(previous)
        return eta * ((1 - alphaBarPrev) / (1 - alphaBar)).squareRoot() * (1 - alphaBar / alphaBarPrev).squareRoot()
    }

    /// One DDIM update, Song et al. 2021, eq. 12, from time t to time `to` (the previous
    /// element of the sub-sequence, or 0, where ᾱ_0 = 1):
    ///
    ///     x_prev = √ᾱ_prev x̂_0 + √(1 − ᾱ_prev − σ²) ε̂ + σ z,  x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t,
    ///
    /// with σ from eq. 16. With η = 0 it may also run up in time (`to` > t), which is the
    /// encoder of §4.3 (eq. 13 as an Euler step of the ODE).
    public static func ddim(schedule: NoiseSchedule, from t: Int, to previous: Int, eta: Double,
                            clipping: X0Clipping = .none) -> ReverseStep {
        precondition(eta >= 0 && eta <= 1, "η must lie in 0…1.")
        precondition(previous < t || eta == 0, "A step up in time (encoding) must be deterministic, η = 0.")
        let sigma = ddimSigma(schedule: schedule, from: t, to: previous, eta: eta)
        let alphaBarPrev = schedule.alphaBar(previous)
        // Rounding can push 1 − ᾱ_prev − σ² a hair below 0 when η = 1 at t = 1.
        let direction = max(0, 1 - alphaBarPrev - sigma * sigma).squareRoot()
        return ReverseStep(schedule: schedule, from: t, to: previous, coefXt: 0, coefEps: direction,
                           coefX0: alphaBarPrev.squareRoot(), sigma: sigma, clipping: clipping)
    }
}

/// The sampler of Song et al. 2021 (DDIM): S steps along a sub-sequence τ_1 < … < τ_S of
/// 1…T, each the update of eq. 12 with the noise scale σ(η) of eq. 16. η = 0 is the
/// deterministic DDIM; η = 1 with S = T is DDPM with σ_t² = β̃_t.
public struct DDIMSampler: Sampler {
    /// The schedule the steps were built from.
    public let schedule: NoiseSchedule
    /// S, the number of sampling steps.
    public let stepCount: Int
    /// η, which scales the noise of every step (eq. 16).
    public let eta: Double
    /// How the sub-sequence τ_1 … τ_S was chosen.
    public let spacing: TimestepSpacing
    /// Whether each step clips x̂_0.
    public let clipping: X0Clipping
    /// τ_1 < … < τ_S, in paper time.
    public let timesteps: [Int]
    /// The steps τ_S → τ_{S−1}, …, τ_2 → τ_1, τ_1 → 0.
    public let steps: [ReverseStep]

    /// A DDIM sampler with S = `steps` and η = `eta`; throws if S is outside 1…T or η
    /// outside 0…1.
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - steps: S, 1…T.
    ///   - eta: η, 0…1 (eq. 16).
    ///   - spacing: How τ_1 … τ_S are chosen (§4.2).
    ///   - clipping: Whether x̂_0 is clipped before each update.
    /// - Throws: ``SamplerSettingsError`` for S or η out of range.
    public init(schedule: NoiseSchedule, steps: Int, eta: Double, spacing: TimestepSpacing = .uniform,
                clipping: X0Clipping = .none) throws(SamplerSettingsError) {
        try Self.validate(steps: steps, eta: eta, timesteps: schedule.timesteps)
        self.schedule = schedule
        stepCount = steps
        self.eta = eta
        self.spacing = spacing
        self.clipping = clipping
        let taus = spacing.timesteps(count: steps, of: schedule.timesteps)
        timesteps = taus
        self.steps = Self.descendingSteps(schedule: schedule, timesteps: taus, eta: eta, clipping: clipping)
    }

    /// Checks the user's choices of S and η against a schedule of T steps.
    public static func validate(steps: Int, eta: Double, timesteps: Int) throws(SamplerSettingsError) {
        guard steps >= 1 else { throw .tooFewSteps(steps) }
        guard steps <= timesteps else { throw .tooManySteps(steps, timesteps: timesteps) }
        guard (0...1).contains(eta) else { throw .etaOutOfRange(eta) }
    }

    /// The DDIM steps down a sub-sequence: τ_S → τ_{S−1}, …, τ_1 → 0.
    static func descendingSteps(schedule: NoiseSchedule, timesteps: [Int], eta: Double,
                                clipping: X0Clipping) -> [ReverseStep] {
        timesteps.indices.reversed().map { i in
            ReverseStep.ddim(schedule: schedule, from: timesteps[i], to: i == 0 ? 0 : timesteps[i - 1],
                             eta: eta, clipping: clipping)
        }
    }
}
