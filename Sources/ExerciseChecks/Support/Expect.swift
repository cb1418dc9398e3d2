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
    // A loose tolerance means a Float reference: show only the digits it vouches for.
    let digits = tolerance > 1e-6 ? 5 : 12
    var lines = ["\(call) is not right yet.",
                 "  expected: \(show(expected, digits: digits))",
                 "  got:      \(show(got, digits: digits))"]
    if got.count != expected.count {
        lines.append("  It should return \(expected.count) value\(expected.count == 1 ? "" : "s"), not \(got.count).")
    } else if got.count > 6, let i = got.indices.first(where: { !agree([got[$0]], [expected[$0]], tolerance: tolerance) }) {
        lines.append("  first difference at \(position(i)): expected \(show(expected[i], digits: digits)), got \(show(got[i], digits: digits))")
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

/// A number for a message, to 12 significant digits by default: enough to show any difference
/// the checks flag, without the last digits' rounding noise (0.9999999999999991 shows as 1.0).
func show(_ value: Double, digits: Int = 12) -> String {
    value.isFinite ? "\(Double(String(format: "%.\(digits)g", value)) ?? value)" : "\(value)"
}

/// An array for a message: all of it when short, its ends when long.
func show(_ values: [Double], digits: Int = 12) -> String {
    let one = { (value: Double) in show(value, digits: digits) }
    if values.count == 1 { return one(values[0]) }
    if values.count <= 6 { return "[" + values.map(one).joined(separator: ", ") + "]" }
    let head = values.prefix(3).map(one), tail = values.suffix(2).map(one)
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

public enum EdgeAnnouncements {
    @TaskLocal public static var areOn = false
}

/// `expect` for a matrix given as one array per row: first its shape, then its values.
/// `transposedHint` names the mistake when the answer is the expected matrix transposed.
func expectMatrix(_ call: String, got: [[Double]], expected: [[Double]], diagnoses: [Diagnosis] = [], hint: String,
                  transposedHint: String, tolerance: Double = 1e-8) throws {
    func shape(_ m: [[Double]]) -> String {
        let widths = Set(m.map(\.count))
        return "\(m.count) arrays of \(widths.count == 1 ? "\(widths.first!)" : "\(widths.sorted())") values"
    }
    let columns = expected.first?.count ?? 0
    guard got.count == expected.count && got.allSatisfy({ $0.count == columns }) else {
        let transposed = got.count == columns && got.allSatisfy { $0.count == expected.count }
            && agree(Array(got.joined()), (0..<columns).flatMap { j in expected.map { $0[j] } }, tolerance: tolerance)
        var lines = ["\(call) has the wrong shape.",
                     "  expected: \(shape(expected))",
                     "  got:      \(shape(got))"]
        if transposed { lines.append("  Likely mistake: \(transposedHint)") }
        lines.append("  Hint: \(hint)")
        throw WrongAnswer(message: lines.joined(separator: "\n"))
    }
    try expect(call, got: Array(got.joined()), expected: Array(expected.joined()), diagnoses: diagnoses, hint: hint,
               tolerance: tolerance, position: { "[\($0 / columns)][\($0 % columns)]" })
}
