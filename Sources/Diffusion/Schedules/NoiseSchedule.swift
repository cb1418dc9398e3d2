import Foundation

/// A discrete noise schedule and every coefficient the forward process, the posterior and
/// the samplers read, computed once in Double when the schedule is made.
///
/// Time convention (one for the whole workbook): **t runs 1…T as in the papers.** The
/// tables are arrays with index `t − 1`; read them through the `(t)` accessors, or
/// `index(t)`, which is the only place the shift happens. ᾱ_0 = 1 by definition.
public struct NoiseSchedule: Sendable, Equatable {
    /// The kind this schedule was built from, when it came from one.
    public let kind: ScheduleKind?
    /// T, the number of forward steps.
    public let timesteps: Int

    /// β_t, the variance added at step t (Ho et al. 2020, eq. 2).
    public let betas: [Double]
    /// α_t = 1 − β_t.
    public let alphas: [Double]
    /// ᾱ_t = ∏_{s≤t} α_s (Ho et al. 2020, eq. 4).
    public let alphaBars: [Double]
    /// ᾱ_{t−1}, with ᾱ_0 = 1.
    public let alphaBarsPrev: [Double]
    /// √ᾱ_t, the signal rate of q(x_t | x_0).
    public let sqrtAlphaBars: [Double]
    /// √(1 − ᾱ_t), the noise rate of q(x_t | x_0).
    public let sqrtOneMinusAlphaBars: [Double]
    /// log SNR(t) = log(ᾱ_t / (1 − ᾱ_t)) (Kingma et al. 2021, eq. 2).
    public let logSNRs: [Double]
    /// β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the posterior variance (Ho et al. 2020, eq. 7).
    public let betaTildes: [Double]
    /// log β̃_t with β̃_1 = 0 replaced by β̃_2, so it stays finite (the DDPM code's
    /// `posterior_log_variance_clipped`).
    public let logBetaTildesClipped: [Double]
    /// β_t √ᾱ_{t−1} / (1 − ᾱ_t), the coefficient of x_0 in μ̃_t (Ho et al. 2020, eq. 7).
    public let posteriorCoefX0: [Double]
    /// (1 − ᾱ_{t−1}) √α_t / (1 − ᾱ_t), the coefficient of x_t in μ̃_t (Ho et al. 2020, eq. 7).
    public let posteriorCoefXt: [Double]

    /// A schedule of the given kind. `betaStart` and `betaEnd` are β_1 and β_T for the
    /// linear, quadratic and sigmoid kinds; the cosine and angle kinds ignore them.
    /// - Parameters:
    ///   - kind: The formula for β_t (see ``ScheduleKind``).
    ///   - timesteps: T, at least 2.
    ///   - betaStart: β_1 (Ho et al. 2020, §4: 10⁻⁴).
    ///   - betaEnd: β_T (Ho et al. 2020, §4: 0.02).
    public init(_ kind: ScheduleKind, timesteps: Int = 1000, betaStart: Double = 1e-4, betaEnd: Double = 0.02) {
        self.init(betas: kind.betas(timesteps: timesteps, betaStart: betaStart, betaEnd: betaEnd), kind: kind)
    }

    /// A schedule from explicit β_1 … β_T, each in (0, 1].
    /// - Parameters:
    ///   - betas: β_1 … β_T; index i holds β_{i+1}.
    ///   - kind: The kind they were made by, if any (recorded in checkpoints and messages).
    public init(betas: [Double], kind: ScheduleKind? = nil) {
        precondition(betas.count >= 2, "A schedule needs at least two time steps.")
        precondition(betas.allSatisfy { $0 > 0 && $0 <= 1 }, "Every β_t must lie in (0, 1].")
        self.kind = kind
        timesteps = betas.count
        self.betas = betas
        alphas = betas.map { 1 - $0 }
        var product = 1.0
        alphaBars = alphas.map { alpha in
            product *= alpha
            return product
        }
        alphaBarsPrev = [1] + alphaBars.dropLast()
        sqrtAlphaBars = alphaBars.map { $0.squareRoot() }
        sqrtOneMinusAlphaBars = alphaBars.map { (1 - $0).squareRoot() }
        logSNRs = alphaBars.map { log($0 / (1 - $0)) }
        let (betas, alphas, alphaBars, alphaBarsPrev) = (self.betas, self.alphas, self.alphaBars, self.alphaBarsPrev)
        let indices = betas.indices
        betaTildes = indices.map { i in betas[i] * (1 - alphaBarsPrev[i]) / (1 - alphaBars[i]) }
        logBetaTildesClipped = indices.map { [betaTildes] i in log(betaTildes[i == 0 ? 1 : i]) }
        posteriorCoefX0 = indices.map { i in betas[i] * alphaBarsPrev[i].squareRoot() / (1 - alphaBars[i]) }
        posteriorCoefXt = indices.map { i in (1 - alphaBarsPrev[i]) * alphas[i].squareRoot() / (1 - alphaBars[i]) }
    }

    /// The array index of paper time step t (1…T). The one place where t shifts by one.
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: t − 1.
    @inline(__always)
    public func index(_ t: Int) -> Int {
        precondition(t >= 1 && t <= timesteps, "Time step t = \(t) is outside 1…\(timesteps).")
        return t - 1
    }

    /// The time steps 1…T.
    public var steps: ClosedRange<Int> { 1...timesteps }

    /// β_t, the variance the forward step t adds (Ho et al. 2020, eq. 2).
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: β_t.
    public func beta(_ t: Int) -> Double { betas[index(t)] }
    /// α_t = 1 − β_t (Ho et al. 2020, §2).
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: α_t.
    public func alpha(_ t: Int) -> Double { alphas[index(t)] }
    /// ᾱ_t, with ᾱ_0 = 1.
    /// - Parameter t: A paper time step, 0…T.
    /// - Returns: ᾱ_t = ∏_{s≤t} α_s (Ho et al. 2020, eq. 4).
    public func alphaBar(_ t: Int) -> Double { t == 0 ? 1 : alphaBars[index(t)] }
    /// √ᾱ_t, the signal rate of q(x_t | x_0) (Ho et al. 2020, eq. 4).
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: √ᾱ_t.
    public func sqrtAlphaBar(_ t: Int) -> Double { sqrtAlphaBars[index(t)] }
    /// √(1 − ᾱ_t), the noise rate of q(x_t | x_0) (Ho et al. 2020, eq. 4).
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: √(1 − ᾱ_t).
    public func sqrtOneMinusAlphaBar(_ t: Int) -> Double { sqrtOneMinusAlphaBars[index(t)] }
    /// log SNR(t) = log(ᾱ_t / (1 − ᾱ_t)) (Kingma et al. 2021, eq. 2).
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: log SNR(t).
    public func logSNR(_ t: Int) -> Double { logSNRs[index(t)] }
    /// β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the posterior variance (Ho et al. 2020, eq. 7).
    /// - Parameter t: A paper time step, 1…T.
    /// - Returns: β̃_t (0 at t = 1).
    public func betaTilde(_ t: Int) -> Double { betaTildes[index(t)] }

    /// The first t at which SNR(t) = ᾱ_t / (1 − ᾱ_t) drops to 1 or below (signal and noise
    /// have equal variance there), or nil if it never does.
    public var snrCrossingStep: Int? {
        logSNRs.firstIndex { $0 <= 0 }.map { $0 + 1 }
    }

    /// KL(q(x_T | x_0) ‖ N(0, I)) in nats per dimension, for data with E[x_0²] = dataScale²
    /// (the prior term L_T of Ho et al. 2020, eq. 5; improved-diffusion's `_prior_bpd`).
    /// q(x_T | x_0) = N(√ᾱ_T x_0, (1 − ᾱ_T) I), so the KL is
    /// ½ (ᾱ_T x_0² + (1 − ᾱ_T) − 1 − log(1 − ᾱ_T)).
    /// - Parameter dataScale: The root mean square of the data's values.
    /// - Returns: The prior KL in nats per dimension.
    public func priorKL(dataScale: Double) -> Double {
        let alphaBarT = alphaBars[timesteps - 1]
        return 0.5 * (alphaBarT * dataScale * dataScale + (1 - alphaBarT) - 1 - log(1 - alphaBarT))
    }
}
