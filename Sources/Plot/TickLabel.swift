import Foundation

/// Text for tick labels: short, and free of float noise.
enum TickLabel {
    /// "0.2", "15", "-2.5", and compact exponent forms "1e-4", "2.5e6" for tiny or huge values.
    /// `exponent` forces the exponent form (so one axis does not mix "50000" and "1e5").
    static func format(_ value: Double, exponent: Bool = false) -> String {
        if value == 0 { return "0" }
        guard value.isFinite else { return String(describing: value) }
        let magnitude = abs(value)
        if !exponent && magnitude >= 1e-3 && magnitude < 1e5 {
            return trimmed(rounded(value, digits: 12))
        }
        let exponent = Int(floor(log10(magnitude)))
        var mantissa = rounded(value / DecimalStep.powerOfTen(exponent), digits: 10)
        var e = exponent
        if abs(mantissa) >= 10 { mantissa /= 10; e += 1 }
        return trimmed(mantissa) + "e\(e)"
    }

    /// 10 raised to `exponent` with Unicode superscripts: "10⁻⁴", "10⁰", "10³".
    static func powerOfTen(_ exponent: Int) -> String {
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴",
            "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return "10" + String(String(exponent).map { superscripts[$0] ?? $0 })
    }

    /// Labels for a whole axis: powers of ten on log axes when every tick is one; exponent
    /// form for every label if any one needs it.
    static func labels(for ticks: [Double], scale: AxisScale) -> [String] {
        if scale == .log && Ticks.arePowersOfTen(ticks) {
            return ticks.map { powerOfTen(Int(log10($0).rounded())) }
        }
        let plain = ticks.map { format($0) }
        guard plain.contains(where: { $0.contains("e") }) else { return plain }
        return ticks.map { format($0, exponent: true) }
    }

    /// `value` rounded to `digits` significant decimal digits, to shed accumulated noise.
    private static func rounded(_ value: Double, digits: Int) -> Double {
        let exponent = Int(floor(log10(abs(value))))
        let shift = digits - 1 - exponent
        let scaled = DecimalStep.scaled(value, shift).rounded()
        return DecimalStep.scaled(scaled, -shift)
    }

    /// Swift's shortest description without a trailing ".0".
    private static func trimmed(_ value: Double) -> String {
        let text = String(describing: value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
