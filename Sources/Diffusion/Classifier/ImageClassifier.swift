/// A small image classifier with fixed weights, the workbook's judge of generated images:
/// Inception-based scores (Salimans et al. 2016; Heusel et al. 2017) need a large network
/// and a download, so a perceptron trained on the same kind of images stands in
/// (`ImageClassifier.train`). Images are flat, one image's `inputs` pixels after another.
public struct ImageClassifier: Sendable {
    let network: ClassifierNetwork
    /// θ in the layout of `network`.
    let parameters: [Float]
    /// Mean cross-entropy of the last training epoch.
    public let trainingLoss: Double

    /// Rows classified at a time, so the activations stay small.
    static let chunkRows = 256

    init(network: ClassifierNetwork, parameters: [Float], trainingLoss: Double) {
        precondition(parameters.count == network.parameterCount, "The classifier needs \(network.parameterCount) parameters.")
        self.network = network
        self.parameters = parameters
        self.trainingLoss = trainingLoss
    }

    /// Pixels per image.
    public var inputs: Int { network.inputs }
    /// Units of the hidden layer.
    public var hidden: Int { network.hidden }
    /// Number of classes (labels 0…classes − 1).
    public var classes: Int { network.classes }
    /// The number of weights and biases.
    public var parameterCount: Int { parameters.count }

    /// p(k | image) for every image and class, flat: the `classes` probabilities of the
    /// first image, then the next.
    /// - Parameter images: Images, flat, `inputs` values each.
    /// - Returns: `classes` probabilities per image, flat.
    public func probabilities(_ images: [Double]) -> [Double] {
        precondition(images.count % inputs == 0, "The images must hold a whole number of \(inputs)-pixel images.")
        let rows = images.count / inputs, x = images.map(Float.init)
        var output = [Float](repeating: 0, count: rows * classes)
        let capacity = min(Self.chunkRows, max(rows, 1))
        let workspace = FloatBuffer(count: network.workspaceCount(capacity: capacity))
        x.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { out in
                var start = 0
                while start < rows {
                    let count = min(capacity, rows - start)
                    let logits = network.forward(x.baseAddress! + start * inputs, rows: count, parameters: parameters,
                                                 workspace: workspace.pointer, capacity: capacity)
                    SoftmaxCrossEntropy.softmax(logits, rows: count, classes: classes)
                    (out.baseAddress! + start * classes).update(from: logits, count: count * classes)
                    start += count
                }
            }
        }
        return output.map(Double.init)
    }

    /// The most probable class of every image, with its probability.
    /// - Parameter images: Images, flat, `inputs` values each.
    /// - Returns: One verdict per image.
    public func classify(_ images: [Double]) -> [Classification] {
        let p = probabilities(images), k = classes
        return (0..<(p.count / k)).map { i in
            let row = p[(i * k)..<((i + 1) * k)]
            let best = row.indices.max { row[$0] < row[$1] }!
            return Classification(label: best - i * k, confidence: row[best])
        }
    }

    /// The share of images whose most probable class is their label.
    /// - Parameters:
    ///   - images: Images, flat, `inputs` values each.
    ///   - labels: Their true classes.
    /// - Returns: The share in [0, 1].
    public func accuracy(_ images: [Double], labels: [Int]) -> Double {
        let found = classify(images)
        precondition(found.count == labels.count && !labels.isEmpty, "Every image needs one label.")
        return Double(zip(found, labels).filter { $0.label == $1 }.count) / Double(labels.count)
    }
}

/// What the classifier says about one image.
public struct Classification: Sendable, Equatable {
    /// The most probable class.
    public let label: Int
    /// Its probability, max_k p(k | image).
    public let confidence: Double
}
