import Diffusion

/// A built-in data set of small grayscale digits, made on the spot so no download is needed:
/// the digits 0–9 in 14 typefaces (DejaVu and Liberation, through Cairo's toy font API),
/// each randomly rotated (±12°), scaled (±10 %), shifted (±2 px at 16 × 16) and traced
/// with a round pen of random width, white on black, anti-aliased. Like MNIST (LeCun et al.
/// 1998), each digit's larger side is scaled to a fixed fraction of the tile (here ~75 %)
/// and its centre of mass sits at the centre.
///
/// Speed: Cairo reads each glyph's outline and rasterizes it once per process into a
/// signed distance field (~0.1 s for all 140); every image is then one bilinear lookup per
/// pixel, which also makes the pen width free. 10,000 images of 16 × 16 take ~0.1 s.
public enum DigitImages {
    /// `count` digit images of `size × size` pixels (16 by default; 28 matches MNIST).
    /// Label i is i mod 10, so classes are balanced and every run of 10 holds each digit
    /// once. The same generator state gives identical images, and a shorter set is a
    /// prefix of a longer one.
    public static func generate(count: Int, size: Int = 16, using rng: inout Xoshiro256) -> ImageSet {
        precondition(count >= 0, "The number of digit images must not be negative, not \(count).")
        precondition(size >= 8, "Digit images need at least 8 × 8 pixels to be readable, not \(size) × \(size).")
        let library = GlyphLibrary.shared
        let renderer = DigitRenderer(size: size)
        var images: [[Double]] = []
        var labels: [Int] = []
        images.reserveCapacity(count)
        labels.reserveCapacity(count)
        for index in 0..<count {
            let digit = index % 10
            let style = DigitStyle.random(typefaces: Typeface.all, using: &rng)
            images.append(renderer.render(library.glyphs[style.typeface][digit], style))
            labels.append(digit)
        }
        return ImageSet(width: size, height: size, images: images, labels: labels)
    }
}
