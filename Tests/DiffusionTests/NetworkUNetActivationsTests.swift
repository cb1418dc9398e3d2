import XCTest
@testable import Diffusion

/// The read-only view into the U-Net: its maps agree with the layers that made them, and
/// reading them leaves the network's output unchanged.
final class NetworkUNetActivationsTests: XCTestCase {
    /// A U-Net for 8 × 8 images with random weights, T = 6.
    private func unet() -> NoiseNetwork {
        let shape = NetworkShape.convolutional(width: 8, depth: 2, timeEmbeddingDimension: 8, dimension: 64)
        let architecture = shape.makeArchitecture(timesteps: 6)
        var parameters = [Float](repeating: 0, count: architecture.parameterCount)
        var rng = Xoshiro256(seed: 3)
        architecture.initialize(&parameters, using: &rng)
        return NoiseNetwork(shape: shape, schedule: NoiseSchedule(.cosine, timesteps: 6), parameters: parameters)
    }

    func testMapsAgreeWithTheLayersThatMadeThem() throws {
        let network = unet(), architecture = try XCTUnwrap(network.architecture as? ConvolutionalNetwork)
        var rng = Xoshiro256(seed: 4)
        let image = rng.gaussians(64)
        let maps = try XCTUnwrap(network.unetActivations(xt: image, t: 4))
        // The output is the network's ε̂.
        let eps = network.predictNoise(xt: image, t: 4, dimension: 64)
        for (a, b) in zip(maps.output, eps) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertEqual([maps.skip.side, maps.skip.channels, maps.coarse.side, maps.coarse.channels], [4, 8, 2, 16])
        XCTAssertEqual(maps.skip.values.count, 4 * 4 * 8)
        XCTAssertGreaterThan(maps.skip.values.map(abs).max() ?? 0, 0)
        // upsampled = unfold(U d): the up layer applied to the coarse map, then unfolded.
        let coarse = FloatBuffer(maps.coarse.values.map(Float.init)), up = FloatBuffer(count: 2 * 2 * 4 * 8)
        let scratch = FloatBuffer(count: architecture.up.scratchCount), unfolded = FloatBuffer(count: 4 * 4 * 8)
        network.parameters.withUnsafeBufferPointer { theta in
            architecture.up.forward(coarse.pointer, rows: 4, parameters: theta.baseAddress!, into: up.pointer, scratch: scratch.pointer)
        }
        PatchFolding.unfold(up.pointer, rows: 1, side: 4, channels: 8, into: unfolded.pointer)
        for (a, b) in zip(maps.upsampled.values, unfolded.array) { XCTAssertEqual(a, Double(b), accuracy: 1e-6) }
        // A channel is read with stride `channels`.
        XCTAssertEqual(maps.skip.channel(3)[5], maps.skip.values[5 * 8 + 3])
        XCTAssertNil(NoiseNetwork(shape: .residual(width: 8, depth: 1, timeEmbeddingDimension: 4),
                                  schedule: NoiseSchedule(.cosine, timesteps: 6),
                                  parameters: [Float](repeating: 0, count: NetworkShape.residual(width: 8, depth: 1, timeEmbeddingDimension: 4)
                                    .parameterCount(timesteps: 6))).unetActivations(xt: [0, 0], t: 1))
    }

    /// Row t − 1 of the time biases is PE(t) V + c of that block's time layer.
    func testTimeBiasesAreTheBlocksTimeLayerOnTheEmbedding() throws {
        let network = unet(), architecture = try XCTUnwrap(network.architecture as? ConvolutionalNetwork)
        let biases = try XCTUnwrap(network.unetTimeBiases(block: 2))
        let layer = architecture.blocks[2].time
        XCTAssertEqual(biases.channels, 16)
        XCTAssertEqual(biases.values.count, 6 * 16)
        let weights = network.parameters
        for t in [1, 5] {
            let pe = sinusoidalEmbedding(Double(t), dimension: 8)
            for c in [0, 7, 15] {
                let expected = (0..<8).reduce(Double(weights[layer.biasOffset + c])) {
                    $0 + pe[$1] * Double(weights[layer.weightOffset + $1 * 16 + c])
                }
                XCTAssertEqual(biases.values[(t - 1) * 16 + c], expected, accuracy: 1e-5)
            }
        }
    }
}
