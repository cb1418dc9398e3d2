import KernelOperands

/// Entry points for the `Benchmarks` executable into the internal kernels, behind an SPI so
/// they stay out of the workbook's public API (`@_spi(Benchmarks) import Diffusion`).
@_spi(Benchmarks)
public enum KernelProbes {
    /// C = A · B for row-major n × n matrices, through the networks' product kernel.
    public static func multiplySquare(_ a: [Float], _ b: [Float], size n: Int, into c: inout [Float]) {
        precondition(a.count == n * n && b.count == n * n && c.count == n * n, "All three matrices must be n × n.")
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                multiply(rows: n, columns: n, inner: n, .rowMajor(a.baseAddress!, columns: n), .rowMajor(b.baseAddress!, columns: n),
                         into: &c, cRowStride: n, start: .overwrite)
            }
        }
    }

    /// Multiply-adds of the matrix products in one sample's forward pass through a network of
    /// this shape (a training step does about three times as many per sample).
    public static func forwardMultiplyAdds(_ shape: NetworkShape, timesteps: Int) -> Int {
        shape.makeArchitecture(timesteps: timesteps).multiplyAddsPerSample
    }

    /// θ of a network, to compare two runs bit for bit.
    public static func parameters(of network: NoiseNetwork) -> [Float] { network.parameters }
}
