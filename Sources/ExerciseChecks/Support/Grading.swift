/// One exercise's grade, as `swift run Grade` reports it.
public struct Grade: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        case passed, failed
        case notAttempted = "not attempted"
        /// The answer trapped (an index out of range, say), or ran past the time limit; each
        /// check runs in a process of its own (`CheckProcess`), so the other grades stand.
        case crashed
        case timedOut = "timed out"
    }

    public let lesson: String
    public let exercise: String
    public let status: Status
    /// For a failure, the line of the message a teacher needs first: the named mistake when
    /// the check recognised one, else the hint; empty otherwise.
    public let hint: String
    /// For a failure, the whole message the student sees in `swift test`; for a crash or a
    /// time-out, the one line it prints: the exercise, the case it was trying and why it stopped.
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
/// carry (Sources/Exercises unless a test injected others), on the catalog's wrong answer
/// that `WORKBOOK_MISTAKE` names, or with `WORKBOOK_REFERENCE=1` on the reference answers.
/// Never throws: a failure is a grade. An answer that traps ends the process, and one that
/// hangs never returns: `swift run Grade` and `swift test` therefore grade each exercise in a
/// process of its own (`CheckProcess`), which calls this for that one exercise.
public func grade(_ entries: [ExerciseEntry] = AllExercises.entries) -> [Grade] {
    entries.map { entry in
        let result = entry.checkChosenMistake() ?? (ReferenceSwitch.isOn ? entry.checkReference() : entry.checkStudent())
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
