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
        let convention = shift == 1
            ? " Reading alphaBars[t] is the 0-based timesteps of diffusers (t = 0…T − 1, alphas_cumprod[t]), not the "
                + "papers' t = 1…T." : ""
        return "t off by one: your answer is the right formula at step \(step) instead of t. "
            + "t runs 1…T and arrays hold step t at index t − 1 (betas[t - 1], alphaBars[t - 1])." + convention
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
/// `got` is the call itself: it runs after `call` is announced (see `announceCase`).
/// `integers` shows the values as whole numbers (labels, say): 7, not 7.0.
func expect(_ call: String, got answer: @autoclosure () throws -> [Double], expected: [Double], diagnoses: [Diagnosis] = [],
            hint: String, tolerance: Double = 1e-8, integers: Bool = false, position: (Int) -> String = { "[\($0)]" }) throws {
    announceCase(call)
    let got = try answer()
    guard !agree(got, expected, tolerance: tolerance) else { return }
    // A loose tolerance means a Float reference: show only the digits it vouches for.
    let digits = tolerance > 1e-6 ? 5 : 12
    let one: (Double) -> String = { integers && $0.isFinite ? String(Int($0)) : show($0, digits: digits) }
    var lines = ["\(call) is not right yet.",
                 "  expected: \(show(expected, each: one))",
                 "  got:      \(show(got, each: one))"]
    if got.count != expected.count {
        lines.append("  It should return \(expected.count) value\(expected.count == 1 ? "" : "s"), not \(got.count).")
    } else if got.count > 6, let i = got.indices.first(where: { !agree([got[$0]], [expected[$0]], tolerance: tolerance) }) {
        lines.append("  first difference at \(position(i)): expected \(one(expected[i])), got \(one(got[i]))")
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
func expect(_ call: String, got answer: @autoclosure () throws -> Double, expected: Double, diagnoses: [Diagnosis] = [],
            hint: String, tolerance: Double = 1e-8) throws {
    try expect(call, got: [try answer()], expected: [expected], diagnoses: diagnoses, hint: hint, tolerance: tolerance)
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
    show(values) { show($0, digits: digits) }
}

/// An array for a message, each value shown by `one`.
func show(_ values: [Double], each one: (Double) -> String) -> String {
    if values.count == 1 { return one(values[0]) }
    if values.count <= 6 { return "[" + values.map(one).joined(separator: ", ") + "]" }
    let head = values.prefix(3).map(one), tail = values.suffix(2).map(one)
    return "[" + (head + ["…"] + tail).joined(separator: ", ") + "] (\(values.count) values)"
}

/// Prints the case a check tries next, just before it calls the student's function, one
/// line on the standard error (not buffered, so a crash cannot swallow it): "▸ trying
/// qSample(x0: …, t: 10, …)". When the answer traps or never returns, the last such line names
/// the input; the process that ran the check (see `CheckProcess`) reports it. Only while a
/// student's function is graded (`CaseAnnouncements.areOn`): the meta-tests stay quiet.
func announceCase(_ call: String) {
    guard CaseAnnouncements.areOn, call != CaseAnnouncements.last else { return }  // `expectMatrix` calls `expect`
    let edge = CaseAnnouncements.edge.map { " — \($0)" } ?? ""
    (CaseAnnouncements.edge, CaseAnnouncements.last) = (nil, call)
    FileHandle.standardError.write(Data("\(CaseAnnouncements.prefix)\(call)\(edge)\n".utf8))
}

/// Notes that the next case is an edge where answers often crash (t = 1, where ᾱ_0 is not in
/// alphaBars): the next `announceCase` line says so.
func announceEdge(_ exercise: String, _ edge: String) {
    guard CaseAnnouncements.areOn else { return }
    CaseAnnouncements.edge = edge
}

public enum CaseAnnouncements {
    /// What starts every announcement line.
    public static let prefix = "▸ trying "
    /// On in the process that grades one exercise (`Grade --exercise`), off elsewhere.
    nonisolated(unsafe) public static var areOn = false
    nonisolated(unsafe) static var edge: String?
    nonisolated(unsafe) static var last: String?
}

/// `expect` for a matrix given as one array per row: first its shape, then its values.
/// `transposedHint` names the mistake when the answer is the expected matrix transposed.
func expectMatrix(_ call: String, got answer: @autoclosure () throws -> [[Double]], expected: [[Double]],
                  diagnoses: [Diagnosis] = [], hint: String, transposedHint: String, tolerance: Double = 1e-8) throws {
    announceCase(call)
    let got = try answer()
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
