import Foundation

/// How `ImageClassifier.train` trains: minibatches of the mean cross-entropy, Adam
/// (Kingma & Ba 2015), a fixed number of passes over the data.
public struct ClassifierTraining: Sendable, Equatable {
    /// Units of the hidden layer.
    public var hidden = 128
    /// Passes over the training images.
    public var epochs = 12
    /// Images per minibatch.
    public var batchSize = 128
    /// Adam's step size α.
    public var learningRate = 1e-3
    /// Seeds the initial weights and the order of every epoch.
    public var seed: UInt64 = 0

    /// The defaults: 128 hidden units, 12 epochs of batches of 128, Adam at 10⁻³, seed 0.
    public init() {}
}

extension ImageClassifier {
    /// Trains a classifier of `images` (flat, `pixels` values each) into `labels` 0…classes − 1.
    /// - Parameters:
    ///   - images: The training images, flat.
    ///   - labels: One label per image, 0…classes − 1.
    ///   - pixels: Values per image.
    ///   - classes: The number of classes.
    ///   - settings: How to train.
    /// - Returns: The trained classifier.
    public static func train(images: [Double], labels: [Int], pixels: Int, classes: Int = 10,
                             settings: ClassifierTraining = ClassifierTraining()) -> ImageClassifier {
        precondition(pixels >= 1 && images.count == pixels * labels.count && !labels.isEmpty,
                     "Every training image needs \(pixels) pixels and one label.")
        let network = ClassifierNetwork(inputs: pixels, hidden: settings.hidden, classes: classes)
        let parameters = FloatBuffer(count: network.parameterCount), gradient = FloatBuffer(count: network.parameterCount)
        var rng = Xoshiro256(seed: settings.seed, stream: 0)
        network.initialize(parameters.pointer, using: &rng)
        let adam = Adam(parameterCount: network.parameterCount)
        var sampler = EpochSampler(values: images, dimension: pixels)
        let labels = labels.map(Int32.init)
        let capacity = settings.batchSize
        let workspace = FloatBuffer(count: network.workspaceCount(capacity: capacity))
        let x = FloatBuffer(count: capacity * pixels), y = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        let dz = FloatBuffer(count: capacity * classes)
        defer { y.deallocate() }
        let stepsPerEpoch = (labels.count + capacity - 1) / capacity
        var epochLoss = 0.0
        for _ in 0..<settings.epochs {
            epochLoss = 0
            for _ in 0..<stepsPerEpoch {
                let indices = sampler.nextIndices(size: capacity, using: &rng)
                for (r, index) in indices.enumerated() { y[r] = labels[Int(index)] }
                let rows = sampler.copy(indices, into: x.pointer)
                gradient.zero()
                let logits = network.forward(x.pointer, rows: rows, parameters: parameters.pointer,
                                             workspace: workspace.pointer, capacity: capacity)
                epochLoss += SoftmaxCrossEntropy.loss(logits: logits, labels: y, rows: rows, classes: classes,
                                                      gradientScale: 1 / Float(rows), gradient: dz.pointer)
                network.backward(x.pointer, logitGradient: dz.pointer, rows: rows, parameters: parameters.pointer,
                                 gradient: gradient.pointer, workspace: workspace.pointer, capacity: capacity)
                adam.advance()
                adam.update(0..<network.parameterCount, parameters: parameters.pointer, gradient: gradient.pointer,
                            gradientScale: 1, learningRate: settings.learningRate)
            }
        }
        return ImageClassifier(network: network, parameters: parameters.array,
                               trainingLoss: epochLoss / Double(labels.count))
    }
}
