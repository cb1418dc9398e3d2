import XCTest
@testable import Diffusion

/// Every layer against finite differences, for its inputs and its parameters, at sizes that
/// reach both the vector tiles and the scalar edges of the kernels (rows not a multiple of
/// 6, widths not a multiple of 16, narrow layers).
final class NetworkLayerTests: XCTestCase {
    /// Runs a linear layer forward, projects on `r`, and returns L = Σ r ⊙ y.
    private func linearLoss(_ layer: Linear, x: [Float], parameters: [Float], rows: Int, r: [Float]) -> Double {
        var y = [Float](repeating: 0, count: rows * layer.outputs)
        var scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.forward(x, rows: rows, parameters: parameters, into: &y, scratch: &scratch)
        return GradientCheck.project(y, onto: r)
    }

    private func checkLinear(inputs: Int, outputs: Int, rows: Int, file: StaticString = #filePath, line: UInt = #line) {
        var rng = Xoshiro256(seed: UInt64(inputs * 1000 + outputs))
        var allocator = ParameterAllocator()
        let layer = Linear(inputs: inputs, outputs: outputs, parameters: &allocator)
        var parameters = [Float](repeating: 0, count: allocator.count)
        layer.initialize(&parameters, using: &rng)
        let x = GradientCheck.random(rows * inputs, using: &rng)
        let r = GradientCheck.random(rows * outputs, using: &rng)

        var gradient = [Float](repeating: 0, count: allocator.count)
        var dx = [Float](repeating: 0, count: rows * inputs)
        var scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.backward(x, outputGradient: r, rows: rows, parameters: parameters, gradient: &gradient,
                       inputGradient: &dx, scratch: &scratch)

        let inputErrors = GradientCheck.mismatches(values: x, analytic: dx) {
            linearLoss(layer, x: $0, parameters: parameters, rows: rows, r: r)
        }
        let parameterErrors = GradientCheck.mismatches(values: parameters, analytic: gradient) {
            linearLoss(layer, x: x, parameters: $0, rows: rows, r: r)
        }
        XCTAssertEqual(inputErrors.count, 0, "∂L/∂x of \(inputs)→\(outputs): \(inputErrors.prefix(3))", file: file, line: line)
        XCTAssertEqual(parameterErrors.count, 0, "∂L/∂θ of \(inputs)→\(outputs): \(parameterErrors.prefix(3))", file: file, line: line)
    }

    func testLinearGradientsWide() { checkLinear(inputs: 20, outputs: 40, rows: 7) }
    func testLinearGradientsNarrowOutput() { checkLinear(inputs: 37, outputs: 2, rows: 9) }
    func testLinearGradientsNarrowInput() { checkLinear(inputs: 2, outputs: 17, rows: 5) }

    func testLinearForwardMatchesDefinition() {
        // y = x W + b on a 1 × 2 → 16 layer with hand-set weights: y_j = 2·W_0j + 3·W_1j + b_j.
        var allocator = ParameterAllocator()
        let layer = Linear(inputs: 2, outputs: 16, parameters: &allocator)
        let parameters = (0..<allocator.count).map { Float($0) }
        var y = [Float](repeating: 0, count: 16), scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.forward([2, 3], rows: 1, parameters: parameters, into: &y, scratch: &scratch)
        for j in 0..<16 {
            XCTAssertEqual(y[j], 2 * Float(j) + 3 * Float(16 + j) + Float(32 + j))
        }
    }

    private func conditionalLoss(_ layer: ConditionalLinear, x: [Float], times: [Int32], parameters: [Float], rows: Int, r: [Float]) -> Double {
        var z = [Float](repeating: 0, count: rows * layer.outputs), y = z
        var scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.forward(x, times: times, rows: rows, parameters: parameters, linearOutput: &z, into: &y, scratch: &scratch)
        return GradientCheck.project(y, onto: r)
    }

    func testConditionalLinearGradients() {
        var rng = Xoshiro256(seed: 7)
        let (inputs, outputs, rows, timesteps) = (5, 18, 8, 4)
        var allocator = ParameterAllocator()
        let layer = ConditionalLinear(inputs: inputs, outputs: outputs, timesteps: timesteps, parameters: &allocator)
        var parameters = [Float](repeating: 0, count: allocator.count)
        layer.initialize(&parameters, using: &rng)
        let times: [Int32] = [1, 4, 2, 2, 4, 1, 1, 2]  // t = 3 unused: its table row must get no gradient
        let x = GradientCheck.random(rows * inputs, using: &rng)
        let r = GradientCheck.random(rows * outputs, using: &rng)

        var z = [Float](repeating: 0, count: rows * outputs), y = z
        var scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.forward(x, times: times, rows: rows, parameters: parameters, linearOutput: &z, into: &y, scratch: &scratch)
        var dy = r, gradient = [Float](repeating: 0, count: allocator.count), dx = [Float](repeating: 0, count: rows * inputs)
        layer.backward(x, linearOutput: z, times: times, rows: rows, outputGradient: &dy, parameters: parameters,
                       gradient: &gradient, inputGradient: &dx, scratch: &scratch)

        let inputErrors = GradientCheck.mismatches(values: x, analytic: dx) {
            conditionalLoss(layer, x: $0, times: times, parameters: parameters, rows: rows, r: r)
        }
        let parameterErrors = GradientCheck.mismatches(values: parameters, analytic: gradient) {
            conditionalLoss(layer, x: x, times: times, parameters: $0, rows: rows, r: r)
        }
        XCTAssertEqual(inputErrors.count, 0, "\(inputErrors.prefix(3))")
        XCTAssertEqual(parameterErrors.count, 0, "\(parameterErrors.prefix(3))")
        let unusedRow = layer.embeddingOffset + 2 * outputs
        XCTAssertTrue(gradient[unusedRow..<(unusedRow + outputs)].allSatisfy { $0 == 0 })
        XCTAssertTrue(parameters[layer.embeddingOffset...].allSatisfy { $0 >= 0 && $0 < 1 }, "The table starts uniform in [0, 1).")
    }

    private func checkActivation(_ activation: Activation, file: StaticString = #filePath, line: UInt = #line) {
        var rng = Xoshiro256(seed: 3)
        // 37 values: four full vectors and a partial one; ReLU's kink at 0 is kept out of reach.
        let h = GradientCheck.random(37, scale: 4, using: &rng).map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        let r = GradientCheck.random(37, using: &rng)
        var a = [Float](repeating: 0, count: 37), derivative = a, dh = a
        activation.forward(h, count: 37, into: &a, derivative: &derivative)
        activation.backward(outputGradient: r, derivative: derivative, count: 37, into: &dh)
        let errors = GradientCheck.mismatches(values: h, analytic: dh) { v in
            var out = [Float](repeating: 0, count: 37)
            activation.forward(v, count: 37, into: &out, derivative: nil)
            return GradientCheck.project(out, onto: r)
        }
        XCTAssertEqual(errors.count, 0, "\(activation): \(errors.prefix(3))", file: file, line: line)
    }

    func testSoftplusGradient() { checkActivation(.softplus) }
    func testSiLUGradient() { checkActivation(.silu) }
    func testReLUGradient() { checkActivation(.relu) }

    func testActivationValuesMatchTheirDefinitions() {
        let h: [Float] = [-30, -3, -0.5, 0, 0.25, 2, 25]
        var a = [Float](repeating: 0, count: h.count), derivative = a
        for (activation, f) in [(Activation.softplus, { (x: Double) in log1p(exp(x)) }),
                                (.silu, { (x: Double) in x / (1 + exp(-x)) }),
                                (.relu, { (x: Double) in max(x, 0) })] {
            activation.forward(h, count: h.count, into: &a, derivative: &derivative)
            for (x, y) in zip(h, a) {
                let exact = f(Double(x))
                XCTAssertEqual(Double(y), exact, accuracy: 1e-6 * max(1, abs(exact)), "\(activation)(\(x))")
            }
        }
        // softplus(−30) = e^{−30}(1 − …): tiny, and still relatively exact.
        Activation.softplus.forward(h, count: 1, into: &a, derivative: nil)
        XCTAssertEqual(Double(a[0]) / exp(-30.0), 1, accuracy: 1e-6)
    }

    func testSinusoidalEmbeddingGradientWithRespectToTime() {
        let embedding = SinusoidalEmbedding(dimension: 10)
        var rng = Xoshiro256(seed: 5)
        let times: [Float] = [1, 2.5, 17, 99.25]
        let r = GradientCheck.random(times.count * 10, using: &rng)
        var dt = [Float](repeating: 0, count: times.count)
        embedding.backward(times, outputGradient: r, rows: times.count, into: &dt)
        let errors = GradientCheck.mismatches(values: times, analytic: dt, step: 1e-2) { t in
            var y = [Float](repeating: 0, count: t.count * 10)
            embedding.forward(t, rows: t.count, into: &y)
            return GradientCheck.project(y, onto: r)
        }
        XCTAssertEqual(errors.count, 0, "\(errors)")
    }

    func testSinusoidalEmbeddingValues() {
        // d = 8: ω = 1, 10000^{−1/3}, 10000^{−2/3}, 10^{−4}; PE(t) = [sin ω t …, cos ω t …].
        let embedding = SinusoidalEmbedding(dimension: 8)
        let table = embedding.table(timesteps: 3)
        let t = 3.0, omega1 = pow(10_000, -1.0 / 3)
        XCTAssertEqual(Double(table[16]), sin(t), accuracy: 1e-7)
        XCTAssertEqual(Double(table[17]), sin(omega1 * t), accuracy: 1e-7)
        XCTAssertEqual(Double(table[19]), sin(3e-4), accuracy: 1e-7)
        XCTAssertEqual(Double(table[20]), cos(t), accuracy: 1e-7)
        XCTAssertEqual(Double(table[23]), cos(3e-4), accuracy: 1e-7)
    }

    /// The Double embedding of figures and exercises is the layer's, up to Float rounding.
    func testSinusoidalEmbeddingInDoubleMatchesTheLayer() {
        let table = SinusoidalEmbedding(dimension: 32).table(timesteps: 1000)
        for t in [1, 2, 37, 500, 1000] {
            let values = sinusoidalEmbedding(Double(t), dimension: 32)
            XCTAssertEqual(values.count, 32)
            for (k, value) in values.enumerated() { XCTAssertEqual(value, Double(table[(t - 1) * 32 + k]), accuracy: 2e-7) }
        }
        XCTAssertEqual(sinusoidalFrequencies(dimension: 32).last!, 1e-4, accuracy: 1e-16)
    }
}
