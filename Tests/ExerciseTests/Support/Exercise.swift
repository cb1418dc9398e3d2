import Foundation
import XCTest

/// One exercise as the tests see it: the student's function, the reference answer built
/// from the Diffusion module, the check that grades an implementation, and plausible wrong
/// implementations the meta-tests feed to the check.
struct Exercise<Implementation> {
    /// The function's name in Sources/Exercises, e.g. "linearBetas".
    let name: String
    /// The lesson that teaches it, e.g. "Lesson01"; the stub lives in Sources/Exercises/Lesson01.swift.
    let lesson: String
    let student: Implementation
    let reference: Implementation
    let check: (Implementation) -> CheckResult
    let mistakes: [Mistake<Implementation>]

    /// What a skipped exercise tells the student.
    var skipMessage: String {
        "\(name) not attempted yet — read \(lesson) (swift run \(lesson)), then fill in Sources/Exercises/\(lesson).swift"
    }

    /// The exercise without its implementation type, for the meta-tests.
    var entry: ExerciseEntry {
        ExerciseEntry(name: name, lesson: lesson,
                      checkReference: { check(reference) },
                      checkMistakes: { mistakes.map { ($0.expectedHint, check($0.implementation)) } })
    }
}

/// A plausible wrong implementation, and a phrase the check's failure message must contain.
struct Mistake<Implementation> {
    let expectedHint: String
    let implementation: Implementation

    init(_ expectedHint: String, _ implementation: Implementation) {
        self.expectedHint = expectedHint
        self.implementation = implementation
    }
}

/// An exercise with its implementation type erased.
struct ExerciseEntry {
    let name: String
    let lesson: String
    let checkReference: () -> CheckResult
    let checkMistakes: () -> [(expectedHint: String, result: CheckResult)]
}

/// `WORKBOOK_REFERENCE=1` points the exercise tests at the reference answers, so a teacher
/// sees every exercise pass without filling anything in.
enum ReferenceSwitch {
    static var isOn: Bool {
        guard let value = ProcessInfo.processInfo.environment["WORKBOOK_REFERENCE"]?.lowercased() else { return false }
        return ["1", "true", "yes"].contains(value)
    }
}

extension XCTestCase {
    /// Grades the student's implementation (or the reference one, with `WORKBOOK_REFERENCE=1`):
    /// passes, fails with the check's message, or skips an exercise not attempted yet.
    func verify<Implementation>(_ exercise: Exercise<Implementation>, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = ReferenceSwitch.isOn
            ? exercise.check(exercise.reference)
            : EdgeAnnouncements.$areOn.withValue(true) { exercise.check(exercise.student) }
        switch result {
        case .passed:
            return
        case .notAttempted:
            throw XCTSkip(exercise.skipMessage, file: file, line: line)
        case .failed(let message):
            XCTFail(message, file: file, line: line)
        }
    }
}
