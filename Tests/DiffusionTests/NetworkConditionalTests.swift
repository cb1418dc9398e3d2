import XCTest
@testable import Diffusion

/// Class-conditional networks: label tables with gradients, the null label, label dropout in
/// training, and checkpoints that remember the classes.
final class NetworkConditionalTests: XCTestCase {
    let shapes: [NetworkShape] = [.residual(width: 24, depth: 2, timeEmbeddingDimension: 8).conditional(classes: 3),
                                  .residual(width: 24, depth: 2, timeEmbeddingDimension: 8, dimension: 5, timeInEveryBlock: true)
                                      .conditional(classes: 3),
                                  .convolutional(width: 8, depth: 1, timeEmbeddingDimension: 8, dimension: 64).conditional(classes: 3)]

    private func forward(_ network: any NetworkArchitecture, parameters: [Float], points: [Float], times: [Int32],
                         labels: [Int32]) -> [Float] {
        let rows = times.count
        let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows, training: true))
        return points.withUnsafeBufferPointer { x in
            times.withUnsafeBufferPointer { t in
                labels.withUnsafeBufferPointer { y in
                    let input = NetworkInput(points: x.baseAddress!, times: t.baseAddress!, rows: rows, labels: y.baseAddress!)
                    let output = network.forward(input, parameters: parameters, workspace: workspace.pointer, capacity: rows, training: true)
                    return Array(UnsafeBufferPointer(start: output, count: network.dimension * rows))
                }
            }
        }
    }

    /// Random parameters, label tables included (they start at zero, which would hide a
    /// table whose forward pass reads the wrong row).
    private func randomParameters(_ network: any NetworkArchitecture, using rng: inout Xoshiro256) -> [Float] {
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        network.initialize(&parameters, using: &rng)
        return parameters.map { $0 == 0 ? Float(0.5 * (2 * rng.uniform() - 1)) : $0 }
    }

    func testLabelTablesGetFiniteDifferenceGradients() {
        for shape in shapes {
            var rng = Xoshiro256(seed: 31)
            let network = shape.makeArchitecture(timesteps: 6)
            let unconditional = NetworkShape(kind: shape.kind, dimension: shape.dimension, width: shape.width, depth: shape.depth,
                                             timeEmbeddingDimension: shape.timeEmbeddingDimension, timeInEveryBlock: shape.timeInEveryBlock)
            let tables = network.parameterCount - unconditional.parameterCount(timesteps: 6)
            // Four rows (3 classes and the null label) per layer that reads the time embedding.
            let readers = shape.kind == .convolutional ? [8, 16, 8] : (shape.timeInEveryBlock ? [24, 24, 24] : [24])
            XCTAssertEqual(tables, 4 * readers.reduce(0, +), "\(shape.kind)")
            let parameters = randomParameters(network, using: &rng)
            let rows = 6, d = shape.dimension
            let points = GradientCheck.random(d * rows, scale: 2, using: &rng)
            let times: [Int32] = [1, 6, 3, 3, 2, 5], labels: [Int32] = [0, 3, 2, 1, 3, 0]
            let r = GradientCheck.random(d * rows, using: &rng)
            let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows, training: true))
            var gradient = [Float](repeating: 0, count: network.parameterCount)
            points.withUnsafeBufferPointer { x in
                times.withUnsafeBufferPointer { t in
                    labels.withUnsafeBufferPointer { y in
                        let input = NetworkInput(points: x.baseAddress!, times: t.baseAddress!, rows: rows, labels: y.baseAddress!)
                        let output = network.forward(input, parameters: parameters, workspace: workspace.pointer, capacity: rows, training: true)
                        output.update(from: r, count: d * rows)
                        network.backward(input, outputGradient: output, parameters: parameters, gradient: &gradient,
                                         workspace: workspace.pointer, capacity: rows)
                    }
                }
            }
            // Every label-table entry, and every 11th other parameter.
            let probed = Array(stride(from: 0, to: parameters.count - tables, by: 11)) + Array((parameters.count - tables)..<parameters.count)
            let errors = GradientCheck.mismatches(values: parameters, analytic: gradient, indices: probed) {
                GradientCheck.project(forward(network, parameters: $0, points: points, times: times, labels: labels), onto: r)
            }
            XCTAssertEqual(errors.count, 0, "\(shape.kind): \(errors.prefix(3))")
            // Every row is used by some sample here, so every table entry gets a gradient.
            XCTAssertEqual(gradient.suffix(tables).filter { $0 == 0 }.count, 0, "\(shape.kind)")
        }
    }

    func testLabelsChangeThePredictionAndNilMeansTheNullLabel() {
        for shape in shapes {
            var rng = Xoshiro256(seed: 32)
            let network = shape.makeArchitecture(timesteps: 6)
            let model = NoiseNetwork(shape: shape, schedule: NoiseSchedule(.linear, timesteps: 6), parameters: randomParameters(network, using: &rng))
            let d = shape.dimension
            let xt = GradientCheck.random(3 * d, using: &rng).map(Double.init)
            XCTAssertEqual(model.classCount, 3)
            let withNull = model.predictNoise(xt: xt, times: [2, 2, 2], labels: nil)
            let direct = forward(network, parameters: model.parameters, points: xt.map(Float.init), times: [2, 2, 2], labels: [3, 3, 3])
            for (a, b) in zip(withNull, direct) { XCTAssertEqual(a, Double(b), accuracy: 1e-5) }
            XCTAssertEqual(model.predictNoise(xt: xt, t: 2, dimension: d), withNull, "as a NoisePredictor: unconditional")
            XCTAssertEqual(model.unconditional.predictNoise(xt: xt, t: 2, dimension: d), withNull)
            let labelled = model.predictNoise(xt: xt, t: 2, dimension: d, labels: [0, 1, 2])
            let direct2 = forward(network, parameters: model.parameters, points: xt.map(Float.init), times: [2, 2, 2], labels: [0, 1, 2])
            for (a, b) in zip(labelled, direct2) { XCTAssertEqual(a, Double(b), accuracy: 1e-5) }
            XCTAssertGreaterThan(zip(labelled, withNull).map { abs($0 - $1) }.max()!, 1e-3, "\(shape.kind): the label matters")
        }
    }

    func testLabelDropoutReplacesTheExpectedShare() {
        var rng = Xoshiro256(seed: 7)
        let labels = (0..<20_000).map { $0 % 10 }
        let dropped = LabelDropout.drop(labels, probability: 0.2, nullLabel: 10, using: &rng)
        let share = Double(dropped.filter { $0 == 10 }.count) / 20_000
        // Binomial standard error √(0.2 · 0.8 / 20,000) ≈ 0.0028.
        XCTAssertEqual(share, 0.2, accuracy: 0.012)
        XCTAssertTrue(zip(labels, dropped).allSatisfy { $1 == $0 || $1 == 10 })
        var again = Xoshiro256(seed: 7)
        XCTAssertEqual(LabelDropout.drop(labels, probability: 0.2, nullLabel: 10, using: &again), dropped, "seeded")
        XCTAssertEqual(LabelDropout.drop(labels, probability: 0, nullLabel: 10, using: &rng), labels)
        XCTAssertEqual(Set(LabelDropout.drop(labels, probability: 1, nullLabel: 10, using: &rng)), [10])
    }

    /// A conditional residual network trained on two well-separated Gaussians, labelled by
    /// which one a point came from, learns to denoise toward the requested one.
    func testTrainingLearnsTheLabels() throws {
        var configuration = TrainingConfiguration.default
        (configuration.steps, configuration.width, configuration.batchSize) = (3000, 48, 128)
        (configuration.labelClasses, configuration.labelDropout) = (2, 0.2)
        var rng = Xoshiro256(seed: 3)
        let labels = (0..<2000).map { $0 % 2 }
        let points = labels.map { SIMD2<Double>($0 == 0 ? -1 : 1, 0) + 0.1 * SIMD2(rng.gaussian(), rng.gaussian()) }
        let trainer = try Trainer(configuration: configuration, samples: points.flattened, labels: labels)
        try trainer.train()
        let model = trainer.model
        // At t = 300 the origin is equally far from both: ε(x, y) must point away from μ_y,
        // so x̂_0 lands on the requested side; the unconditional one stays in between.
        let t = 300, schedule = configuration.schedule
        func predictedX0(_ labels: [Int]?) -> Double {
            -schedule.sqrtOneMinusAlphaBar(t) * model.predictNoise(xt: [0, 0], t: t, dimension: 2, labels: labels)[0] / schedule.sqrtAlphaBar(t)
        }
        let (left, right, free) = (predictedX0([0]), predictedX0([1]), predictedX0(nil))
        // Measured: −0.99, 0.87 and −0.02 (exact: −0.99, 0.99 and 0).
        XCTAssertLessThan(left, -0.7)
        XCTAssertGreaterThan(right, 0.7)
        XCTAssertLessThan(abs(free), 0.2)
        // Errors: labels for an unconditional configuration, a label out of range, none at all.
        XCTAssertThrowsError(try Trainer(configuration: .default, samples: points.flattened, labels: labels))
        XCTAssertThrowsError(try Trainer(configuration: configuration, samples: points.flattened, labels: labels.map { $0 + 1 }))
        XCTAssertThrowsError(try Trainer(configuration: configuration, samples: points.flattened))
    }

    func testCheckpointsRecordTheClasses() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("NetworkConditionalTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = Xoshiro256(seed: 33)
        let shape = shapes[2], schedule = NoiseSchedule(.cosine, timesteps: 20)
        let network = NoiseNetwork(shape: shape, schedule: schedule,
                                   parameters: randomParameters(shape.makeArchitecture(timesteps: 20), using: &rng))
        let url = directory.appendingPathComponent("conditional.ckpt")
        try network.save(to: url)
        let loaded = try NoiseNetwork(contentsOf: url)
        XCTAssertEqual(loaded.shape.labelClasses, 3)
        XCTAssertEqual(loaded.parameters, network.parameters)
    }
}
