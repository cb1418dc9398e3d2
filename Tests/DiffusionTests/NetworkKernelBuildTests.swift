import XCTest
@testable import Diffusion
import KernelOperands

/// The two builds of the kernels (Sources/Kernels/README.md), 8-float vectors (AVX2) and
/// 16-float ones (AVX-512), give the same bits: every product and transform on sizes that
/// leave partial tiles, vectors and panels, and training runs of the three kinds of network.
/// Both builds run only on a CPU with AVX-512; elsewhere these tests are skipped.
final class NetworkKernelBuildTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(KernelLevel.cpuHasAVX512, "This CPU has no AVX-512: only the AVX2 build of the kernels runs.")
    }

    /// body's result with the AVX2 build and with the AVX-512 build.
    private func bothBuilds<T>(_ body: () throws -> T) rethrows -> (avx2: T, avx512: T) {
        let before = KernelLevel.active
        defer { KernelLevel.use(before) }
        KernelLevel.use(.avx2)
        let narrow = try body()
        KernelLevel.use(.avx512)
        return (narrow, try body())
    }

    /// Asserts that the two builds' values have the same bits.
    private func assertSameBits(_ values: (avx2: [Float], avx512: [Float]), _ what: @autoclosure () -> String,
                                file: StaticString = #filePath, line: UInt = #line) {
        let differing = zip(values.avx2, values.avx512).filter { $0.bitPattern != $1.bitPattern }.count
        XCTAssertEqual(values.avx2.count, values.avx512.count, what(), file: file, line: line)
        XCTAssertEqual(differing, 0, "\(differing) values differ: \(what())", file: file, line: line)
    }

    func testTheTwoBuildsAreTheTwoWidths() {
        let widths = bothBuilds { KernelLevel.floatsPerVector }
        XCTAssertEqual(widths.avx2, 8)
        XCTAssertEqual(widths.avx512, 16)
    }

    /// C = A B with every start, A row-major and transposed, on widths around the 16- and
    /// 32-column tiles, row counts around the 6-row tile and depths around the 256-step panel.
    func testProductsHaveTheSameBits() {
        var rng = Xoshiro256(seed: 26)
        let (mMax, nMax, kMax) = (13, 70, 300)
        let a = GradientCheck.random(mMax * kMax, using: &rng), b = GradientCheck.random(kMax * nMax, using: &rng)
        let before = GradientCheck.random(mMax * nMax, using: &rng), bias = GradientCheck.random(nMax, using: &rng)
        let table = GradientCheck.random(3 * nMax, using: &rng), times: [Int32] = (0..<Int32(mMax)).map { 1 + $0 % 3 }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                bias.withUnsafeBufferPointer { bias in
                    table.withUnsafeBufferPointer { table in
                        times.withUnsafeBufferPointer { times in
                            for m in [1, 6, 13] {
                                for n in [1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 70] {
                                    let scales = RowScales(table: table.baseAddress!, times: times.baseAddress!, rowLength: n)
                                    let starts: [ProductStart] = [
                                        .overwrite, .accumulate, .addRow(bias.baseAddress!), .accumulateAddingRow(bias.baseAddress!),
                                        .addRowScalingRows(bias.baseAddress!, scales),
                                    ]
                                    for k in [1, 7, 256, 300] {
                                        for (index, start) in starts.enumerated() {
                                            if case .addRowScalingRows = start, k > 256 { continue }
                                            for transposed in [false, true] {
                                                let left = transposed ? MatrixOperand(base: a.baseAddress!, rowStride: 1, columnStride: m)
                                                    : .rowMajor(a.baseAddress!, columns: k)
                                                let c = bothBuilds {
                                                    var c = Array(before.prefix(m * n))
                                                    multiply(rows: m, columns: n, inner: k, left, .rowMajor(b.baseAddress!, columns: n),
                                                             into: &c, cRowStride: n, start: start)
                                                    return c
                                                }
                                                assertSameBits(c, "\(m) × \(n) × \(k), start \(index), Aᵀ \(transposed)")
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// C = A Bᵀ (the dot products of narrow layers) on depths around the 16-float steps and
    /// row counts around the four rows that share a load of B.
    func testDotProductsHaveTheSameBits() {
        var rng = Xoshiro256(seed: 27)
        let a = GradientCheck.random(9 * 300, using: &rng), b = GradientCheck.random(3 * 300, using: &rng)
        let before = GradientCheck.random(9 * 3, using: &rng), bias = GradientCheck.random(3, using: &rng)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                bias.withUnsafeBufferPointer { bias in
                    for (m, n) in [(1, 1), (4, 2), (5, 3), (9, 2)] {
                        for k in [1, 15, 16, 17, 33, 300] {
                            for start in [ProductStart.overwrite, .accumulate, .accumulateAddingRow(bias.baseAddress!)] {
                                let c = bothBuilds {
                                    var c = Array(before.prefix(m * n))
                                    multiplyByTransposed(rows: m, columns: n, inner: k, a.baseAddress!, aRowStride: k, b.baseAddress!,
                                                         bRowStride: k, into: &c, cRowStride: n, start: start)
                                    return c
                                }
                                assertSameBits(c, "\(m) × \(n) × \(k), \(start)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// Winograd's six transforms on channel counts below, at and between whole vectors.
    func testWinogradTransformsHaveTheSameBits() {
        var rng = Xoshiro256(seed: 28)
        for channels in [1, 3, 8, 13, 16, 24, 33] {
            for side in [2, 6] {
                let images = 2, tiles = images * side * side / 4
                let transformed = Winograd.points * Winograd.pointStride(tiles: tiles, channels: channels)
                let x = GradientCheck.random(images * side * side * channels, using: &rng)
                let m = GradientCheck.random(transformed, using: &rng), bias = GradientCheck.random(channels, using: &rng)
                let name = "\(channels) channels, side \(side)"
                assertSameBits(bothBuilds {
                    var v = [Float](repeating: 0, count: transformed)
                    Winograd.transformData(x, images: images, side: side, channels: channels, into: &v)
                    return v
                }, "V, \(name)")
                assertSameBits(bothBuilds {
                    var dx = [Float](repeating: .nan, count: x.count)
                    Winograd.transformDataTranspose(m, images: images, side: side, channels: channels, into: &dx)
                    return dx
                }, "∂L/∂x, \(name)")
                for accumulate in [false, true] {
                    assertSameBits(bothBuilds {
                        var y = x
                        Winograd.transformProducts(m, images: images, side: side, channels: channels, bias: bias,
                                                   accumulate: accumulate, into: &y)
                        return y
                    }, "Y, accumulate \(accumulate), \(name)")
                }
                assertSameBits(bothBuilds {
                    var dm = [Float](repeating: 0, count: transformed)
                    Winograd.transformProductsTranspose(x, images: images, side: side, channels: channels, into: &dm)
                    return dm
                }, "∂L/∂M, \(name)")
            }
            let (inputs, outputs) = (channels, channels + 5)
            let w = GradientCheck.random(9 * inputs * outputs, using: &rng)
            let du = GradientCheck.random(Winograd.points * inputs * outputs, using: &rng)
            assertSameBits(bothBuilds {
                var u = [Float](repeating: 0, count: du.count)
                Winograd.transformFilters(w, inputs: inputs, outputs: outputs, into: &u)
                return u
            }, "U, \(inputs) → \(outputs)")
            assertSameBits(bothBuilds {
                var dw = w
                Winograd.transformFiltersTranspose(du, inputs: inputs, outputs: outputs, into: &dw)
                return dw
            }, "∂L/∂g, \(inputs) → \(outputs)")
        }
    }

    /// Short training runs on two threads, of the 2D tutorial's network (its scaled rows), the
    /// residual MLP (its narrow last layer) and a small U-Net (Winograd in every block): the
    /// same weights, bit for bit, from both builds.
    func testTrainingGivesTheSameWeights() throws {
        var rng = Xoshiro256(seed: 29)
        let points = Toy2D.swissRoll.sample(count: 500, using: &rng)
        for model in [ModelKind.tutorial, .residual] {
            var configuration = TrainingConfiguration.default
            (configuration.model, configuration.steps, configuration.threads) = (model, 20, 2)
            let weights = try bothBuilds {
                let trainer = try Trainer(configuration: configuration, data: points)
                try trainer.train()
                return trainer.model.parameters
            }
            assertSameBits(weights, "\(model)")
        }
        var configuration = TrainingConfiguration.digits
        (configuration.width, configuration.steps, configuration.batchSize, configuration.threads) = (16, 4, 16, 2)
        let images = (0..<(40 * 256)).map { _ in 2 * rng.uniform() - 1 }
        let weights = try bothBuilds {
            let trainer = try Trainer(configuration: configuration, samples: images)
            try trainer.train()
            return trainer.model.parameters
        }
        assertSameBits(weights, "U-Net")
    }
}
