import Exercises

/// What a check says about one implementation of an exercise.
public enum CheckResult: Equatable, Sendable {
    case passed
    /// The whole message a student sees: the input, the expected and the computed values, a hint.
    case failed(String)
    /// The implementation still throws `NotAttempted`.
    case notAttempted

    static let threwPhrase = " threw an error instead of returning a value: "

    /// Whether the implementation threw an error other than `NotAttempted`: a lesson's
    /// `--mine` stops on it, since it has no values to draw.
    public var threwAnError: Bool {
        if case .failed(let message) = self { return message.contains(CheckResult.threwPhrase) }
        return false
    }
}

/// A wrong answer found by a check; `message` is what the student reads.
struct WrongAnswer: Error {
    let message: String
}

/// Runs a check's body against an implementation. The body calls the implementation and
/// throws `WrongAnswer` at the first wrong value; `NotAttempted` from the implementation
/// means the student has not started, and any other error is reported as a failure.
public func evaluate(_ exercise: String, _ body: () throws -> Void) -> CheckResult {
    do {
        try body()
        return .passed
    } catch is NotAttempted {
        return .notAttempted
    } catch let wrong as WrongAnswer {
        return .failed(wrong.message)
    } catch {
        return .failed("\(exercise)\(CheckResult.threwPhrase)\(error)")
    }
}
