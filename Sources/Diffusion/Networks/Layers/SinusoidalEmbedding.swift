import Foundation

/// The sinusoidal position encoding of Vaswani et al. 2017 (§3.5), which DDPM uses to tell
/// its network the time step (Ho et al. 2020, Appendix B). With h = d/2 frequencies
/// ω_i = 10000^(−i/(h−1)), i = 0…h−1, a time t maps to
/// PE(t) = [sin(ω_0 t), …, sin(ω_{h−1} t), cos(ω_0 t), …, cos(ω_{h−1} t)].
/// The layer has no parameters; its input t is a real number, so it also has a gradient.
struct SinusoidalEmbedding: Sendable {
    let dimension: Int
    let frequencies: [Double]

    init(dimension: Int) {
        precondition(dimension >= 4 && dimension % 2 == 0, "A sinusoidal embedding needs an even dimension of at least 4.")
        self.dimension = dimension
        let half = dimension / 2
        frequencies = (0..<half).map { i in pow(10_000, -Double(i) / Double(half - 1)) }
    }

    /// PE(t) for each of `rows` times, one row of `dimension` floats per time.
    func forward(_ times: UnsafePointer<Float>, rows: Int, into y: UnsafeMutablePointer<Float>) {
        let half = dimension / 2
        for r in 0..<rows {
            let t = Double(times[r]), row = y + r * dimension
            for (i, omega) in frequencies.enumerated() {
                row[i] = Float(sin(omega * t))
                row[half + i] = Float(cos(omega * t))
            }
        }
    }

    /// ∂L/∂t = Σ_i ω_i (cos(ω_i t) ∂L/∂PE_i − sin(ω_i t) ∂L/∂PE_{h+i}) for each time.
    func backward(_ times: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                  into dt: UnsafeMutablePointer<Float>) {
        let half = dimension / 2
        for r in 0..<rows {
            let t = Double(times[r]), row = dy + r * dimension
            var sum = 0.0
            for (i, omega) in frequencies.enumerated() {
                sum += omega * (cos(omega * t) * Double(row[i]) - sin(omega * t) * Double(row[half + i]))
            }
            dt[r] = Float(sum)
        }
    }

    /// PE(t) for t = 1…T, row t − 1 holding PE(t): the networks look rows up instead of
    /// evaluating sines in the training loop.
    func table(timesteps: Int) -> [Float] {
        let times = (1...timesteps).map { Float($0) }
        return [Float](unsafeUninitializedCapacity: timesteps * dimension) { buffer, count in
            forward(times, rows: timesteps, into: buffer.baseAddress!)
            count = timesteps * dimension
        }
    }
}
