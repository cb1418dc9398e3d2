/// How L_simple weighs the loss of each time step.
public enum LossWeighting: Sendable, Equatable, Codable {
    /// Every t alike: L_simple as Ho et al. 2020 train it (eq. 14).
    case uniform
    /// Min-SNR-γ (Hang et al. 2023, "Efficient Diffusion Training via Min-SNR Weighting
    /// Strategy", ICCV; their weight for a network that predicts ε): the ε-loss of step t
    /// times min(SNR_t, γ)/SNR_t, where
    /// SNR_t = ᾱ_t/(1 − ᾱ_t). The steps whose signal outweighs the noise more than γ to 1 (the
    /// small t, where ε is nearly all that x_t is made of and the loss is easy to lower)
    /// count for γ/SNR_t; the noisier steps, where the network must find the image's
    /// shape, keep weight 1. The authors recommend γ = 5.
    case minSNR(gamma: Double)

    /// The weight of a step whose signal fraction is ᾱ_t.
    public func weight(alphaBar: Double) -> Double {
        switch self {
        case .uniform:
            return 1
        case .minSNR(let gamma):
            let snr = alphaBar / (1 - alphaBar)
            return min(snr, gamma) / snr
        }
    }

    /// Why the configuration is invalid, or nil.
    var problem: String? {
        if case .minSNR(let gamma) = self, !(gamma > 0 && gamma.isFinite) {
            return "the Min-SNR γ must be positive (got \(gamma))"
        }
        return nil
    }
}
