import ExerciseChecks
import Exercises
import Foundation
import XCTest

/// `swift run Grade`'s grading function, on injected answers: the stubs in Sources/Exercises
/// are not answered, so a right and a wrong answer come from the catalog.
final class GradeTests: InjectedAnswersTestCase {
    func testARightAndAWrongAnswerArePassedAndFailedWithTheMistakeNamed() {
        let qSample = Lesson02Catalog.qSample
        let ddpmStep = Lesson05Catalog.ddpmStep
        /// The usual slip: the step at t + 1 (betas[t] for β_t).
        let offByOne: DDPMStep = { xt, t, epsHat, z, betas, alphaBars, useBetaTilde in
            try ddpmStep.reference(xt, min(t + 1, betas.count), epsHat, z, betas, alphaBars, useBetaTilde)
        }
        let grades = grade([qSample.answered(by: qSample.reference).entry,
                            ddpmStep.answered(by: offByOne).entry,
                            Lesson01Catalog.linearBetas.answered(by: { _, _, _ in throw NotAttempted() }).entry])
        XCTAssertEqual(grades.map(\.exercise), ["qSample", "ddpmStep", "linearBetas"])
        XCTAssertEqual(grades.map(\.lesson), ["Lesson02", "Lesson05", "Lesson01"])
        XCTAssertEqual(grades.map(\.status), [.passed, .failed, .notAttempted])
        XCTAssertEqual(grades[0].hint, "")
        XCTAssertTrue(grades[1].hint.hasPrefix("Likely mistake:"), grades[1].hint)
        XCTAssertTrue(grades[1].hint.contains("t off by one"), grades[1].hint)
        XCTAssertTrue(grades[1].message.contains("Hint:"), grades[1].message)
    }

    func testAFailureWithoutANamedMistakeReportsTheHint() {
        let grades = grade([Lesson02Catalog.qSample.answered(by: { x0, _, _, _ in x0.map { $0 + 1 } }).entry])
        XCTAssertEqual(grades[0].status, .failed)
        XCTAssertEqual(grades[0].hint, "Hint: x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε, value by value, with ᾱ_t = alphaBars[t - 1].")
    }

    /// On a fresh checkout (every stub still `throw NotAttempted()`) every exercise is not
    /// attempted; once a student has answered one, this test has nothing to say and skips.
    func testAFreshCheckoutIsNotAttemptedEverywhere() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Exercises")
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasPrefix("Lesson") }
        let texts = try files.map { try String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8) }
        let functions = texts.map { $0.components(separatedBy: "\npublic func ").count - 1 }.reduce(0, +)
        let stubs = texts.map { $0.components(separatedBy: "{\n    throw NotAttempted()\n}").count - 1 }.reduce(0, +)
        guard stubs == functions else { throw XCTSkip("some exercises are answered in Sources/Exercises") }
        let grades = grade()
        XCTAssertEqual(grades.count, AllExercises.entries.count)
        XCTAssertEqual(grades.filter { $0.status != .notAttempted }.map(\.exercise), [])
    }
}
