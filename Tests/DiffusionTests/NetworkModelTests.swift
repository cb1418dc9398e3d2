import XCTest
@testable import Diffusion

/// Whole networks: the backward pass against finite differences of the forward pass, and
/// the inference path (chunks, two threads, no saved activations) against the training path.
final class NetworkModelTests: XCTestCase {
    /// The residual network three times: for 2D points, for 5-value samples (as for images),
    /// and with the time embedding in every block; the convolutional one for 8 × 8 images.
    let shapes: [NetworkShape] = [.tutorial(width: 20), .residual(width: 24, depth: 2, timeEmbeddingDimension: 8),
                                  .residual(width: 24, depth: 2, timeEmbeddingDimension: 8, dimension: 5),
                                  .residual(width: 24, depth: 2, timeEmbeddingDimension: 8, dimension: 5, timeInEveryBlock: true),
                                  .convolutional(width: 8, depth: 2, timeEmbeddingDimension: 8, dimension: 64)]

    /// Output of a training-mode forward pass.
    private func forward(_ network: any NetworkArchitecture, parameters: [Float], points: [Float], times: [Int32],
                         training: Bool = true) -> [Float] {
        let rows = times.count
        let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows, training: training))
        return points.withUnsafeBufferPointer { x in
            times.withUnsafeBufferPointer { t in
                let output = network.forward(NetworkInput(points: x.baseAddress!, times: t.baseAddress!, rows: rows),
                                             parameters: parameters, workspace: workspace.pointer, capacity: rows, training: training)
                return Array(UnsafeBufferPointer(start: output, count: network.dimension * rows))
            }
        }
    }

    func testNetworkGradientsMatchFiniteDifferences() {
        for shape in shapes {
            var rng = Xoshiro256(seed: 21)
            let network = shape.makeArchitecture(timesteps: 6)
            var parameters = [Float](repeating: 0, count: network.parameterCount)
            network.initialize(&parameters, using: &rng)
            let rows = 7, d = shape.dimension
            let points = GradientCheck.random(d * rows, scale: 2, using: &rng)
            let times: [Int32] = [1, 6, 3, 3, 2, 5, 6]
            let r = GradientCheck.random(d * rows, using: &rng)

            let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows, training: true))
            var gradient = [Float](repeating: 0, count: network.parameterCount)
            points.withUnsafeBufferPointer { x in
                times.withUnsafeBufferPointer { t in
                    let input = NetworkInput(points: x.baseAddress!, times: t.baseAddress!, rows: rows)
                    let output = network.forward(input, parameters: parameters, workspace: workspace.pointer, capacity: rows, training: true)
                    output.update(from: r, count: d * rows)
                    network.backward(input, outputGradient: output, parameters: parameters, gradient: &gradient,
                                     workspace: workspace.pointer, capacity: rows)
                }
            }
            // Every 7th parameter: each layer's weights, biases and table rows get probed.
            let probed = Array(stride(from: 0, to: parameters.count, by: 7))
            let errors = GradientCheck.mismatches(values: parameters, analytic: gradient, indices: probed) {
                GradientCheck.project(forward(network, parameters: $0, points: points, times: times), onto: r)
            }
            XCTAssertEqual(errors.count, 0, "\(shape.kind), dimension \(d): \(errors.prefix(3))")
            XCTAssertGreaterThan(gradient.filter { $0 != 0 }.count, parameters.count / 2, "\(shape.kind): most parameters get a gradient")
        }
    }

    func testInferencePathMatchesTrainingPath() {
        for shape in shapes {
            var rng = Xoshiro256(seed: 22)
            let schedule = NoiseSchedule(.linear, timesteps: 6)
            let network = shape.makeArchitecture(timesteps: 6)
            var parameters = [Float](repeating: 0, count: network.parameterCount)
            network.initialize(&parameters, using: &rng)
            // 1100 rows: two threads, several 128-row chunks and a partial one each.
            let rows = 1100, d = shape.dimension
            let points = GradientCheck.random(d * rows, scale: 2, using: &rng)
            let times = (0..<rows).map { Int32(1 + $0 % 6) }
            let trained = forward(network, parameters: parameters, points: points, times: times)
            let model = NoiseNetwork(shape: shape, schedule: schedule, parameters: parameters)
            let predicted = model.predictNoise(xt: points.map(Double.init), times: times.map(Int.init))
            let worst = zip(trained, predicted).map { abs(Double($0) - $1) }.max() ?? 0
            XCTAssertLessThan(worst, 1e-5, "\(shape.kind), dimension \(d)")
            // The protocol entry point: all samples at one t.
            let atThree = model.predictNoise(xt: Array(points.prefix(5 * d).map(Double.init)), t: 3, dimension: d)
            let direct = forward(network, parameters: parameters, points: Array(points.prefix(5 * d)), times: Array(repeating: 3, count: 5))
            XCTAssertEqual(atThree.map { Float($0) }, direct)
        }
    }
}
