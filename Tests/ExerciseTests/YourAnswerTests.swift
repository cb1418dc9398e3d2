import ExerciseChecks
import Exercises
import Foundation
import XCTest

/// What a lesson's `--mine` says about one answer, on injected answers.
final class YourAnswerTests: InjectedAnswersTestCase {
    let qSample = Lesson02Catalog.qSample
    let x0 = [1.0, -0.5], noise = [0.3, -1.2], alphaBars = [0.9, 0.5, 0.1]

    func testARightAnswerIsUsedAndMatches() throws {
        let answer = try YourAnswer(qSample.answered(by: qSample.reference))
        XCTAssertTrue(answer.isYours)
        let reference = try qSample.reference(x0, 2, noise, alphaBars)
        let values = try answer.values(reference: reference, at: "t = 2") { try $0(x0, 2, noise, alphaBars) }
        XCTAssertEqual(values, reference)
        XCTAssertEqual(answer.report(), "✓ qSample: yours matches the reference on this cell's 2 values (largest difference 0.0)")
    }

    /// Missing square roots: x_t = ᾱ_t x_0 + (1 − ᾱ_t) ε = 0.5 · 1 + 0.5 · 0.3 = 0.65 at t = 2,
    /// where the reference gives √0.5 · 1 + √0.5 · 0.3 = 0.919239.
    func testAWrongAnswerIsDrawnAndNamed() throws {
        let wrong = qSample.mistakes.first { $0.expectedHint == "missing square root" }!
        let answer = try YourAnswer(qSample.answered(by: wrong.implementation))
        let reference = try qSample.reference(x0, 2, noise, alphaBars)
        let values = try answer.values(reference: reference, at: "t = 2") { try $0(x0, 2, noise, alphaBars) }
        XCTAssertEqual(values[0], 0.65, accuracy: 1e-12)
        let line = answer.report()
        XCTAssertTrue(line.hasPrefix("✗ qSample: yours differs from the reference, first at t = 2: yours 0.65, reference 0.919239"), line)
        XCTAssertTrue(line.contains("Likely mistake: missing square root"), line)
        XCTAssertTrue(answer.report().hasPrefix("✗ qSample: the check fails, though on this cell's 0 values"),
                      "a report starts the count afresh; the check's verdict stays")
    }

    func testNotAttemptedUsesTheReference() throws {
        let answer = try YourAnswer(qSample.answered(by: { _, _, _, _ in throw NotAttempted() }))
        XCTAssertFalse(answer.isYours)
        let values = try answer.values(reference: [7], at: "t = 2") { _ in XCTFail("not called"); return [] }
        XCTAssertEqual(values, [7])
        XCTAssertEqual(answer.report(), "qSample: not attempted yet, so this cell uses the reference (fill in Sources/Exercises/Lesson02.swift)")
    }

    func testAnAnswerThatThrowsIsAOneLineError() {
        struct Broken: Error {}
        XCTAssertThrowsError(try YourAnswer(qSample.answered(by: { _, _, _, _ in throw Broken() }))) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("your qSample (Sources/Exercises/Lesson02.swift) threw an error"), message)
            XCTAssertFalse(message.contains("\n"), message)
        }
        // Right in the check, throwing on the lesson's own input (here t = 3, the probe's).
        let picky: QSample = { x0, t, noise, alphaBars in
            if t == 3 { throw Broken() }
            return try self.qSample.reference(x0, t, noise, alphaBars)
        }
        XCTAssertThrowsError(try YourAnswer(qSample.answered(by: picky)) { f in _ = try f(self.x0, 3, self.noise, self.alphaBars) })
    }
}
