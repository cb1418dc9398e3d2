import Foundation

/// Tick positions for linear and logarithmic axes.
enum Ticks {
    /// 4–8 nice ticks (1, 2, 2.5, 5 × 10^k) inside `lo...hi`.
    static func linear(_ lo: Double, _ hi: Double) -> [Double] {
        guard let step = DecimalStep.best(lo, hi, outward: false),
              let range = step.indices(lo, hi, outward: false) else { return lo.isFinite ? [lo] : [] }
        return range.map(step.tick)
    }

    /// `lo...hi` widened outward to the nearest nice ticks (for automatic ranges), with the
    /// tick step chosen for the range `wide` (default: `lo...hi` itself).
    static func extendedLinear(_ lo: Double, _ hi: Double, stepFor wide: ClosedRange<Double>? = nil) -> ClosedRange<Double> {
        let wide = wide ?? lo...hi
        guard let step = DecimalStep.best(wide.lowerBound, wide.upperBound, outward: true),
              let range = step.indices(lo, hi, outward: true) else { return lo...hi }
        return step.tick(range.lowerBound)...step.tick(range.upperBound)
    }

    /// Ticks for a log axis over positive `lo...hi`: powers of ten (every n-th exponent, multiples
    /// of n, if there are more than 8); within about a decade, 1-2-5 multiples; failing that, linear ticks.
    static func log(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return linear(lo, hi) }
        let first = Int(ceil(log10(lo) - 1e-9)), last = Int(floor(log10(hi) + 1e-9))
        if last - first + 1 >= 2 {
            let stride = (last - first + 8) / 8  // ceil(count / 8)
            return (first...last).filter { ($0 % stride + stride) % stride == 0 }.map(DecimalStep.powerOfTen)
        }
        let multiples = (first - 1...last).flatMap { e in [1, 2, 5].map { DecimalStep.scaled(Double($0), e) } }
        let inside = multiples.filter { $0 >= lo * (1 - 1e-9) && $0 <= hi * (1 + 1e-9) }
        return inside.count >= 3 ? inside : linear(lo, hi)
    }

    /// Minor gridline positions for a log axis: 2…9 × 10^k, when the axis spans at most 8 decades.
    static func logMinor(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let first = Int(floor(log10(lo))), last = Int(ceil(log10(hi)))
        guard last - first <= 8 else { return [] }
        return (first...last).flatMap { e in (2...9).map { DecimalStep.scaled(Double($0), e) } }
            .filter { $0 > lo && $0 < hi }
    }

    /// Whether every tick is an exact power of ten (so labels can read 10⁻⁴).
    static func arePowersOfTen(_ ticks: [Double]) -> Bool {
        !ticks.isEmpty && ticks.allSatisfy { t in
            let e = log10(t).rounded()
            return t > 0 && DecimalStep.powerOfTen(Int(e)) == t
        }
    }
}
