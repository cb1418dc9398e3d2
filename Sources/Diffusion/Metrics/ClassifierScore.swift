/// How a classifier sees a set of images, generated or real: the share it labels with
/// confidence of at least `threshold` (a sample that looks clearly like one digit), the
/// histogram of its labels (are all classes there, in even numbers?), and the mean
/// confidence. A simple, local stand-in for the Inception Score of Salimans et al. 2016,
/// which rewards the same two things: confident labels, and many different ones.
public struct ClassifierScore: Sendable, Equatable {
    /// Images scored.
    public let count: Int
    /// The confidence a label needs to count as confident.
    public let threshold: Double
    /// Share of images whose most probable class has p ≥ `threshold`.
    public let confidentShare: Double
    /// `labelCounts[k]`: images whose most probable class is k.
    public let labelCounts: [Int]
    /// Mean of max_k p(k | image).
    public let meanConfidence: Double

    /// Scores `images` (flat, `classifier.inputs` pixels each).
    /// - Parameters:
    ///   - classifier: The judge.
    ///   - images: The images, flat.
    ///   - threshold: The probability at or above which a verdict counts as confident.
    public init(classifier: ImageClassifier, images: [Double], threshold: Double = 0.9) {
        let found = classifier.classify(images)
        precondition(!found.isEmpty, "A score needs at least one image.")
        var counts = [Int](repeating: 0, count: classifier.classes)
        for classification in found { counts[classification.label] += 1 }
        count = found.count
        self.threshold = threshold
        confidentShare = Double(found.filter { $0.confidence >= threshold }.count) / Double(found.count)
        labelCounts = counts
        meanConfidence = found.reduce(0) { $0 + $1.confidence } / Double(found.count)
    }

    /// How many classes received at least one image.
    public var classesPresent: Int { labelCounts.filter { $0 > 0 }.count }
}
