import Foundation

/// One exercise as the tests, `swift run Grade` and a lesson's `--mine` see it: the student's
/// function, the reference answer built from the Diffusion module, the check that grades an
/// implementation, and plausible wrong implementations the meta-tests feed to the check.
public struct Exercise<Implementation> {
    /// The function's name in Sources/Exercises, e.g. "linearBetas".
    public let name: String
    /// The lesson that teaches it, e.g. "Lesson01"; the stub lives in Sources/Exercises/Lesson01.swift.
    public let lesson: String
    public let student: Implementation
    public let reference: Implementation
    public let check: (Implementation) -> CheckResult
    public let mistakes: [Mistake<Implementation>]

    /// What a skipped exercise tells the student.
    public var skipMessage: String {
        "\(name) not attempted yet — read \(lesson) (swift run \(lesson)), then fill in Sources/Exercises/\(lesson).swift"
    }

    /// The exercise without its implementation type, for the meta-tests and the grader.
    public var entry: ExerciseEntry {
        ExerciseEntry(name: name, lesson: lesson,
                      checkStudent: { check(student) },
                      checkReference: { check(reference) },
                      checkMistakes: { mistakes.map { ($0.expectedHint, check($0.implementation)) } })
    }
}

/// A plausible wrong implementation, and a phrase the check's failure message must contain.
public struct Mistake<Implementation> {
    public let expectedHint: String
    public let implementation: Implementation

    public init(_ expectedHint: String, _ implementation: Implementation) {
        self.expectedHint = expectedHint
        self.implementation = implementation
    }
}

/// An exercise with its implementation type erased.
public struct ExerciseEntry {
    public let name: String
    public let lesson: String
    public let checkStudent: () -> CheckResult
    public let checkReference: () -> CheckResult
    public let checkMistakes: () -> [(expectedHint: String, result: CheckResult)]
}
