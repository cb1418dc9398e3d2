import Foundation

/// The posterior q(x_{t−1} | x_t, x_0) of one scalar, found by brute force: Bayes' rule
/// evaluated on a grid, with no Gaussian algebra. It checks Ho et al. 2020, eq. 6–7.
public struct NumericalPosterior: Sendable {
    /// Grid points x_{t−1}.
    public let grid: [Double]
    /// The normalized posterior density at each grid point.
    public let density: [Double]
    /// ∫ x p(x) dx over the grid.
    public let mean: Double
    /// ∫ (x − mean)² p(x) dx over the grid.
    public let variance: Double
}

extension NoiseSchedule {
    /// Bayes' rule on a grid: q(x_{t−1} | x_t, x_0) ∝ q(x_t | x_{t−1}) q(x_{t−1} | x_0), with
    /// q(x_{t−1} | x_0) = N(√ᾱ_{t−1} x_0, 1 − ᾱ_{t−1}) (eq. 4) and
    /// q(x_t | x_{t−1}) = N(√α_t x_{t−1}, β_t) (eq. 2). Integrals by the trapezoid rule on
    /// `points` grid points spanning ±12 standard deviations of the likelihood.
    /// Needs t ≥ 2: at t = 1, q(x_0 | x_0) is a point mass and there is nothing to integrate.
    /// - Parameters:
    ///   - x0: x_0, one value.
    ///   - xt: x_t, one value.
    ///   - t: A paper time step, 2…T.
    ///   - points: Grid points, at least 101.
    /// - Returns: The posterior on the grid, with its mean and variance.
    public func numericalPosterior(x0: Double, xt: Double, t: Int, points: Int = 20_001) -> NumericalPosterior {
        precondition(t >= 2 && t <= timesteps, "The numerical posterior needs 2 ≤ t ≤ T.")
        precondition(points >= 101, "Use at least 101 grid points.")
        let priorMean = alphaBar(t - 1).squareRoot() * x0, priorVariance = 1 - alphaBar(t - 1)
        let sqrtAlpha = alpha(t).squareRoot(), beta = self.beta(t)
        // 1. A grid around where the likelihood in x_{t−1} peaks, x_t / √α_t.
        let centre = xt / sqrtAlpha, halfWidth = 12 * (beta / alpha(t)).squareRoot()
        let step = 2 * halfWidth / Double(points - 1)
        let grid = (0..<points).map { centre - halfWidth + Double($0) * step }
        // 2. Unnormalized log density: log prior + log likelihood.
        let logDensity = grid.map { x -> Double in
            let a = x - priorMean, b = xt - sqrtAlpha * x
            return -a * a / (2 * priorVariance) - b * b / (2 * beta)
        }
        // 3. Normalize by the trapezoid rule (shifting by the maximum for stability).
        let peak = logDensity.max() ?? 0
        let unnormalized = logDensity.map { exp($0 - peak) }
        let mass = trapezoid(unnormalized, step: step)
        let density = unnormalized.map { $0 / mass }
        // 4. The first two moments.
        let mean = trapezoid(zip(grid, density).map { $0 * $1 }, step: step)
        let variance = trapezoid(zip(grid, density).map { ($0 - mean) * ($0 - mean) * $1 }, step: step)
        return NumericalPosterior(grid: grid, density: density, mean: mean, variance: variance)
    }
}

/// ∫ f over an evenly spaced grid by the trapezoid rule.
func trapezoid(_ values: [Double], step: Double) -> Double {
    guard values.count > 1 else { return 0 }
    return step * (values.reduce(0, +) - 0.5 * (values[0] + values[values.count - 1]))
}
