import ExerciseChecks
import Foundation
import XCTest

extension XCTestCase {
    /// Grades the student's implementation (the reference one with `WORKBOOK_REFERENCE=1`, the
    /// catalog's mistake that `WORKBOOK_MISTAKE` names) in a process of its own, as `swift run
    /// Grade` does: passes, fails with the check's message, fails with one line when the answer
    /// crashes or never returns (the case it was trying, and why it stopped), or skips an
    /// exercise not attempted yet. `WORKBOOK_TIME_LIMIT` sets the seconds a check may run.
    func verify<Implementation>(_ exercise: Exercise<Implementation>, file: StaticString = #filePath, line: UInt = #line) throws {
        CheckProcess.exitWhenOrphaned()
        let limit = ProcessInfo.processInfo.environment["WORKBOOK_TIME_LIMIT"].flatMap(Double.init) ?? CheckProcess.defaultTimeLimit
        let grade = CheckProcess(executable: CheckProcess.program(named: "Grade"), timeLimit: limit).grade(exercise.entry)
        switch grade.status {
        case .passed:
            return
        case .notAttempted:
            throw XCTSkip(exercise.skipMessage, file: file, line: line)
        case .failed, .crashed, .timedOut:
            XCTFail(grade.message, file: file, line: line)
        }
    }
}
