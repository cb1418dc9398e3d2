import XCTest
@testable import Diffusion

/// The schedules against the float64 reference numbers of `ReferenceValues` (Ho et al.
/// 2020; Nichol & Dhariwal 2021), matched to 1e-12 relative.
final class ScheduleReferenceTests: XCTestCase {
    func assertRelative(_ got: Double, _ expected: Double, _ what: String, tolerance: Double = 1e-12,
                        file: StaticString = #filePath, line: UInt = #line) {
        if expected == 0 {
            XCTAssertEqual(got, 0, "\(what): expected exactly 0", file: file, line: line)
        } else {
            let error = abs(got - expected) / abs(expected)
            XCTAssertLessThanOrEqual(error, tolerance, "\(what): got \(got), expected \(expected)", file: file, line: line)
        }
    }

    func check(_ schedule: NoiseSchedule, against rows: [ReferenceValues.Row], file: StaticString = #filePath, line: UInt = #line) {
        for row in rows {
            let t = row.t
            assertRelative(schedule.beta(t), row.beta, "β_\(t)", file: file, line: line)
            assertRelative(schedule.alphaBar(t), row.alphaBar, "ᾱ_\(t)", file: file, line: line)
            assertRelative(schedule.betaTilde(t), row.betaTilde, "β̃_\(t)", file: file, line: line)
            assertRelative(schedule.posteriorCoefX0[schedule.index(t)], row.coefX0, "coef x_0 at t = \(t)", file: file, line: line)
            assertRelative(schedule.posteriorCoefXt[schedule.index(t)], row.coefXt, "coef x_t at t = \(t)", file: file, line: line)
        }
    }

    func testLinearScheduleMatchesReference() {
        check(NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02), against: ReferenceValues.linearRows)
    }

    func testCosineScheduleMatchesReference() {
        check(NoiseSchedule(.cosine, timesteps: 1000), against: ReferenceValues.cosineRows)
    }

    func testSigmoidScheduleOfThe2DTutorialNeverReachesNoise() {
        // Siddiqui's 2D tutorial: sigmoid, T = 100, β from 1e-5 to 5e-3; ᾱ_T stays near 0.78.
        let schedule = NoiseSchedule(.sigmoid, timesteps: 100, betaStart: 1e-5, betaEnd: 5e-3)
        XCTAssertEqual(schedule.alphaBar(100), 0.78, accuracy: 0.01)
        // σ(x) + σ(−x) = 1 on the symmetric grid over [−6, 6]: β_t + β_{T+1−t} = start + end.
        for t in 1...50 {
            assertRelative(schedule.beta(t) + schedule.beta(101 - t), 2e-5 + (5e-3 - 1e-5), "β_t + β_{T+1−t}")
        }
    }

    func testQuadraticScheduleIsLinearInSquareRoot() {
        let schedule = NoiseSchedule(.quadratic, timesteps: 11, betaStart: 1e-4, betaEnd: 0.0121)
        // √β runs 0.01, 0.02, …, 0.11.
        for t in 1...11 {
            assertRelative(schedule.beta(t).squareRoot(), 0.01 * Double(t), "√β_\(t)")
        }
    }

    func testAngleScheduleSignalAndNoiseRates() {
        let angle = AngleSchedule()
        assertRelative(angle.signalRate(0), 0.95, "signal rate at τ = 0")
        assertRelative(angle.signalRate(1), 0.02, "signal rate at τ = 1")
        for tau in stride(from: 0.0, through: 1.0, by: 0.125) {
            let s = angle.signalRate(tau), n = angle.noiseRate(tau)
            assertRelative(s * s + n * n, 1, "cos² + sin² at τ = \(tau)")
        }
        // Discretized, ᾱ_t = cos² φ(t/T) is reproduced by the cumulative product of 1 − β.
        let schedule = NoiseSchedule(.angle, timesteps: 50)
        for t in [1, 7, 25, 50] {
            assertRelative(schedule.alphaBar(t), angle.alphaBar(Double(t) / 50), "ᾱ_\(t) of the angle schedule", tolerance: 1e-13 * 50)
        }
    }

    func testAlphaBarIsTheCumulativeProduct() {
        let schedule = NoiseSchedule(.linear, timesteps: 1000)
        let product = (1...1000).reduce(1.0) { $0 * (1 - schedule.beta($1)) }
        XCTAssertEqual(schedule.alphaBar(1000), product)
        XCTAssertEqual(schedule.alphaBar(0), 1)
        XCTAssertEqual(schedule.alphaBarsPrev[0], 1)
        XCTAssertEqual(schedule.alphaBarsPrev[499], schedule.alphaBars[498])
    }

    func testDerivedTablesAreConsistent() {
        let schedule = NoiseSchedule(.cosine, timesteps: 200)
        for t in schedule.steps {
            let i = schedule.index(t)
            assertRelative(schedule.sqrtAlphaBars[i] * schedule.sqrtAlphaBars[i] + schedule.sqrtOneMinusAlphaBars[i] * schedule.sqrtOneMinusAlphaBars[i], 1, "signal² + noise²", tolerance: 1e-14)
            assertRelative(exp(schedule.logSNR(t)), schedule.alphaBar(t) / (1 - schedule.alphaBar(t)), "SNR", tolerance: 1e-12)
        }
        XCTAssertEqual(schedule.logBetaTildesClipped[0], log(schedule.betaTilde(2)))
        XCTAssertEqual(schedule.logBetaTildesClipped[5], log(schedule.betaTilde(6)))
    }

    func testSNRCrossingAndPriorKL() {
        let linear = NoiseSchedule(.linear, timesteps: 1000)
        let crossing = try! XCTUnwrap(linear.snrCrossingStep)
        XCTAssertGreaterThan(linear.alphaBar(crossing - 1), 0.5)
        XCTAssertLessThanOrEqual(linear.alphaBar(crossing), 0.5)
        // ᾱ_T = 4.0358e-5: the prior KL per dimension is ½(ᾱ x² + (1 − ᾱ) − 1 − log(1 − ᾱ)).
        let alphaBarT = 4.035829765375676e-05
        let expected = 0.5 * (alphaBarT * 1 + (1 - alphaBarT) - 1 - log(1 - alphaBarT))
        assertRelative(linear.priorKL(dataScale: 1), expected, "prior KL", tolerance: 1e-9)
        // For small ᾱ_T the KL is close to ½ ᾱ_T x_0²: the signal left over is what it costs.
        XCTAssertEqual(linear.priorKL(dataScale: 1), alphaBarT / 2, accuracy: 1e-9)
        // The 2D tutorial's schedule leaves most of the signal: a large prior KL.
        let tutorial = NoiseSchedule(.sigmoid, timesteps: 100, betaStart: 1e-5, betaEnd: 5e-3)
        XCTAssertGreaterThan(tutorial.priorKL(dataScale: 1), 0.1)
        XCTAssertNil(tutorial.snrCrossingStep)
    }
}
