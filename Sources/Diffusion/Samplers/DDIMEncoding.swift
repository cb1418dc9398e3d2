/// The deterministic DDIM as an invertible map between data and noise (Song et al. 2021,
/// §4.3): eq. 13 is an Euler discretization of an ODE, so running the η = 0 update up the
/// same sub-sequence encodes x_0 into x_{τ_S}, and decoding that with η = 0 gives x_0 back,
/// up to the discretization error, which shrinks as S grows.
extension DDIMSampler {
    /// The η = 0 steps up the sub-sequence: 0 → τ_1, τ_1 → τ_2, …, τ_{S−1} → τ_S. Each asks the
    /// predictor for ε̂ at its lower end (at τ_1 for the first step, as t = 0 has no ε̂).
    public var encodingSteps: [ReverseStep] {
        timesteps.indices.map { i in
            ReverseStep.ddim(schedule: schedule, from: i == 0 ? 0 : timesteps[i - 1], to: timesteps[i], eta: 0)
        }
    }

    /// The η = 0 steps down the sub-sequence, whatever this sampler's η (and with its clipping).
    public var decodingSteps: [ReverseStep] {
        eta == 0 ? steps : Self.descendingSteps(schedule: schedule, timesteps: timesteps, eta: 0, clipping: clipping)
    }

    /// Encodes data x_0 (flat, sample after sample) into the latent x_{τ_S}. Never clips.
    /// - Parameters:
    ///   - predictor: ε_θ, on this sampler's schedule.
    ///   - x0: The data, flat, a whole number of samples.
    ///   - dimension: Values per sample.
    ///   - record: Which intermediate states to keep.
    /// - Returns: The latents x_{τ_S}, flat, and the kept states.
    public func encode(predictor: some NoisePredictor, x0: [Double], dimension: Int,
                       record: TrajectoryRecording = .none) -> SamplingResult {
        precondition(dimension > 0 && x0.count % dimension == 0, "x_0 must hold a whole number of samples of dimension \(dimension).")
        precondition(predictor.schedule == schedule, "The predictor and the sampler must use the same noise schedule.")
        return runChain(encodingSteps, predictor: predictor, start: x0, dimension: dimension, streams: nil, record: record)
    }

    /// Decodes a latent x_{τ_S} into data with the deterministic (η = 0) update.
    /// - Parameters:
    ///   - predictor: ε_θ, on this sampler's schedule.
    ///   - xT: The latents, flat, a whole number of samples.
    ///   - dimension: Values per sample.
    ///   - record: Which intermediate states to keep.
    /// - Returns: The decoded data x_0, flat, and the kept states.
    public func decode(predictor: some NoisePredictor, xT: [Double], dimension: Int,
                       record: TrajectoryRecording = .none) -> SamplingResult {
        precondition(dimension > 0 && xT.count % dimension == 0, "x_T must hold a whole number of samples of dimension \(dimension).")
        precondition(predictor.schedule == schedule, "The predictor and the sampler must use the same noise schedule.")
        return runChain(decodingSteps, predictor: predictor, start: xT, dimension: dimension, streams: nil, record: record)
    }
}
