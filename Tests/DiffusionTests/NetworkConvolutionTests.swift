import XCTest
@testable import Diffusion

/// The convolution layer and the patch folding of the convolutional network: against their
/// definitions, and the backward pass against finite differences.
final class NetworkConvolutionTests: XCTestCase {
    /// y(n, p, o) = b_o + Σ_{dy, dx, c} x(n, p + (dy, dx), c) W[(tap, c), o], written out.
    private func reference(_ layer: Convolution, x: [Float], rows: Int, parameters: [Float]) -> [Float] {
        let s = layer.side, cin = layer.inputs, cout = layer.outputs
        var y = [Float](repeating: 0, count: rows * s * s * cout)
        for n in 0..<rows {
            for py in 0..<s {
                for px in 0..<s {
                    for o in 0..<cout {
                        var sum = Double(parameters[layer.linear.biasOffset + o])
                        for tap in 0..<9 {
                            let yy = py + tap / 3 - 1, xx = px + tap % 3 - 1
                            guard (0..<s).contains(yy) && (0..<s).contains(xx) else { continue }
                            for c in 0..<cin {
                                let weight = parameters[layer.linear.weightOffset + (tap * cin + c) * cout + o]
                                sum += Double(x[((n * s + yy) * s + xx) * cin + c]) * Double(weight)
                            }
                        }
                        y[((n * s + py) * s + px) * cout + o] = Float(sum)
                    }
                }
            }
        }
        return y
    }

    private func forward(_ layer: Convolution, x: [Float], rows: Int, parameters: [Float]) -> [Float] {
        var y = [Float](repeating: 0, count: rows * layer.side * layer.side * layer.outputs)
        var columns = [Float](repeating: 0, count: layer.columnCount(rows: rows))
        var scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.forward(x, rows: rows, parameters: parameters, columns: &columns, into: &y, scratch: &scratch)
        return y
    }

    func testConvolutionMatchesItsDefinitionAndGradients() {
        var rng = Xoshiro256(seed: 41)
        var allocator = ParameterAllocator()
        // 3 × 3 positions: every position is at an edge or the centre; 18 outputs reach the vector tiles.
        let layer = Convolution(inputs: 3, outputs: 18, side: 3, parameters: &allocator)
        var parameters = [Float](repeating: 0, count: allocator.count)
        layer.initialize(&parameters, using: &rng)
        let rows = 2
        let x = GradientCheck.random(rows * 9 * 3, using: &rng)
        let y = forward(layer, x: x, rows: rows, parameters: parameters)
        let expected = reference(layer, x: x, rows: rows, parameters: parameters)
        XCTAssertLessThan(zip(y, expected).map { abs($0 - $1) }.max() ?? 1, 1e-5)

        let r = GradientCheck.random(y.count, using: &rng)
        var gradient = [Float](repeating: 0, count: allocator.count), dx = [Float](repeating: 0, count: x.count)
        var columns = [Float](repeating: 0, count: layer.columnCount(rows: rows)), columnGradient = columns
        var scratch = [Float](repeating: 0, count: layer.scratchCount)
        layer.backward(x, outputGradient: r, rows: rows, parameters: parameters, gradient: &gradient, inputGradient: &dx,
                       columns: &columns, columnGradient: &columnGradient, scratch: &scratch)
        let inputErrors = GradientCheck.mismatches(values: x, analytic: dx) {
            GradientCheck.project(forward(layer, x: $0, rows: rows, parameters: parameters), onto: r)
        }
        let parameterErrors = GradientCheck.mismatches(values: parameters, analytic: gradient) {
            GradientCheck.project(forward(layer, x: x, rows: rows, parameters: $0), onto: r)
        }
        XCTAssertEqual(inputErrors.count, 0, "∂L/∂x: \(inputErrors.prefix(3))")
        XCTAssertEqual(parameterErrors.count, 0, "∂L/∂θ: \(parameterErrors.prefix(3))")
    }

    func testConvolutionInChunksMatchesImageByImage() {
        var rng = Xoshiro256(seed: 42)
        var allocator = ParameterAllocator()
        // 8 × 8 positions: 4 images per chunk of 256 rows, so 9 images take three chunks, the
        // last one short; 10 channels take the vector copy (8) and the scalar tail (2).
        let layer = Convolution(inputs: 10, outputs: 16, side: 8, parameters: &allocator)
        XCTAssertEqual(layer.chunkImages, 4)
        var parameters = [Float](repeating: 0, count: allocator.count)
        layer.initialize(&parameters, using: &rng)
        let rows = 9, size = 64 * 10
        let x = GradientCheck.random(rows * size, using: &rng)
        let y = forward(layer, x: x, rows: rows, parameters: parameters)
        let expected = reference(layer, x: x, rows: rows, parameters: parameters)
        XCTAssertLessThan(zip(y, expected).map { abs($0 - $1) }.max() ?? 1, 1e-5)

        func backward(_ x: [Float], _ r: [Float], rows: Int) -> (gradient: [Float], dx: [Float]) {
            var gradient = [Float](repeating: 0, count: allocator.count), dx = [Float](repeating: 0, count: x.count)
            var columns = [Float](repeating: 0, count: layer.columnCount(rows: rows)), columnGradient = columns
            var scratch = [Float](repeating: 0, count: layer.scratchCount)
            layer.backward(x, outputGradient: r, rows: rows, parameters: parameters, gradient: &gradient, inputGradient: &dx,
                           columns: &columns, columnGradient: &columnGradient, scratch: &scratch)
            return (gradient, dx)
        }
        let r = GradientCheck.random(y.count, using: &rng)
        let batch = backward(x, r, rows: rows)
        var summed = [Float](repeating: 0, count: allocator.count), dx: [Float] = []
        for n in 0..<rows {
            let one = backward(Array(x[(n * size)..<((n + 1) * size)]), Array(r[(n * 64 * 16)..<((n + 1) * 64 * 16)]), rows: 1)
            for i in summed.indices { summed[i] += one.gradient[i] }
            dx += one.dx
        }
        // ∂L/∂x of each image is its own; ∂L/∂θ sums over images, in another order.
        XCTAssertEqual(batch.dx, dx)
        let scale = summed.map(abs).max() ?? 1
        XCTAssertLessThan(zip(batch.gradient, summed).map { abs($0 - $1) }.max() ?? 1, 1e-5 * scale)
    }

    func testFoldingMovesEachPixelToItsPatchAndBack() {
        // A 4 × 4 image whose pixel values are their indices.
        let image = (0..<16).map(Float.init)
        var folded = [Float](repeating: 0, count: 16), back = folded
        PatchFolding.fold(image, rows: 1, side: 4, into: &folded)
        // Position (0, 0) holds pixels (0,0), (0,1), (1,0), (1,1); position (0, 1) the next 2 × 2.
        XCTAssertEqual(Array(folded[0..<8]), [0, 1, 4, 5, 2, 3, 6, 7])
        XCTAssertEqual(Array(folded[12..<16]), [10, 11, 14, 15])
        PatchFolding.unfold(folded, rows: 1, side: 4, into: &back)
        XCTAssertEqual(back, image)
        // A bias per image, added to every position, and its transpose.
        var x = [Float](repeating: 1, count: 2 * 3 * 2)
        PatchFolding.addPerImage([10, 20, 30, 40], rows: 2, positions: 3, channels: 2, into: &x)
        XCTAssertEqual(x, [11, 21, 11, 21, 11, 21, 31, 41, 31, 41, 31, 41])
        var sums = [Float](repeating: 9, count: 4)
        PatchFolding.sumPerImage(x, rows: 2, positions: 3, channels: 2, into: &sums)
        XCTAssertEqual(sums, [33, 63, 93, 123])
    }
}
