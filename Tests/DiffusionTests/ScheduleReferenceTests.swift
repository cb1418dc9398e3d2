import XCTest
@testable import Diffusion

/// Float64 reference numbers, computed outside Swift and kept in this file (Ho et al. 2020; Nichol &
/// Dhariwal 2021), matched to 1e-12 relative.
final class ScheduleReferenceTests: XCTestCase {
    struct Row { let t: Int; let beta, alphaBar, betaTilde, coefX0, coefXt: Double }

    let linearRows = [
        Row(t: 1, beta: 1.000000000000000e-04, alphaBar: 9.999000000000000e-01, betaTilde: 0, coefX0: 1.000000000000110e+00, coefXt: 0),
        Row(t: 2, beta: 1.199199199199199e-04, alphaBar: 9.997800920720721e-01, betaTilde: 5.453187661302193e-05, coefX0: 5.452914995102903e-01, coefXt: 4.547084989905303e-01),
        Row(t: 10, beta: 2.792792792792793e-04, alphaBar: 9.981052047858344e-01, betaTilde: 2.381820278234531e-04, coefX0: 1.472737174308455e-01, coefXt: 8.527262261023779e-01),
        Row(t: 100, beta: 2.072072072072072e-03, alphaBar: 8.970181456749600e-01, betaTilde: 2.034596259490786e-03, coefX0: 1.907634531731179e-02, coefXt: 9.808960213164570e-01),
        Row(t: 488, beta: 9.801001001001000e-03, alphaBar: 8.858573232059309e-02, betaTilde: 9.791571985690041e-03, coefX0: 3.216438552813049e-03, coefXt: 9.941301128045488e-01),
        Row(t: 1000, beta: 2.000000000000000e-02, alphaBar: 4.035829765375676e-05, betaTilde: 1.999998352656061e-02, coefX0: 1.283514871722468e-04, coefXt: 9.899486782675173e-01),
    ]

    let cosineRows = [
        Row(t: 1, beta: 4.128422482196914e-05, alphaBar: 9.999587157751780e-01, betaTilde: 0, coefX0: 1.000000000000000e+00, coefXt: 0),
        Row(t: 2, beta: 4.614175273665033e-05, alphaBar: 9.999125759273678e-01, betaTilde: 2.178949614569182e-05, coefX0: 5.277814093344871e-01, coefXt: 4.722185904267593e-01),
        Row(t: 10, beta: 8.501117934167635e-05, alphaBar: 9.993687184016583e-01, betaTilde: 7.356945118997592e-05, coefX0: 1.346276445759206e-01, coefXt: 8.653723496168824e-01),
        Row(t: 100, beta: 5.269048088566430e-04, alphaBar: 9.720927371139696e-01, betaTilde: 5.172290804028280e-04, coefX0: 1.862015166334651e-02, coefXt: 9.813780184044767e-01),
        Row(t: 488, beta: 3.030568438702641e-03, alphaBar: 5.125449999747288e-01, betaTilde: 3.020882006985139e-03, coefX0: 4.457739091582073e-03, coefXt: 9.952921703608526e-01),
        Row(t: 1000, beta: 9.990000000000000e-01, alphaBar: 2.428766907034857e-09, betaTilde: 9.989975760881921e-01, coefX0: 1.556891715490170e-03, coefXt: 3.162269987413465e-02),
    ]

    func assertRelative(_ got: Double, _ expected: Double, _ what: String, tolerance: Double = 1e-12,
                        file: StaticString = #filePath, line: UInt = #line) {
        if expected == 0 {
            XCTAssertEqual(got, 0, "\(what): expected exactly 0", file: file, line: line)
        } else {
            let error = abs(got - expected) / abs(expected)
            XCTAssertLessThanOrEqual(error, tolerance, "\(what): got \(got), expected \(expected)", file: file, line: line)
        }
    }

    func check(_ schedule: NoiseSchedule, against rows: [Row], file: StaticString = #filePath, line: UInt = #line) {
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
        check(NoiseSchedule(.linear, timesteps: 1000, betaStart: 1e-4, betaEnd: 0.02), against: linearRows)
    }

    func testCosineScheduleMatchesReference() {
        check(NoiseSchedule(.cosine, timesteps: 1000), against: cosineRows)
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
