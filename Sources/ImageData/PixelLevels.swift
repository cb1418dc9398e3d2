/// 8-bit gray levels as pixel values: 0 (black) → −1, 255 (white) → 1, so IDX files and
/// rendered digits share one scale.
enum PixelLevels {
    /// `fromByte[b]` = b / 127.5 − 1.
    static let fromByte: [Double] = (0..<256).map { Double($0) / 127.5 - 1 }
}
