import Diffusion

/// A schedule the checks hand to the exercises, with the words a message uses for it.
struct ScheduleFixture {
    let schedule: NoiseSchedule
    let description: String

    /// Ten linear steps with large β, so every coefficient is far from 0 and 1 and every
    /// mistake shows.
    static let small = ScheduleFixture(.linear, timesteps: 10, betaStart: 0.01, betaEnd: 0.2)
    /// The DDPM paper's schedule: T = 1000, β from 10⁻⁴ to 0.02.
    static let ddpm = ScheduleFixture(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02)
    /// The cosine schedule with T = 50.
    static let cosine = ScheduleFixture(.cosine, timesteps: 50, betaStart: 1e-4, betaEnd: 0.02)

    init(_ kind: ScheduleKind, timesteps: Int, betaStart: Double, betaEnd: Double) {
        schedule = NoiseSchedule(kind, timesteps: timesteps, betaStart: betaStart, betaEnd: betaEnd)
        description = kind.usesBetaRange
            ? "\(kind) schedule, T = \(timesteps), β from \(betaStart) to \(betaEnd)"
            : "\(kind) schedule, T = \(timesteps)"
    }

    var timesteps: Int { schedule.timesteps }
    /// In a call's description: "betas: β of the linear schedule, T = 10, …".
    var betas: String { "betas: β of the \(description)" }
    var alphaBars: String { "alphaBars: ᾱ of the \(description)" }
}

/// Data the checks hand to the exercises: short, with both signs, so messages stay readable.
enum Sample {
    static let x0: [Double] = [1.0, -0.5, 2.0]
    static let xt: [Double] = [0.8, 0.1, -1.5]
    static let noise: [Double] = [0.3, -1.2, 0.7]
    /// Fresh noise for the reverse steps, different from `noise` so a mix-up shows.
    static let z: [Double] = [-0.4, 0.9, 1.1]
}

/// `zip(a, b).map(f)`: a formula applied value by value.
func each(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
    zip(a, b).map(f)
}
