import XCTest
@testable import Diffusion

/// The convolution computed by Winograd's F(2 × 2, 3 × 3): its forward pass, input gradient
/// and weight gradient against the direct 3 × 3 sums in Double, on odd channel counts (the
/// partial vectors), sides from one tile to 4 × 4 tiles, and batches over one and two chunks;
/// which method a shape gets; and training through it, repeated bit for bit.
final class NetworkWinogradTests: XCTestCase {
    /// A layer with parameters, an input and an output gradient, all uniform in [−1, 1).
    private struct Case {
        let layer: Convolution
        let rows: Int
        let parameters: [Float], x: [Float], dy: [Float]

        init(side: Int, inputs: Int, outputs: Int, rows: Int, method: Convolution.Method? = nil, seed: UInt64) {
            var rng = Xoshiro256(seed: seed)
            var allocator = ParameterAllocator()
            layer = Convolution(inputs: inputs, outputs: outputs, side: side, method: method, parameters: &allocator)
            self.rows = rows
            parameters = GradientCheck.random(allocator.count, using: &rng)
            x = GradientCheck.random(rows * side * side * inputs, using: &rng)
            dy = GradientCheck.random(rows * side * side * outputs, using: &rng)
        }

        /// Calls body(n, py, px, qy, qx, tap) for every output position p = (py, px) of image n
        /// and every tap whose input position q = p + (dy, dx) lies inside the image.
        func forEachTap(_ body: (Int, Int, Int, Int, Int, Int) -> Void) {
            let s = layer.side
            for n in 0..<rows {
                for py in 0..<s {
                    for px in 0..<s {
                        for tap in 0..<9 {
                            let qy = py + tap / 3 - 1, qx = px + tap % 3 - 1
                            if (0..<s).contains(qy) && (0..<s).contains(qx) { body(n, py, px, qy, qx, tap) }
                        }
                    }
                }
            }
        }

        /// The definitions in Double: y = b + Σ x(p + tap) W_tap, ∂L/∂x(q) = Σ ∂L/∂y(p) W_tapᵀ,
        /// ∂L/∂W_tap = Σ x(p + tap)ᵀ ∂L/∂y(p), ∂L/∂b = Σ ∂L/∂y(p).
        func reference() -> (y: [Double], dx: [Double], dw: [Double]) {
            let s = layer.side, cin = layer.inputs, cout = layer.outputs, w = layer.linear.weightOffset
            var y = [Double](repeating: 0, count: dy.count), dx = [Double](repeating: 0, count: x.count)
            var dw = [Double](repeating: 0, count: parameters.count)
            for n in 0..<rows {
                for p in 0..<(s * s) {
                    for o in 0..<cout {
                        y[(n * s * s + p) * cout + o] = Double(parameters[layer.linear.biasOffset + o])
                        dw[layer.linear.biasOffset + o] += Double(dy[(n * s * s + p) * cout + o])
                    }
                }
            }
            forEachTap { n, py, px, qy, qx, tap in
                let out = (n * s * s + py * s + px) * cout, input = (n * s * s + qy * s + qx) * cin
                for c in 0..<cin {
                    for o in 0..<cout {
                        let weight = Double(parameters[w + (tap * cin + c) * cout + o])
                        y[out + o] += Double(x[input + c]) * weight
                        dx[input + c] += Double(dy[out + o]) * weight
                        dw[w + (tap * cin + c) * cout + o] += Double(x[input + c]) * Double(dy[out + o])
                    }
                }
            }
            return (y, dx, dw)
        }

        func forward(output: Linear.Output = .overwrite, onto start: [Float]? = nil) -> [Float] {
            var y = start ?? [Float](repeating: 0, count: dy.count)
            var columns = [Float](repeating: .nan, count: layer.columnCount(rows: rows))
            var scratch = [Float](repeating: .nan, count: layer.scratchCount)
            layer.forward(x, rows: rows, parameters: parameters, columns: &columns, into: &y, output: output, scratch: &scratch)
            return y
        }

        /// ∂L/∂θ (onto a gradient that starts at `start`) and ∂L/∂x.
        func backward(start: Float = 0) -> (gradient: [Float], dx: [Float]) {
            var gradient = [Float](repeating: start, count: parameters.count), dx = [Float](repeating: .nan, count: x.count)
            var columns = [Float](repeating: .nan, count: layer.columnCount(rows: rows)), columnGradient = columns
            var scratch = [Float](repeating: .nan, count: layer.scratchCount)
            layer.backward(x, outputGradient: dy, rows: rows, parameters: parameters, gradient: &gradient, inputGradient: &dx,
                           columns: &columns, columnGradient: &columnGradient, scratch: &scratch)
            return (gradient, dx)
        }
    }

    /// The largest difference relative to the largest reference value.
    private func relativeError(_ values: [Float], _ reference: [Double]) -> Double {
        let scale = reference.map(abs).max() ?? 1
        return zip(values, reference).map { abs(Double($0) - $1) }.max()! / scale
    }

    func testWinogradEqualsTheDirectSums() {
        // (side, inputs, outputs, rows, method): one tile per image with 3 and 5 channels (all
        // partial vectors), 3 × 3 tiles (a tile touching no border), two chunks of 4 × 4 and
        // of 8 × 8 images with 17, 19 and 33 channels (whole vectors and a tail).
        let cases: [(Int, Int, Int, Int, Convolution.Method?)] = [
            (2, 3, 5, 2, .winograd), (6, 9, 16, 3, .winograd), (4, 17, 19, 60, nil), (8, 16, 33, 12, nil),
        ]
        for (index, (side, inputs, outputs, rows, method)) in cases.enumerated() {
            let test = Case(side: side, inputs: inputs, outputs: outputs, rows: rows, method: method, seed: UInt64(60 + index))
            XCTAssertEqual(test.layer.method, .winograd)
            if method == nil { XCTAssertLessThan(test.layer.chunkImages, rows, "Two chunks of \(side) × \(side) images.") }
            let expected = test.reference(), name = "side \(side), \(inputs) → \(outputs)"
            XCTAssertLessThan(relativeError(test.forward(), expected.y), 2e-6, "y, \(name)")
            // With `.accumulate` the convolution is added onto what y held.
            var rng = Xoshiro256(seed: 9)
            let start = GradientCheck.random(test.dy.count, using: &rng)
            let added = zip(start, expected.y).map { Double($0) + $1 }
            XCTAssertLessThan(relativeError(test.forward(output: .accumulate, onto: start), added), 2e-6, "y += conv, \(name)")
            // The weight gradient is added onto what the gradient held (here 1 everywhere).
            let (gradient, dx) = test.backward(start: 1)
            XCTAssertLessThan(relativeError(dx, expected.dx), 2e-6, "∂L/∂x, \(name)")
            XCTAssertLessThan(relativeError(gradient, expected.dw.map { $0 + 1 }), 2e-6, "∂L/∂θ, \(name)")
        }
    }

    /// Both methods give the direct sums of the same weights up to rounding, and the
    /// comparison with the sums tells a filter flipped left to right apart.
    func testBothMethodsAgreeAndTheSumsCatchAWrongTap() {
        let winograd = Case(side: 8, inputs: 16, outputs: 16, rows: 2, seed: 70)
        let rows = Case(side: 8, inputs: 16, outputs: 16, rows: 2, method: .neighbourhoodRows, seed: 70)
        XCTAssertEqual(winograd.parameters, rows.parameters)
        let expected = winograd.reference()
        XCTAssertLessThan(relativeError(rows.forward(), expected.y), 2e-6)
        XCTAssertLessThan(relativeError(winograd.forward(), expected.y), 2e-6)
        // A filter flipped left to right (taps dx ↔ −dx) is a different convolution: the
        // comparison must see it.
        var flipped = winograd.parameters
        let cin = 16, cout = 16
        for tap in 0..<9 where tap % 3 == 0 {
            for i in 0..<(cin * cout) { flipped.swapAt(tap * cin * cout + i, (tap + 2) * cin * cout + i) }
        }
        var y = [Float](repeating: 0, count: winograd.dy.count)
        var columns = [Float](repeating: 0, count: winograd.layer.columnCount(rows: 2))
        var scratch = [Float](repeating: 0, count: winograd.layer.scratchCount)
        winograd.layer.forward(winograd.x, rows: 2, parameters: flipped, columns: &columns, into: &y, scratch: &scratch)
        XCTAssertGreaterThan(relativeError(y, expected.y), 0.1)
    }

    /// The U-Net's last convolution (4 outputs) keeps the neighbourhood rows; its weight
    /// gradient is formed transposed (`Linear.NarrowWeightGradient.transposed`).
    func testANarrowConvolutionsGradientsEqualTheDirectSums() {
        let test = Case(side: 8, inputs: 19, outputs: 4, rows: 5, seed: 73)
        XCTAssertEqual(test.layer.method, .neighbourhoodRows)
        let expected = test.reference(), (gradient, dx) = test.backward(start: 1)
        XCTAssertLessThan(relativeError(test.forward(), expected.y), 2e-6)
        XCTAssertLessThan(relativeError(dx, expected.dx), 2e-6)
        XCTAssertLessThan(relativeError(gradient, expected.dw.map { $0 + 1 }), 2e-6)
    }

    func testTheMethodFollowsTheShape() {
        var allocator = ParameterAllocator()
        func method(side: Int, inputs: Int, outputs: Int) -> Convolution.Method {
            Convolution(inputs: inputs, outputs: outputs, side: side, parameters: &allocator).method
        }
        // The U-Net's blocks (32 channels on 8 × 8, 64 on 4 × 4) and its first and last layers.
        XCTAssertEqual(method(side: 8, inputs: 32, outputs: 32), .winograd)
        XCTAssertEqual(method(side: 4, inputs: 64, outputs: 64), .winograd)
        XCTAssertEqual(method(side: 8, inputs: 4, outputs: 32), .neighbourhoodRows)
        XCTAssertEqual(method(side: 8, inputs: 32, outputs: 4), .neighbourhoodRows)
        XCTAssertEqual(method(side: 7, inputs: 32, outputs: 32), .neighbourhoodRows, "An odd side has no 2 × 2 tiling.")
    }

    /// A U-Net whose blocks run on Winograd's method: its gradient against finite
    /// differences of the whole network.
    func testAWinogradUNetsGradientMatchesFiniteDifferences() {
        var rng = Xoshiro256(seed: 71)
        let network = NetworkShape.convolutional(width: 16, depth: 1, timeEmbeddingDimension: 8, dimension: 64).makeArchitecture(timesteps: 6)
        let unet = network as! ConvolutionalNetwork
        XCTAssertEqual(unet.blocks.map(\.inner.method), [.winograd, .winograd, .winograd])
        var parameters = [Float](repeating: 0, count: network.parameterCount)
        network.initialize(&parameters, using: &rng)
        let rows = 3, points = GradientCheck.random(64 * rows, scale: 2, using: &rng), times: [Int32] = [1, 4, 6]
        let r = GradientCheck.random(64 * rows, using: &rng)
        func run(_ parameters: [Float], gradient: UnsafeMutablePointer<Float>?) -> Double {
            let workspace = FloatBuffer(count: network.workspaceCount(capacity: rows, training: true))
            return points.withUnsafeBufferPointer { x in
                times.withUnsafeBufferPointer { t in
                    let input = NetworkInput(points: x.baseAddress!, times: t.baseAddress!, rows: rows)
                    let output = network.forward(input, parameters: parameters, workspace: workspace.pointer, capacity: rows, training: true)
                    let loss = GradientCheck.project(Array(UnsafeBufferPointer(start: output, count: 64 * rows)), onto: r)
                    if let gradient {
                        output.update(from: r, count: 64 * rows)
                        network.backward(input, outputGradient: output, parameters: parameters, gradient: gradient,
                                         workspace: workspace.pointer, capacity: rows)
                    }
                    return loss
                }
            }
        }
        var gradient = [Float](repeating: 0, count: network.parameterCount)
        _ = run(parameters, gradient: &gradient)
        // Every 23rd parameter, so each block's two convolutions get probed at many taps.
        let probed = Array(stride(from: 0, to: parameters.count, by: 23))
        let errors = GradientCheck.mismatches(values: parameters, analytic: gradient, indices: probed) { run($0, gradient: nil) }
        XCTAssertEqual(errors.count, 0, "\(errors.prefix(3))")
    }

    /// Two runs of the digits recipe on a small U-Net (Winograd in every block), two threads
    /// each: the same seed gives the same weights bit for bit, another seed others.
    func testTrainingThroughWinogradRepeatsBitForBit() throws {
        var configuration = TrainingConfiguration.digits
        (configuration.width, configuration.steps, configuration.batchSize, configuration.threads) = (16, 6, 16, 2)
        var rng = Xoshiro256(seed: 72)
        let images = (0..<(40 * 256)).map { _ in 2 * rng.uniform() - 1 }
        func weights(seed: UInt64) throws -> [Float] {
            configuration.seed = seed
            let trainer = try Trainer(configuration: configuration, samples: images)
            try trainer.train()
            return trainer.model.parameters
        }
        let first = try weights(seed: 1)
        XCTAssertEqual(try weights(seed: 1).map(\.bitPattern), first.map(\.bitPattern))
        XCTAssertNotEqual(try weights(seed: 2), first)
    }
}
