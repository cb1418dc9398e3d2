import Foundation

/// A usual wrong answer and how to recognise it: the values it gives for the input at hand
/// (nil where that mistake does not apply, e.g. step t + 1 at t = T).
struct Diagnosis {
    let hint: String
    let values: [Double]?

    init(_ hint: String, _ values: [Double]?) {
        self.hint = hint
        self.values = values
    }

    init(_ hint: String, _ value: Double?) {
        self.init(hint, value.map { [$0] })
    }

    /// The same mistake with `extra` added value by value (e.g. a wrong mean plus the right σ z).
    func adding(_ extra: [Double]) -> Diagnosis {
        Diagnosis(hint, values.map { each($0, extra, +) })
    }

    /// The right formula evaluated at step t + shift instead of t (shift = ±1), when that step exists.
    static func offByOne(_ shift: Int, _ valuesAt: (Int) -> [Double]?) -> Diagnosis {
        Diagnosis(offByOneHint(shift), valuesAt(shift))
    }

    static func offByOneHint(_ shift: Int) -> String {
        let step = shift > 0 ? "t + \(shift)" : "t − \(-shift)"
        return "t off by one: your answer is the right formula at step \(step) instead of t. "
            + "t runs 1…T and arrays hold step t at index t − 1 (betas[t - 1], alphaBars[t - 1])."
    }

    /// Both off-by-one diagnoses, for the steps among t ± 1 that lie in `steps`.
    static func offByOne(at t: Int, in steps: ClosedRange<Int>, _ valuesAt: (Int) -> [Double]) -> [Diagnosis] {
        [-1, 1].map { shift in offByOne(shift) { steps.contains(t + $0) ? valuesAt(t + $0) : nil } }
    }
}

/// Values agree when they differ by at most `tolerance` relative (plus 1e-12 absolute). The
/// default 1e-8 lies far below any mistake and far above the rounding of a different but
/// right order of operations; a reference computed in Float needs a looser one.
func agree(_ a: [Double], _ b: [Double], tolerance: Double = 1e-8) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * abs($1) + 1e-12 }
}

/// Compares one call's answer with the expected values. Throws `WrongAnswer` with the input,
/// both values, the usual mistake it matches (if any) and the hint.
/// `position` names an index in messages, e.g. "[4] (t = 5)" for arrays over the steps.
func expect(_ call: String, got: [Double], expected: [Double], diagnoses: [Diagnosis] = [], hint: String,
            tolerance: Double = 1e-8, position: (Int) -> String = { "[\($0)]" }) throws {
    guard !agree(got, expected, tolerance: tolerance) else { return }
    var lines = ["\(call) is not right yet.",
                 "  expected: \(show(expected))",
                 "  got:      \(show(got))"]
    if got.count != expected.count {
        lines.append("  It should return \(expected.count) value\(expected.count == 1 ? "" : "s"), not \(got.count).")
    } else if got.count > 6, let i = got.indices.first(where: { !agree([got[$0]], [expected[$0]], tolerance: tolerance) }) {
        lines.append("  first difference at \(position(i)): expected \(show(expected[i])), got \(show(got[i]))")
    }
    if got.contains(where: \.isNaN) {
        lines.append("  Your answer contains NaN (not a number): usually the square root of a negative number, or 0/0.")
    }
    if let known = diagnoses.first(where: { $0.values.map { agree(got, $0, tolerance: tolerance) } ?? false }) {
        lines.append("  Likely mistake: \(known.hint)")
    }
    lines.append("  Hint: \(hint)")
    throw WrongAnswer(message: lines.joined(separator: "\n"))
}

/// `expect` for an exercise that returns one number.
func expect(_ call: String, got: Double, expected: Double, diagnoses: [Diagnosis] = [], hint: String,
            tolerance: Double = 1e-8) throws {
    try expect(call, got: [got], expected: [expected], diagnoses: diagnoses, hint: hint, tolerance: tolerance)
}

/// Index i of an array over the steps, with its step: "[4] (t = 5)".
func stepPosition(_ i: Int) -> String { "[\(i)] (t = \(i + 1))" }

/// A number for a message, to 12 significant digits: enough to show any difference the
/// checks flag, without the last digits' rounding noise (0.9999999999999991 shows as 1.0).
func show(_ value: Double) -> String {
    value.isFinite ? "\(Double(String(format: "%.12g", value)) ?? value)" : "\(value)"
}

/// An array for a message: all of it when short, its ends when long.
func show(_ values: [Double]) -> String {
    if values.count == 1 { return show(values[0]) }
    if values.count <= 6 { return "[" + values.map(show).joined(separator: ", ") + "]" }
    let head = values.prefix(3).map(show), tail = values.suffix(2).map(show)
    return "[" + (head + ["…"] + tail).joined(separator: ", ") + "] (\(values.count) values)"
}

/// Prints which edge case a check tries next, just before it calls the student's function.
/// An index out of range stops the whole test run with no message of ours; this line, the
/// last one printed, tells the student which case to look at. It goes to the standard
/// error, which is not buffered, so a crash cannot swallow it. Only while a student's
/// function is graded (see `verify`): the meta-tests stay quiet.
func announceEdge(_ exercise: String, _ edge: String) {
    guard EdgeAnnouncements.areOn else { return }
    let line = "▸ \(exercise): now trying \(edge). If the tests stop right here with “Index out of range”, look at that case.\n"
    FileHandle.standardError.write(Data(line.utf8))
}

enum EdgeAnnouncements {
    @TaskLocal static var areOn = false
}
