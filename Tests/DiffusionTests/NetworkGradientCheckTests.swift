import XCTest
@testable import Diffusion

/// Finite-difference gradient checks in Float. The layers compute in Float, so the check
/// uses a generous step (h = 10⁻²) with central differences, whose truncation error is
/// O(h²); the scalar loss L = Σ r ⊙ y (r a fixed random projection) is summed in Double,
/// so rounding contributes about 10⁻⁵ to a difference quotient. Analytic and numeric
/// gradients must agree to 2·10⁻³ · max(1, |g|).
enum GradientCheck {
    struct Mismatch: CustomStringConvertible {
        let index: Int
        let analytic: Double
        let numeric: Double
        var description: String { "entry \(index): analytic \(analytic), numeric \(numeric)" }
    }

    /// Entries of `analytic` that disagree with central differences of `loss` around
    /// `values`. `indices` limits the check to some entries (all by default).
    static func mismatches(values: [Float], analytic: [Float], indices: [Int]? = nil, step: Float = 1e-2,
                           tolerance: Double = 2e-3, loss: ([Float]) -> Double) -> [Mismatch] {
        precondition(values.count == analytic.count, "One analytic derivative per value is needed.")
        var probe = values
        var found: [Mismatch] = []
        for i in indices ?? Array(values.indices) {
            let up = values[i] + step, down = values[i] - step
            probe[i] = up
            let lossUp = loss(probe)
            probe[i] = down
            let lossDown = loss(probe)
            probe[i] = values[i]
            let numeric = (lossUp - lossDown) / Double(up - down)
            let exact = Double(analytic[i])
            if abs(numeric - exact) > tolerance * max(1, abs(exact)) {
                found.append(Mismatch(index: i, analytic: exact, numeric: numeric))
            }
        }
        return found
    }

    /// Σ r_i y_i in Double.
    static func project(_ y: [Float], onto r: [Float]) -> Double {
        zip(y, r).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// `count` uniform values in [−scale, scale).
    static func random(_ count: Int, scale: Double = 1, using rng: inout Xoshiro256) -> [Float] {
        (0..<count).map { _ in Float(scale * (2 * rng.uniform() - 1)) }
    }
}

final class NetworkGradientCheckTests: XCTestCase {
    /// The checker itself must catch a wrong gradient: d/dx Σ x³ is 3x², not 2x².
    func testCheckerAcceptsTheRightGradientAndRejectsAWrongOne() {
        var rng = Xoshiro256(seed: 1)
        let x = GradientCheck.random(10, using: &rng)
        let cubeSum: ([Float]) -> Double = { v in v.reduce(0) { $0 + pow(Double($1), 3) } }
        XCTAssertEqual(GradientCheck.mismatches(values: x, analytic: x.map { 3 * $0 * $0 }, loss: cubeSum).count, 0)
        XCTAssertGreaterThan(GradientCheck.mismatches(values: x, analytic: x.map { 2 * $0 * $0 }, loss: cubeSum).count, 0)
    }
}
