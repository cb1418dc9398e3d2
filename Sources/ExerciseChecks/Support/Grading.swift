/// One exercise's grade, as `swift run Grade` reports it.
public struct Grade: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        case passed, failed
        case notAttempted = "not attempted"
        /// The answer trapped (an index out of range, say), or ran past `Grade`'s time limit;
        /// `Grade` runs each check in a process of its own, so the other grades stand.
        case crashed
        case timedOut = "timed out"
    }

    public let lesson: String
    public let exercise: String
    public let status: Status
    /// For a failure, the line of the message a teacher needs first: the named mistake when
    /// the check recognised one, else the hint; empty otherwise.
    public let hint: String
    /// For a failure, the whole message the student would see in `swift test`.
    public let message: String

    public init(lesson: String, exercise: String, status: Status, hint: String, message: String) {
        (self.lesson, self.exercise, self.status, self.hint, self.message) = (lesson, exercise, status, hint, message)
    }
}

extension CheckResult {
    /// The line of a failure's message that names the mistake ("Likely mistake: …"), else its
    /// hint ("Hint: …"), else its first line; nil when the check passed or was not attempted.
    public var firstHint: String? {
        guard case .failed(let message) = self else { return nil }
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.first { $0.hasPrefix("Likely mistake:") } ?? lines.first { $0.hasPrefix("Hint:") } ?? lines.first ?? message
    }
}

/// Grades every exercise in `entries` with its check, on the student's answers the entries
/// carry (Sources/Exercises unless a test injected others), or on the catalog's wrong answer
/// that `WORKBOOK_MISTAKE` names. Never throws: a failure is a grade. An answer that traps
/// (an index out of range) ends the process with one line naming it: `Grade` therefore
/// grades each exercise in a process of its own.
public func grade(_ entries: [ExerciseEntry] = AllExercises.entries) -> [Grade] {
    entries.map { entry in
        let result = guardingTraps("Grade: error: \(entry.name) (Sources/Exercises/\(entry.lesson).swift) crashed; "
                                   + "swift test --filter \(entry.lesson) shows the case") { entry.checkChosenMistake() ?? entry.checkStudent() }
        let status: Grade.Status
        switch result {
        case .passed: status = .passed
        case .failed: status = .failed
        case .notAttempted: status = .notAttempted
        }
        var message = ""
        if case .failed(let text) = result { message = text }
        return Grade(lesson: entry.lesson, exercise: entry.name, status: status, hint: result.firstHint ?? "", message: message)
    }
}

extension Exercise {
    /// The same exercise with `answer` in the student's place: how tests grade a right or a
    /// wrong answer without editing Sources/Exercises.
    public func answered(by answer: Implementation) -> Exercise {
        Exercise(name: name, lesson: lesson, student: answer, reference: reference, check: check, mistakes: mistakes)
    }
}
