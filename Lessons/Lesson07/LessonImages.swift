import Diffusion
import Foundation
import ImageData
import Workbook

/// The images of the lesson: a training set (for the diffusion model and the classifier)
/// and held-out images the models never see, the "real" row of the quality table.
struct LessonImages {
    /// What they are, for the narration.
    let name: String
    /// The name a trained model's provenance records: "digits", or the IDX file's name.
    let dataset: String
    let training: ImageSet
    let heldOut: ImageSet

    /// Whether there are labels to train and check the classifier with.
    var labelled: Bool { !training.labels.isEmpty }
    /// Pixels per image.
    var pixels: Int { training.width * training.height }

    /// The built-in digits, or the images of `--idx` resized to 16×16 (a one-line error for a
    /// file that cannot be read). Training images: 20,000 (10,000 with --quick); held out: 1,000.
    static func load(_ options: Options) -> LessonImages {
        let quick = options.common.quick
        let seed = options.common.seed
        let trainingCount = quick ? 10_000 : 20_000
        let heldOutCount = 1000
        guard let idx = options.idx else {
            var trainingRNG = Xoshiro256(seed: seed, stream: 1)
            var heldOutRNG = Xoshiro256(seed: seed, stream: 2)
            return LessonImages(
                name: "built-in digits (14 typefaces, randomly rotated, scaled, shifted and traced)", dataset: "digits",
                training: DigitImages.generate(count: trainingCount, using: &trainingRNG),
                heldOut: DigitImages.generate(count: heldOutCount, using: &heldOutRNG))
        }
        let file = orFail {
            try IDXReader.read(
                images: URL(fileURLWithPath: idx), labels: options.idxLabels.map { URL(fileURLWithPath: $0) }, size: 16)
        }
        guard file.count >= 20 else { fail("\(idx) holds \(file.count) images; the lesson needs at least 20") }
        // The last images of the file are held out: 1,000, or a tenth of a small file.
        let held = min(heldOutCount, file.count / 10)
        let used = min(trainingCount, file.count - held)
        func subset(_ range: Range<Int>) -> ImageSet {
            ImageSet(
                width: 16, height: 16, images: Array(file.images[range]),
                labels: file.labels.isEmpty ? [] : Array(file.labels[range]))
        }
        return LessonImages(
            name: "\(URL(fileURLWithPath: idx).lastPathComponent), resized to 16×16",
            dataset: URL(fileURLWithPath: idx).lastPathComponent,
            training: subset(0..<used), heldOut: subset((file.count - held)..<file.count))
    }
}

extension ImageSet {
    /// All pixels, one image after another: the flat layout of the samplers and networks.
    var flat: [Double] { images.flatMap { $0 } }
}

/// Splits flat samples into images of `pixels` values each.
func tiles(_ flat: [Double], pixels: Int) -> [[Double]] {
    stride(from: 0, to: flat.count, by: pixels).map { Array(flat[$0..<($0 + pixels)]) }
}
