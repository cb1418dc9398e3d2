import Foundation

/// One resolved axis: its data range, ticks, labels, and where it lies on the page.
struct Axis {
    let scale: AxisScale
    private(set) var lo: Double
    private(set) var hi: Double
    private(set) var ticks: [Double] = []
    private(set) var labels: [String] = []
    /// Pixel positions of `lo` and `hi` (for y, `start` is the bottom).
    var start = 0.0
    var end = 1.0

    /// An axis over `explicit` if usable, else over `values` padded 5% (unless `padded` is
    /// false) and extended to nice ticks.
    init(scale: AxisScale, values: [Double], explicit: ClosedRange<Double>?, padded: Bool = true) {
        self.scale = scale
        let usable = values.filter { scale.transform($0) != nil }
        if let explicit, let range = Axis.validated(explicit, scale: scale) {
            (lo, hi) = (range.lowerBound, range.upperBound)
        } else {
            let range = Axis.automatic(usable, scale: scale, padding: padded ? 0.05 : 0)
            (lo, hi) = (range.lowerBound, range.upperBound)
        }
        computeTicks()
    }

    /// Pixel position of a data value, or nil if it cannot be shown on this scale.
    func pixel(_ value: Double) -> Double? {
        guard let t = scale.transform(value), let a = scale.transform(lo), let b = scale.transform(hi) else { return nil }
        let position = start + (t - a) / (b - a) * (end - start)
        return min(max(position, -1e6), 1e6)
    }

    /// Data units per pixel (linear axes).
    var unitsPerPixel: Double { (hi - lo) / abs(end - start) }

    /// Widens the range symmetrically so that it spans `units` (for equal aspect).
    mutating func widen(toSpan units: Double) {
        let middle = (lo + hi) / 2
        (lo, hi) = (middle - units / 2, middle + units / 2)
        computeTicks()
    }

    private mutating func computeTicks() {
        ticks = scale == .log ? Ticks.log(lo, hi) : Ticks.linear(lo, hi)
        labels = TickLabel.labels(for: ticks, scale: scale)
    }

    /// `range` made usable: positive on log axes, non-empty.
    private static func validated(_ range: ClosedRange<Double>, scale: AxisScale) -> ClosedRange<Double>? {
        let (lo, hi) = (range.lowerBound, range.upperBound)
        guard lo.isFinite, hi.isFinite, scale.transform(lo) != nil else { return nil }
        if lo < hi { return range }
        return degenerate(lo, scale: scale)
    }

    /// A range around one repeated value.
    private static func degenerate(_ value: Double, scale: AxisScale) -> ClosedRange<Double> {
        switch scale {
        case .log: return value / 10...value * 10
        case .linear: return value == 0 ? -1...1 : Ticks.extendedLinear(value - abs(value) / 10, value + abs(value) / 10)
        }
    }

    /// The automatic range for finite (and, on log axes, positive) `values`, padded by a
    /// fraction of their span.
    private static func automatic(_ values: [Double], scale: AxisScale, padding: Double) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return scale == .log ? 1...10 : 0...1 }
        guard low < high else { return degenerate(low, scale: scale) }
        switch scale {
        case .linear:
            // The step suits the fully padded range; the ends only need to clear half the padding,
            // so data ending at 0.96 gets an axis ending at 1, not at the next tick beyond.
            let pad = (high - low) * padding
            let padded = { (fraction: Double) -> ClosedRange<Double> in
                let lo = low >= 0 ? max(low - pad * fraction, 0) : low - pad * fraction
                let hi = high <= 0 ? min(high + pad * fraction, 0) : high + pad * fraction
                return lo...hi
            }
            let inner = padded(0.5)
            return Ticks.extendedLinear(inner.lowerBound, inner.upperBound, stepFor: padded(1))
        case .log:
            let (a, b) = (log10(low), log10(high))
            let pad = (b - a) * padding
            let (lo, hi) = (pow(10, a - pad), pow(10, b + pad))
            if Ticks.arePowersOfTen(Ticks.log(lo, hi)) && Ticks.log(lo, hi).count >= 2 { return lo...hi }
            return DecimalStep.powerOfTen(Int(floor(a - pad)))...DecimalStep.powerOfTen(Int(ceil(b + pad)))
        }
    }
}

extension AxisScale {
    /// The value in the axis's linear coordinate (log10 for log axes), or nil if unplottable.
    func transform(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case .linear: return value
        case .log: return value > 0 ? log10(value) : nil
        }
    }
}
