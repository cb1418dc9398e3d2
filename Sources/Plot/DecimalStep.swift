import Foundation

/// Exact decimal arithmetic for tick values: a tick is `index × mantissa × 10^exponent`,
/// computed with integers and one correctly rounded multiply or divide by an exact power of
/// ten, so 3 × 0.1 comes out as 0.3 rather than 0.30000000000000004.
struct DecimalStep: Equatable {
    /// 1, 2, 5 or 25 (the last one with the exponent lowered by one, i.e. 2.5).
    let mantissa: Int
    let exponent: Int

    /// The step as a Double.
    var value: Double { DecimalStep.scaled(Double(mantissa), exponent) }

    /// `index × step`, without float noise.
    func tick(_ index: Int) -> Double {
        DecimalStep.scaled(Double(index * mantissa), exponent)
    }

    /// `x × 10^exponent`, exact for integer `x` when the result is a short decimal.
    static func scaled(_ x: Double, _ exponent: Int) -> Double {
        exponent >= 0 ? x * powerOfTen(exponent) : x / powerOfTen(-exponent)
    }

    /// 10^n; exact for 0 ≤ n ≤ 22 (every power of ten up to 1e22 is a Double).
    static func powerOfTen(_ n: Int) -> Double {
        if n < 0 { return 1 / powerOfTen(-n) }
        if n > 22 { return pow(10, Double(n)) }
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// The "nice" steps (1, 2, 2.5, 5 × 10^k) near a range of width `span`.
    static func candidates(for span: Double) -> [DecimalStep] {
        let k = Int(floor(log10(span)))
        var steps: [DecimalStep] = []
        for e in (k - 2)...(k + 1) {
            steps += [DecimalStep(mantissa: 1, exponent: e), DecimalStep(mantissa: 2, exponent: e),
                      DecimalStep(mantissa: 25, exponent: e - 1), DecimalStep(mantissa: 5, exponent: e)]
        }
        return steps
    }

    /// The first and last tick indices inside `lo...hi` (`outward`: the smallest run that covers it).
    func indices(_ lo: Double, _ hi: Double, outward: Bool) -> ClosedRange<Int>? {
        let step = value
        let tolerance = 1e-9
        let first = outward ? floor(lo / step + tolerance) : ceil(lo / step - tolerance)
        let last = outward ? ceil(hi / step - tolerance) : floor(hi / step + tolerance)
        guard first.isFinite, last.isFinite, first <= last, abs(first) < 1e15, abs(last) < 1e15 else { return nil }
        return Int(first)...Int(last)
    }

    /// The nice step whose ticks over `lo...hi` number 4–8, preferring about 6 and
    /// 1-2-5 steps over 2.5.
    static func best(_ lo: Double, _ hi: Double, outward: Bool) -> DecimalStep? {
        let span = hi - lo
        guard span > 0, span.isFinite else { return nil }
        var best: (step: DecimalStep, score: Double)?
        for step in candidates(for: span) {
            guard let range = step.indices(lo, hi, outward: outward) else { continue }
            let count = range.count
            var score = Double(abs(count - 6)) + (step.mantissa == 25 ? 0.5 : 0)
            if !(4...8).contains(count) { score += 100 }
            if best == nil || score < best!.score { best = (step, score) }
        }
        return best?.step
    }
}
