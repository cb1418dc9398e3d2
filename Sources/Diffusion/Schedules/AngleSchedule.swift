import Foundation

/// The continuous-time schedule of the Keras DDIM example (the "diffusion_schedule" there):
/// diffusion time τ ∈ [0, 1] maps to an angle φ(τ) = φ_min + τ (φ_max − φ_min), with
/// φ_min = arccos(maxSignalRate) and φ_max = arccos(minSignalRate); then
/// signal rate √ᾱ = cos φ and noise rate √(1 − ᾱ) = sin φ, so their squares always sum to 1.
/// It never reaches pure noise (√ᾱ ≥ 0.02) nor clean data (√ᾱ ≤ 0.95), which keeps the
/// network away from the two ends where predicting ε or x_0 is ill-posed.
public struct AngleSchedule: Sendable {
    public let minSignalRate: Double
    public let maxSignalRate: Double

    public init(minSignalRate: Double = 0.02, maxSignalRate: Double = 0.95) {
        precondition(0 < minSignalRate && minSignalRate < maxSignalRate && maxSignalRate < 1,
                     "Signal rates must satisfy 0 < min < max < 1.")
        self.minSignalRate = minSignalRate
        self.maxSignalRate = maxSignalRate
    }

    /// φ(τ), linear in the diffusion time τ.
    public func angle(_ tau: Double) -> Double {
        let start = acos(maxSignalRate), end = acos(minSignalRate)
        return start + tau * (end - start)
    }

    /// √ᾱ(τ) = cos φ(τ).
    public func signalRate(_ tau: Double) -> Double { cos(angle(tau)) }

    /// √(1 − ᾱ(τ)) = sin φ(τ).
    public func noiseRate(_ tau: Double) -> Double { sin(angle(tau)) }

    /// ᾱ(τ) = cos² φ(τ).
    public func alphaBar(_ tau: Double) -> Double {
        let c = signalRate(tau)
        return c * c
    }
}
