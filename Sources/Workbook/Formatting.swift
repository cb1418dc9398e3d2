import Foundation

/// Number formats for printed cells. The CSVs keep every digit; the terminal shows what a
/// reader can take in.
public enum Format {
    /// A compact number: plain for 0.001 ≤ |x| < 10⁵, scientific otherwise (`4.04e-05`).
    public static func number(_ x: Double, digits: Int = 4) -> String {
        if x == 0 { return "0" }
        if !x.isFinite { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        let magnitude = abs(x)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            return String(format: "%.\(digits)g", x)
        }
        return String(format: "%.\(max(digits - 1, 0))e", x)
    }

    /// A number of seconds, e.g. `0.84 s` or `12.3 ms`.
    public static func seconds(_ s: Double) -> String {
        s < 1 ? String(format: "%.1f ms", s * 1000) : String(format: "%.2f s", s)
    }

    /// A ratio such as `1.8×`.
    public static func ratio(_ x: Double) -> String { String(format: "%.2f×", x) }
}
