/// A labelled set of equally sized grayscale images, the data a small image diffusion model
/// trains on. Pixels are row-major and scaled to [−1, 1] (−1 black, 1 white), the range
/// diffusion models expect (Ho et al. 2020, §3.3).
public struct ImageSet: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `images[i]` holds `width × height` values, row after row.
    public var images: [[Double]]
    /// `labels[i]` is the class of `images[i]` (a digit 0…9); empty for an unlabelled set.
    public var labels: [Int]

    /// Number of images.
    public var count: Int { images.count }

    public init(width: Int, height: Int, images: [[Double]], labels: [Int]) {
        precondition(width > 0 && height > 0, "An image set needs a positive image size, not \(width)×\(height).")
        precondition(labels.isEmpty || labels.count == images.count,
                     "An image set needs one label per image (or none), not \(labels.count) for \(images.count) images.")
        precondition(images.allSatisfy { $0.count == width * height },
                     "Every image of a \(width)×\(height) set must hold \(width * height) values.")
        self.width = width
        self.height = height
        self.images = images
        self.labels = labels
    }

    /// How many images carry each label, indexed by label (length = largest label + 1).
    public var labelCounts: [Int] {
        var counts = [Int](repeating: 0, count: (labels.max() ?? -1) + 1)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The same images resized to `width × height` by area averaging, labels unchanged.
    public func resized(width newWidth: Int, height newHeight: Int) -> ImageSet {
        if newWidth == width && newHeight == height { return self }
        let resampler = AreaResampler(from: (width, height), to: (newWidth, newHeight))
        return ImageSet(width: newWidth, height: newHeight, images: images.map(resampler.resample), labels: labels)
    }
}
