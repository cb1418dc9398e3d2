import FileSupport
import XCTest
@testable import Diffusion

/// Flow matching on images: the U-Net's continuous time, the logit-normal t, and velocity
/// checkpoints, which record what they hold and load only as what they are.
final class FlowImageTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("FlowImageTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A small convolutional configuration for 8 × 8 images.
    var configuration: TrainingConfiguration {
        var c = TrainingConfiguration(model: .convolutional, width: 8, depth: 1, timeEmbeddingDimension: 8,
                                      schedule: NoiseSchedule(.cosine, timesteps: 1000), steps: 30, batchSize: 16,
                                      learningRate: 2e-3, emaDecay: 0.5, clipNorm: 1, seed: 3, threads: 2)
        (c.dimension, c.timeInEveryBlock) = (64, true)
        return c
    }

    /// 40 images of a bright square on a dark ground, shifted about.
    var images: [Double] {
        (0..<40).flatMap { k in
            (0..<64).map { p -> Double in
                let (r, c) = (p / 8, p % 8), (r0, c0) = (k % 4, (k / 4) % 4)
                return (r0...(r0 + 3)).contains(r) && (c0...(c0 + 3)).contains(c) ? 1 : -1
            }
        }
    }

    func testConvolutionalTimeAtWholeStepsMatchesTheTable() {
        let network = ConvolutionalNetwork(width: 8, depth: 1, embeddingDimension: 8, timesteps: 100, dimension: 64)
        var rng = Xoshiro256(seed: 2)
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        parameters.withUnsafeMutableBufferPointer { network.initialize($0.baseAddress!, using: &rng) }
        let points = (0..<128).map { _ in Float(rng.gaussian()) }
        func run(steps: [Int32], scaled: [Float]?) -> [Float] {
            var w = [Float](repeating: 0, count: network.workspaceCount(capacity: 2, training: false))
            return w.withUnsafeMutableBufferPointer { w in
                points.withUnsafeBufferPointer { p in
                    steps.withUnsafeBufferPointer { s in
                        (scaled ?? []).withUnsafeBufferPointer { c in
                            let input = NetworkInput(points: p.baseAddress!, times: s.baseAddress!, rows: 2,
                                                     scaledTimes: scaled == nil ? nil : c.baseAddress!)
                            let out = parameters.withUnsafeBufferPointer {
                                network.forward(input, parameters: $0.baseAddress!, workspace: w.baseAddress!, capacity: 2, training: false)
                            }
                            return Array(UnsafeBufferPointer(start: out, count: 128))
                        }
                    }
                }
            }
        }
        let table = run(steps: [7, 93], scaled: nil)
        XCTAssertEqual(run(steps: [1, 1], scaled: [7, 93]), table, "a continuous time at a whole step is that step")
        XCTAssertNotEqual(run(steps: [7, 93], scaled: [7.5, 93]).prefix(64), table.prefix(64), "and between steps it is its own")
    }

    func testLogitNormalTimes() {
        var rng = Xoshiro256(seed: 4)
        let draws = (0..<20_000).map { _ in FlowTimeSampling.logitNormal.draw(using: &rng) }
        XCTAssertTrue(draws.allSatisfy { $0 > 0 && $0 < 1 })
        XCTAssertEqual(Moments.mean(draws), 0.5, accuracy: 0.01, "symmetric about ½")
        // t lies in (σ(−1), σ(1)) exactly when u lies in (−1, 1): probability 0.6827.
        let inner = draws.filter { $0 > 1 / (1 + exp(1.0)) && $0 < 1 / (1 + exp(-1.0)) }
        XCTAssertEqual(Double(inner.count) / 20_000, 0.6827, accuracy: 0.01)
        let uniform = (0..<20_000).map { _ in FlowTimeSampling.uniform.draw(using: &rng) }
        XCTAssertEqual(Double(uniform.filter { $0 < 0.1 }.count) / 20_000, 0.1, accuracy: 0.01)
    }

    func testUNetTrainsByFlowMatchingAndItsCheckpointRoundTrips() throws {
        let flow = FlowMatching(source: .gaussian, timeSampling: .logitNormal)
        let trainer = try Trainer(configuration: configuration, samples: images, flow: flow)
        var losses: [Double] = []
        try trainer.train { _, loss in losses.append(loss) }
        XCTAssertLessThan(Moments.mean(Array(losses.suffix(10))), Moments.mean(Array(losses.prefix(5))))
        let network = trainer.velocityModel
        let url = directory.appendingPathComponent("flow.ckpt")
        try network.save(to: url, provenance: ModelProvenance(dataset: "squares", training: configuration), flow: flow)
        let loaded = try VelocityNetwork.load(contentsOf: url, dimension: 64)
        XCTAssertEqual(loaded.provenance.flow, FlowRecord(flow))
        XCTAssertEqual(loaded.provenance.flow?.path, "linear")
        XCTAssertEqual(loaded.provenance.flow?.prediction, "velocity")
        XCTAssertEqual(loaded.provenance.flow?.timeSampling, .logitNormal)
        XCTAssertEqual(loaded.provenance.steps, 30)
        var rng = Xoshiro256(seed: 9)
        let xt = rng.gaussians(128)
        XCTAssertEqual(loaded.network.velocity(xt: xt, t: 0.37, dimension: 64), network.velocity(xt: xt, t: 0.37, dimension: 64))
        XCTAssertNotEqual(network.velocity(xt: xt, t: 0.37, dimension: 64), network.velocity(xt: xt, t: 0.38, dimension: 64))
        // A velocity network is not a noise predictor, and the other way round: one-line errors.
        XCTAssertThrowsError(try NoiseNetwork(contentsOf: url)) { error in
            guard case CheckpointError.predictionMismatch = error else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("holds a velocity network"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
        let noiseURL = directory.appendingPathComponent("noise.ckpt")
        let noiseTrainer = try Trainer(configuration: configuration, samples: images)
        try noiseTrainer.train(steps: 2)
        try noiseTrainer.model.save(to: noiseURL)
        XCTAssertThrowsError(try VelocityNetwork.load(contentsOf: noiseURL)) { error in
            XCTAssertTrue("\(error)".contains("holds a noise predictor"), "\(error)")
        }
        XCTAssertNil(try SavedModel(contentsOf: noiseURL).provenance.flow, "an ε checkpoint records no flow")
        XCTAssertThrowsError(try VelocityNetwork.load(contentsOf: url, dimension: 256)) { error in
            guard case CheckpointError.dimensionMismatch = error else { return XCTFail("\(error)") }
        }
    }

    func testAFlowOnAnotherPathIsRefused() throws {
        let trainer = try Trainer(configuration: configuration, samples: images, flow: FlowMatching(source: .gaussian))
        try trainer.train(steps: 1)
        var provenance = ModelProvenance()
        var record = FlowRecord(FlowMatching(source: .gaussian))
        record.path = "VP"
        provenance.flow = record
        let url = directory.appendingPathComponent("vp.ckpt")
        try trainer.velocityModel.weights.save(to: url, provenance: provenance)
        XCTAssertThrowsError(try VelocityNetwork.load(contentsOf: url)) { error in
            XCTAssertTrue("\(error)".contains("\"VP\" path"), "\(error)")
        }
    }
}
