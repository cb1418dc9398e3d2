import Foundation

/// One exercise a lesson computes with under `--mine`: the learner's answer where it is
/// attempted (right or wrong, so a wrong curve shows), the reference where it is not. The
/// lesson calls `compare` with both answers on the same inputs as it goes, then prints `line`.
///
/// Made before the lesson writes its first file: making it runs the exercise's check (the
/// same one `swift test` and `swift run Grade` use) and `probe`, the answer on the lesson's
/// own edge inputs, so an answer that throws or traps stops the lesson with one line naming
/// the exercise before anything is written.
public final class YourAnswer<Implementation> {
    public let exercise: Exercise<Implementation>
    /// The check's verdict on the answer in use.
    public let result: CheckResult
    private var largest = 0.0
    private var firstDifference: String?
    private var compared = 0
    /// Whether the values compared are whole numbers (labels), shown without a decimal point.
    private var integers = false

    /// The answer `--mine` runs: the learner's; the reference with `WORKBOOK_REFERENCE=1`; or,
    /// with `WORKBOOK_MISTAKE="qSample: t off by one"`, the catalog's wrong answer with that
    /// hint, so a teacher can show what a usual mistake draws. With `WORKBOOK_NOT_ATTEMPTED=1`
    /// (and no mistake named for it) none: the exercise counts as not attempted.
    /// - Throws: `MineError` when the answer throws, or `WORKBOOK_MISTAKE` names no mistake.
    public init(_ exercise: Exercise<Implementation>, probe: (Implementation) throws -> Void = { _ in }) throws(MineError) {
        var inUse = ReferenceSwitch.isOn ? exercise.answered(by: exercise.reference) : exercise
        let mistake = try MistakeOverride.implementation(for: exercise)
        if let mistake { inUse = exercise.answered(by: mistake) }
        self.exercise = inUse
        if mistake == nil && ReferenceSwitch.notAttempted {
            result = .notAttempted
            return
        }
        let crashLine = Self.crashLine(inUse)
        result = guardingTraps(crashLine) { inUse.check(inUse.student) }
        if result.threwAnError {
            throw MineError("your \(exercise.name) (Sources/Exercises/\(exercise.lesson).swift) threw an error: "
                            + "swift test --filter \(exercise.lesson) --disable-swift-testing shows where")
        }
        if isYours {
            do { try guardingTraps(crashLine) { try probe(inUse.student) } } catch {
                throw MineError("your \(exercise.name) (Sources/Exercises/\(exercise.lesson).swift) threw an error on this lesson's inputs: \(error)")
            }
        }
    }

    /// What a crash in the learner's answer prints (see `guardingTraps`).
    private static func crashLine(_ exercise: Exercise<Implementation>) -> String {
        let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? exercise.lesson
        return "\(program): error: your \(exercise.name) (Sources/Exercises/\(exercise.lesson).swift) crashed; "
            + "swift test --filter \(exercise.lesson) --disable-swift-testing shows the case"
    }

    /// Whether the lesson computes with the learner's answer (attempted, right or wrong).
    public var isYours: Bool { result != .notAttempted }
    /// The answer the lesson's cell calls.
    public var answer: Implementation { isYours ? exercise.student : exercise.reference }

    /// Records the learner's and the reference's values on the same inputs; `place` says where
    /// value i is (e.g. "t = 10"), read only for the first disagreement; `integers` shows the
    /// values as whole numbers (labels).
    public func compare(yours: [Double], reference: [Double], at place: (Int) -> String, integers: Bool = false) {
        self.integers = integers
        compared += reference.count
        guard yours.count == reference.count else {
            if firstDifference == nil { firstDifference = "\(place(0)): \(yours.count) values, not \(reference.count)" }
            largest = .infinity
            return
        }
        for (i, (a, b)) in zip(yours, reference).enumerated() {
            let difference = abs(a - b)
            if !(difference <= largest) { largest = difference.isNaN ? .infinity : difference }
            if firstDifference == nil, difference > 1e-8 * abs(b) + 1e-12 || difference.isNaN {  // as `agree`
                let one = { (v: Double) in integers && v.isFinite ? String(Int(v)) : show(v, digits: 6) }
                firstDifference = "\(place(i)): yours \(one(a)), reference \(one(b))"
            }
        }
    }

    /// The values a cell draws: the learner's answer, run by `yours` and compared with
    /// `reference` (the module's values on the same inputs); the reference when not attempted.
    /// `place` says where value i is, for the line the lesson prints.
    /// - Throws: `MineError` when the learner's answer throws on the lesson's input, or returns
    ///   a different number of values.
    public func values(reference: [Double], at place: (Int) -> String, integers: Bool = false,
                       _ yours: (Implementation) throws -> [Double]) throws(MineError) -> [Double] {
        guard isYours else { return reference }
        let where_ = "your \(exercise.name) (Sources/Exercises/\(exercise.lesson).swift)"
        let values: [Double]
        do {
            values = try guardingTraps(Self.crashLine(exercise)) { try yours(answer) }
        } catch {
            throw MineError("\(where_) threw an error at \(place(0)): \(error)")
        }
        guard values.count == reference.count else {
            throw MineError("\(where_) returned \(values.count) values at \(place(0)), not \(reference.count)")
        }
        compare(yours: values, reference: reference, at: place, integers: integers)
        return values
    }

    /// `values(reference:at:_:)` for one place, e.g. "t = 10".
    public func values(reference: [Double], at place: @autoclosure () -> String,
                       _ yours: (Implementation) throws -> [Double]) throws(MineError) -> [Double] {
        try values(reference: reference, at: { _ in place() }, yours)
    }

    /// The one line a lesson prints for this exercise after a cell: ✓ with the largest
    /// difference, ✗ with where it differs and the check's named mistake (or hint), or "not
    /// attempted". Starts the count afresh for the next cell.
    public func report() -> String {
        defer { (largest, firstDifference, compared) = (0, nil, 0) }
        let name = exercise.name
        switch result {
        case .notAttempted:
            return "\(name): not attempted yet, so this cell uses the reference (fill in Sources/Exercises/\(exercise.lesson).swift)"
        case .passed:
            return "✓ \(name): yours matches the reference on this cell's \(compared) values (largest difference \(show(largest, digits: 2)))"
        case .failed:
            let hint = result.firstHint ?? ""
            guard let firstDifference else {
                return "✗ \(name): the check fails, though on this cell's \(compared) values yours matches the reference "
                    + "(largest difference \(show(largest, digits: 2))). \(hint)"
            }
            return "✗ \(name): yours differs from the reference, first at \(firstDifference) (largest difference "
                + "\(integers && largest.isFinite ? String(Int(largest)) : show(largest, digits: 3))). \(hint)"
        }
    }
}

/// Why a lesson's `--mine` cannot run; the lesson prints it as a one-line error.
public struct MineError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
