import XCTest
@testable import Diffusion

/// The image classifier behind Lesson 07's quality number: its loss and backward pass
/// against finite differences, its training on a problem with a known answer, its score.
final class ClassifierTests: XCTestCase {
    func testCrossEntropyMatchesItsDefinitionAndGradient() {
        // logits (0, ln 2, ln 5): p = (1, 2, 5)/8, ℓ = −log p_y.
        var z: [Float] = [0, logf(2), logf(5), 0, logf(2), logf(5)]
        let labels: [Int32] = [2, 0]
        var g = [Float](repeating: 0, count: 6)
        let loss = SoftmaxCrossEntropy.loss(logits: &z, labels: labels, rows: 2, classes: 3, gradientScale: 0.5, gradient: &g)
        XCTAssertEqual(loss, -log(5.0 / 8) - log(1.0 / 8), accuracy: 1e-6)
        XCTAssertEqual(z[0], 1.0 / 8, accuracy: 1e-6)
        XCTAssertEqual(z[2], 5.0 / 8, accuracy: 1e-6)
        // ∂ℓ/∂z = scale · (p − onehot(y)).
        XCTAssertEqual(g[2], 0.5 * (5.0 / 8 - 1), accuracy: 1e-6)
        XCTAssertEqual(g[3], 0.5 * (1.0 / 8 - 1), accuracy: 1e-6)
        XCTAssertEqual(g[4], 0.5 * (2.0 / 8), accuracy: 1e-6)
        // Huge logits do not overflow.
        var large: [Float] = [1000, 0]
        XCTAssertEqual(SoftmaxCrossEntropy.loss(logits: &large, labels: [1], rows: 1, classes: 2), -log(Double(Float.leastNormalMagnitude)), accuracy: 1e-3)
    }

    /// Mean cross-entropy of the network on a batch, in Double.
    private func meanLoss(_ network: ClassifierNetwork, parameters: [Float], x: [Float], labels: [Int32]) -> Double {
        let rows = labels.count
        let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows))
        let logits = network.forward(x, rows: rows, parameters: parameters, workspace: workspace.pointer, capacity: rows)
        return SoftmaxCrossEntropy.loss(logits: logits, labels: labels, rows: rows, classes: network.classes) / Double(rows)
    }

    func testClassifierGradientsMatchFiniteDifferences() {
        var rng = Xoshiro256(seed: 31)
        // 20 inputs and 7 rows reach the kernels' vector tiles and scalar edges; 17 hidden units.
        let network = ClassifierNetwork(inputs: 20, hidden: 17, classes: 10)
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        network.initialize(&parameters, using: &rng)
        let rows = 7
        let x = GradientCheck.random(rows * 20, using: &rng)
        let labels: [Int32] = [0, 3, 9, 3, 5, 1, 7]
        let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows))
        var gradient = [Float](repeating: 0, count: network.parameterCount)
        var dz = [Float](repeating: 0, count: rows * 10)
        let logits = network.forward(x, rows: rows, parameters: parameters, workspace: workspace.pointer, capacity: rows)
        _ = SoftmaxCrossEntropy.loss(logits: logits, labels: labels, rows: rows, classes: 10, gradientScale: 1 / Float(rows), gradient: &dz)
        network.backward(x, logitGradient: dz, rows: rows, parameters: parameters, gradient: &gradient,
                         workspace: workspace.pointer, capacity: rows)
        // A step of 10⁻³: ReLU's kink must not fall between the two probes.
        let errors = GradientCheck.mismatches(values: parameters, analytic: gradient, step: 1e-3, tolerance: 5e-3) {
            meanLoss(network, parameters: $0, x: x, labels: labels)
        }
        XCTAssertEqual(errors.count, 0, "\(errors.prefix(3))")
        XCTAssertGreaterThan(gradient.filter { $0 != 0 }.count, parameters.count / 2, "most parameters get a gradient")
    }

    /// Three classes of 12-pixel "images": a class's own pattern plus noise. A perceptron
    /// separates them almost perfectly; a coin would get a third right.
    func testTrainingLearnsASeparableProblem() {
        var rng = Xoshiro256(seed: 32)
        let patterns = (0..<3).map { _ in rng.gaussians(12) }
        func draw(_ count: Int) -> (images: [Double], labels: [Int]) {
            let labels = (0..<count).map { $0 % 3 }
            return (labels.flatMap { label in patterns[label].map { $0 + 0.5 * rng.gaussian() } }, labels)
        }
        let train = draw(600), test = draw(300)
        var settings = ClassifierTraining()
        settings.hidden = 16
        settings.epochs = 30
        settings.learningRate = 1e-2
        let classifier = ImageClassifier.train(images: train.images, labels: train.labels, pixels: 12, classes: 3, settings: settings)
        XCTAssertEqual(classifier.parameterCount, 12 * 16 + 16 + 16 * 3 + 3)
        XCTAssertGreaterThan(classifier.accuracy(test.images, labels: test.labels), 0.97)
        XCTAssertLessThan(classifier.trainingLoss, 0.1)
        let p = classifier.probabilities(Array(test.images.prefix(24)))
        for row in 0..<2 { XCTAssertEqual(p[(3 * row)..<(3 * row + 3)].reduce(0, +), 1, accuracy: 1e-5) }

        let score = ClassifierScore(classifier: classifier, images: test.images, threshold: 0.9)
        XCTAssertEqual(score.count, 300)
        XCTAssertEqual(score.labelCounts.reduce(0, +), 300)
        XCTAssertEqual(score.classesPresent, 3)
        XCTAssertTrue((95...105).contains(score.labelCounts[1]), "\(score.labelCounts)")
        XCTAssertGreaterThan(score.confidentShare, 0.9)
        // Pure noise is not any of the patterns: far fewer confident labels.
        let noise = ClassifierScore(classifier: classifier, images: rng.gaussians(12 * 300).map { 0.3 * $0 })
        XCTAssertLessThan(noise.meanConfidence, score.meanConfidence)
    }
}
