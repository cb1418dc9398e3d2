import XCTest
@testable import Diffusion
import KernelOperands

/// The matrix kernels against the textbook triple loop (in Double), and the vector
/// elementary functions against the library's.
final class NetworkKernelTests: XCTestCase {
    /// Σ_p A(i, p) B(p, j) in Double, for A given by strides and B row-major.
    private func naive(_ a: [Float], aRowStride: Int, aColumnStride: Int, _ b: [Float], m: Int, n: Int, k: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k {
            c[i * n + j] += Double(a[i * aRowStride + p * aColumnStride]) * Double(b[p * n + j])
        } } }
        return c
    }

    /// Runs `body` with A (read through the given strides) and B (row-major, n columns) as
    /// operands whose memory stays valid for the whole call.
    private func withOperands(_ a: [Float], rowStride: Int, columnStride: Int = 1, _ b: [Float], columns n: Int,
                              _ body: (MatrixOperand, MatrixOperand) -> Void) {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                body(MatrixOperand(base: pa.baseAddress!, rowStride: rowStride, columnStride: columnStride),
                     .rowMajor(pb.baseAddress!, columns: n))
            }
        }
    }

    private func assertClose(_ got: [Float], _ expected: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, expected.count, file: file, line: line)
        let worst = zip(got, expected).map { abs(Double($0) - $1) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-4, what, file: file, line: line)
    }

    func testProductMatchesTripleLoopForEveryStartAndLayout() {
        var rng = Xoshiro256(seed: 11)
        // k = 300 crosses the 256-step panels; m = 13 and n = 37 leave row and column edges.
        let (m, n, k) = (13, 37, 300)
        let a = GradientCheck.random(m * k, using: &rng), b = GradientCheck.random(k * n, using: &rng)
        let bias = GradientCheck.random(n, using: &rng), before = GradientCheck.random(m * n, using: &rng)
        let plain = naive(a, aRowStride: k, aColumnStride: 1, b, m: m, n: n, k: k)

        var c = before
        withOperands(a, rowStride: k, b, columns: n) { a, b in
            multiply(rows: m, columns: n, inner: k, a, b, into: &c, cRowStride: n, start: .overwrite)
        }
        assertClose(c, plain, "C = A B")

        c = before
        withOperands(a, rowStride: k, b, columns: n) { a, b in
            multiply(rows: m, columns: n, inner: k, a, b, into: &c, cRowStride: n, start: .accumulate)
        }
        assertClose(c, zip(plain, before).map { $0 + Double($1) }, "C += A B")

        c = before
        bias.withUnsafeBufferPointer { row in
            withOperands(a, rowStride: k, b, columns: n) { a, b in
                multiply(rows: m, columns: n, inner: k, a, b, into: &c, cRowStride: n, start: .addRow(row.baseAddress!))
            }
        }
        assertClose(c, plain.enumerated().map { $1 + Double(bias[$0 % n]) }, "C = A B + 1 bᵀ")

        // Scaled rows: row i times row times[i] − 1 of a table, as the per-step embedding.
        let table = GradientCheck.random(3 * n, using: &rng), times: [Int32] = (0..<Int32(m)).map { 1 + $0 % 3 }
        let aShort = Array(a.prefix(m * 40))
        table.withUnsafeBufferPointer { scales in
            bias.withUnsafeBufferPointer { row in
                times.withUnsafeBufferPointer { steps in
                    let rows = RowScales(table: scales.baseAddress!, times: steps.baseAddress!, rowLength: n)
                    withOperands(aShort, rowStride: 40, b, columns: n) { a, b in
                        multiply(rows: m, columns: n, inner: 40, a, b, into: &c, cRowStride: n, start: .addRowScalingRows(row.baseAddress!, rows))
                    }
                }
            }
        }
        let short = naive(aShort, aRowStride: 40, aColumnStride: 1, b, m: m, n: n, k: 40)
        assertClose(c, short.enumerated().map { ($1 + Double(bias[$0 % n])) * Double(table[Int(times[$0 / n] - 1) * n + $0 % n]) },
                    "C = (A B + 1 bᵀ) ⊙ S")

        // Aᵀ through swapped strides: the same memory read as a k × m matrix's transpose.
        let at = GradientCheck.random(k * m, using: &rng)
        withOperands(at, rowStride: 1, columnStride: m, b, columns: n) { a, b in
            multiply(rows: m, columns: n, inner: k, a, b, into: &c, cRowStride: n, start: .overwrite)
        }
        assertClose(c, naive(at, aRowStride: 1, aColumnStride: m, b, m: m, n: n, k: k), "C = Aᵀ B")
    }

    func testProductWithTransposedRightOperandMatchesTripleLoop() {
        var rng = Xoshiro256(seed: 12)
        for (m, n, k) in [(9, 2, 128), (4, 3, 21), (7, 5, 16)] {
            let a = GradientCheck.random(m * k, using: &rng), bt = GradientCheck.random(n * k, using: &rng)
            var b = [Float](repeating: 0, count: k * n)
            transpose(bt, rows: n, columns: k, into: &b)
            var c = [Float](repeating: 0, count: m * n)
            multiplyByTransposed(rows: m, columns: n, inner: k, a, aRowStride: k, bt, bRowStride: k, into: &c, cRowStride: n, start: .overwrite)
            assertClose(c, naive(a, aRowStride: k, aColumnStride: 1, b, m: m, n: n, k: k), "C = A Bᵀ at \(m)×\(n)×\(k)")
        }
    }

    func testVectorExpAndLog1pAreAccurateToAFewPartsIn10ToThe7() {
        var worstExp = 0.0, worstLog = 0.0
        for i in 0..<4000 {
            let x = -87 * Float(i) / 4000
            let got = expOfNonPositive(FloatVector(repeating: x))[0]
            worstExp = max(worstExp, abs(Double(got) / Foundation.exp(Double(x)) - 1))
            let u = Float(i) / 3999
            let log = logOnePlus(FloatVector(repeating: u))[0]
            if u > 0 { worstLog = max(worstLog, abs(Double(log) / Foundation.log1p(Double(u)) - 1)) }
        }
        XCTAssertLessThan(worstExp, 5e-7)
        XCTAssertLessThan(worstLog, 5e-7)
        // Below the normal range the argument is clamped: the result is tiny but never zero.
        let extremes = expOfNonPositive(FloatVector(-1000, -87.3, -100, -Float.infinity, 0, -0.5, -50, -88))
        XCTAssertTrue((0..<8).allSatisfy { extremes[$0].isNormal && extremes[$0] > 0 })
        XCTAssertEqual(extremes[4], 1)
    }
}
