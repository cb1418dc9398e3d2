/// The noise-prediction networks of the workbook.
public enum ModelKind: String, CaseIterable, Sendable {
    /// Siddiqui's 2D tutorial network: 2 → width → width → 2, softplus, with a learned
    /// per-step scale on each hidden layer (a T × width table each).
    case tutorial
    /// A residual SiLU network fed x_t and a sinusoidal embedding of t, for data of any
    /// dimension (2D points or the pixels of an image).
    case residual
    /// A small convolutional U-Net for square images, on 2 × 2 patches, with the time
    /// embedding in every residual block.
    case convolutional

    /// One line on the network, for help text.
    public var summary: String {
        switch self {
        case .tutorial: return "the 2D tutorial's MLP with per-step embeddings (softplus)"
        case .residual: return "a residual SiLU MLP with a sinusoidal time embedding"
        case .convolutional: return "a two-level U-Net of 3×3 convolutions on 2×2 patches of an image"
        }
    }
}
