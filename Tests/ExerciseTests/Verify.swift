import ExerciseChecks
import Foundation
import XCTest

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
