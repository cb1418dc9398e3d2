/// An RGBA colour with components in 0...1 (not premultiplied).
public struct Color: Sendable, Equatable {
    /// Red, green, blue and alpha, each in 0...1.
    public var r, g, b, a: Double

    /// Creates a colour from components in 0...1; alpha defaults to opaque.
    public init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// Creates an opaque colour from a 24-bit `0xRRGGBB` value.
    public init(hex: UInt32) {
        self.init(Double((hex >> 16) & 0xFF) / 255, Double((hex >> 8) & 0xFF) / 255, Double(hex & 0xFF) / 255)
    }

    /// The same colour with another alpha.
    public func withAlpha(_ a: Double) -> Color {
        Color(r, g, b, a)
    }

    public static let black = Color(0, 0, 0)
    public static let white = Color(1, 1, 1)
    public static let gray = Color(0.5, 0.5, 0.5)
    public static let lightGray = Color(0.85, 0.85, 0.85)

    /// Eight colourblind-friendly colours (Okabe–Ito), ordered so the first few are the
    /// most distinct on white; yellow, the hardest to read on white, comes last.
    public static let palette: [Color] = [
        Color(hex: 0x0072B2),  // blue
        Color(hex: 0xD55E00),  // vermillion
        Color(hex: 0x009E73),  // bluish green
        Color(hex: 0xCC79A7),  // reddish purple
        Color(hex: 0xE69F00),  // orange
        Color(hex: 0x56B4E9),  // sky blue
        Color(hex: 0x000000),  // black
        Color(hex: 0xF0E442),  // yellow
    ]

    /// The palette colour for the `index`-th automatically coloured layer (wraps around).
    static func automatic(_ index: Int) -> Color {
        palette[((index % palette.count) + palette.count) % palette.count]
    }
}
