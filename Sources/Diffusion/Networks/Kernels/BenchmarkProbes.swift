/// Entry points for the `Benchmarks` executable into the internal kernels, behind an SPI so
/// they stay out of the workbook's public API (`@_spi(Benchmarks) import Diffusion`).
@_spi(Benchmarks)
public enum KernelProbes {
    /// C = A · B for row-major n × n matrices, through the networks' product kernel.
    public static func multiplySquare(_ a: [Float], _ b: [Float], size n: Int, into c: inout [Float]) {
        precondition(a.count == n * n && b.count == n * n && c.count == n * n, "All three matrices must be n × n.")
        multiply(rows: n, columns: n, inner: n, .rowMajor(a, columns: n), .rowMajor(b, columns: n),
                 into: &c, cRowStride: n, start: .overwrite)
    }

    /// softplus of every value, through the networks' vectorized activation.
    public static func softplus(_ h: [Float], into a: inout [Float]) {
        precondition(h.count == a.count, "Input and output must have the same size.")
        Activation.softplus.forward(h, count: h.count, into: &a, derivative: nil)
    }
}
