import Foundation

/// The continuous-time schedule of the Keras DDIM example (the "diffusion_schedule" there):
/// diffusion time τ ∈ [0, 1] maps to an angle φ(τ) = φ_min + τ (φ_max − φ_min), with
/// φ_min = arccos(maxSignalRate) and φ_max = arccos(minSignalRate); then
/// signal rate √ᾱ = cos φ and noise rate √(1 − ᾱ) = sin φ, so their squares always sum to 1.
/// It never reaches pure noise (√ᾱ ≥ 0.02) nor clean data (√ᾱ ≤ 0.95), which keeps the
/// network away from the two ends where predicting ε or x_0 is ill-posed.
public struct AngleSchedule: Sendable {
    /// cos φ_max, the smallest signal rate √ᾱ (at τ = 1).
    public let minSignalRate: Double
    /// cos φ_min, the largest signal rate √ᾱ (at τ = 0).
    public let maxSignalRate: Double

    /// The schedule between two signal rates (the Keras DDIM example's are 0.02 and 0.95).
    /// - Parameters:
    ///   - minSignalRate: √ᾱ at τ = 1, in (0, maxSignalRate).
    ///   - maxSignalRate: √ᾱ at τ = 0, below 1.
    public init(minSignalRate: Double = 0.02, maxSignalRate: Double = 0.95) {
        precondition(0 < minSignalRate && minSignalRate < maxSignalRate && maxSignalRate < 1,
                     "Signal rates must satisfy 0 < min < max < 1.")
        self.minSignalRate = minSignalRate
        self.maxSignalRate = maxSignalRate
    }

    /// φ(τ), linear in the diffusion time τ.
    /// - Parameter tau: Diffusion time τ in [0, 1].
    /// - Returns: φ(τ).
    public func angle(_ tau: Double) -> Double {
        let start = acos(maxSignalRate), end = acos(minSignalRate)
        return start + tau * (end - start)
    }

    /// √ᾱ(τ) = cos φ(τ).
    /// - Parameter tau: Diffusion time τ in [0, 1].
    /// - Returns: cos φ(τ).
    public func signalRate(_ tau: Double) -> Double { cos(angle(tau)) }

    /// √(1 − ᾱ(τ)) = sin φ(τ).
    /// - Parameter tau: Diffusion time τ in [0, 1].
    /// - Returns: sin φ(τ).
    public func noiseRate(_ tau: Double) -> Double { sin(angle(tau)) }

    /// ᾱ(τ) = cos² φ(τ).
    /// - Parameter tau: Diffusion time τ in [0, 1].
    /// - Returns: cos² φ(τ).
    public func alphaBar(_ tau: Double) -> Double {
        let c = signalRate(tau)
        return c * c
    }
}
