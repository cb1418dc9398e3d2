import CPUFeatures
import Foundation
import KernelOperands
import Kernels
#if canImport(KernelsAVX512)
import KernelsAVX512
#endif

/// Which build of the products and Winograd's transforms runs (Sources/Kernels/README.md).
/// Both builds sum every output value in the same order, so they give the same bits; the
/// AVX-512 one computes twice as many values side by side.
public enum KernelLevel: String, Sendable {
    /// 8-float vectors: the `Kernels` build (AVX2 + FMA on x86-64, NEON on Apple silicon).
    case avx2
    /// 16-float vectors: the `KernelsAVX512` build, on x86-64 CPUs with AVX-512.
    case avx512

    /// The build in use: AVX-512 where the CPU has it, unless the environment variable
    /// `DIFFUSION_KERNELS=avx2` asks for the other.
    public static var active: KernelLevel { chosen }

    /// Floats per vector in the build in use: 8 or 16.
    public static var floatsPerVector: Int {
        #if canImport(KernelsAVX512)
        if active == .avx512 { return KernelsAVX512.floatsPerVector }
        #endif
        return Kernels.floatsPerVector
    }

    /// Whether this CPU runs the AVX-512 build.
    public static let cpuHasAVX512 = cpu_has_avx512() != 0

    /// Set by `use(_:)` only (the tests compare the two builds); read by every kernel call.
    nonisolated(unsafe) private static var chosen: KernelLevel = fromEnvironment()

    /// Runs the kernels of `level` from now on; for tests that compare the two builds, called
    /// between runs, never while a network computes.
    static func use(_ level: KernelLevel) {
        precondition(level == .avx2 || cpuHasAVX512, "This CPU has no AVX-512.")
        chosen = level
    }

    private static func fromEnvironment() -> KernelLevel {
        let best: KernelLevel = cpuHasAVX512 ? .avx512 : .avx2
        guard let asked = ProcessInfo.processInfo.environment["DIFFUSION_KERNELS"] else { return best }
        guard let level = KernelLevel(rawValue: asked), level == .avx2 || cpuHasAVX512 else {
            let allowed = cpuHasAVX512 ? "avx2 or avx512" : "avx2 (this CPU has no AVX-512)"
            FileHandle.standardError.write(Data("error: DIFFUSION_KERNELS must be \(allowed), not '\(asked)'\n".utf8))
            exit(2)
        }
        return level
    }
}

// The kernels as the layers call them: each runs the build `KernelLevel.active` names.

func multiply(rows m: Int, columns n: Int, inner k: Int, _ a: MatrixOperand, _ b: MatrixOperand,
              into c: UnsafeMutablePointer<Float>, cRowStride: Int, start: ProductStart) {
    #if canImport(KernelsAVX512)
    if KernelLevel.active == .avx512 {
        return KernelsAVX512.multiply(rows: m, columns: n, inner: k, a, b, into: c, cRowStride: cRowStride, start: start)
    }
    #endif
    Kernels.multiply(rows: m, columns: n, inner: k, a, b, into: c, cRowStride: cRowStride, start: start)
}

func multiplyByTransposed(rows m: Int, columns n: Int, inner k: Int, _ a: UnsafePointer<Float>, aRowStride: Int,
                          _ b: UnsafePointer<Float>, bRowStride: Int,
                          into c: UnsafeMutablePointer<Float>, cRowStride: Int, start: ProductStart) {
    #if canImport(KernelsAVX512)
    if KernelLevel.active == .avx512 {
        return KernelsAVX512.multiplyByTransposed(rows: m, columns: n, inner: k, a, aRowStride: aRowStride, b, bRowStride: bRowStride,
                                                  into: c, cRowStride: cRowStride, start: start)
    }
    #endif
    Kernels.multiplyByTransposed(rows: m, columns: n, inner: k, a, aRowStride: aRowStride, b, bRowStride: bRowStride,
                                 into: c, cRowStride: cRowStride, start: start)
}

/// Winograd's F(2 × 2, 3 × 3) transforms (Sources/Kernels/Winograd.swift).
enum Winograd {
    static let points = Kernels.Winograd.points

    static func pointStride(tiles: Int, channels: Int) -> Int { Kernels.Winograd.pointStride(tiles: tiles, channels: channels) }

    static func transformData(_ x: UnsafePointer<Float>, images: Int, side: Int, channels: Int, into v: UnsafeMutablePointer<Float>) {
        #if canImport(KernelsAVX512)
        if KernelLevel.active == .avx512 {
            return KernelsAVX512.Winograd.transformData(x, images: images, side: side, channels: channels, into: v)
        }
        #endif
        Kernels.Winograd.transformData(x, images: images, side: side, channels: channels, into: v)
    }

    static func transformDataTranspose(_ dv: UnsafePointer<Float>, images: Int, side: Int, channels: Int,
                                       into dx: UnsafeMutablePointer<Float>) {
        #if canImport(KernelsAVX512)
        if KernelLevel.active == .avx512 {
            return KernelsAVX512.Winograd.transformDataTranspose(dv, images: images, side: side, channels: channels, into: dx)
        }
        #endif
        Kernels.Winograd.transformDataTranspose(dv, images: images, side: side, channels: channels, into: dx)
    }

    static func transformProducts(_ m: UnsafePointer<Float>, images: Int, side: Int, channels: Int,
                                  bias: UnsafePointer<Float>, accumulate: Bool, into y: UnsafeMutablePointer<Float>) {
        #if canImport(KernelsAVX512)
        if KernelLevel.active == .avx512 {
            return KernelsAVX512.Winograd.transformProducts(m, images: images, side: side, channels: channels,
                                                            bias: bias, accumulate: accumulate, into: y)
        }
        #endif
        Kernels.Winograd.transformProducts(m, images: images, side: side, channels: channels, bias: bias, accumulate: accumulate, into: y)
    }

    static func transformProductsTranspose(_ dy: UnsafePointer<Float>, images: Int, side: Int, channels: Int,
                                           into dm: UnsafeMutablePointer<Float>) {
        #if canImport(KernelsAVX512)
        if KernelLevel.active == .avx512 {
            return KernelsAVX512.Winograd.transformProductsTranspose(dy, images: images, side: side, channels: channels, into: dm)
        }
        #endif
        Kernels.Winograd.transformProductsTranspose(dy, images: images, side: side, channels: channels, into: dm)
    }

    static func transformFilters(_ w: UnsafePointer<Float>, inputs: Int, outputs: Int, into u: UnsafeMutablePointer<Float>) {
        #if canImport(KernelsAVX512)
        if KernelLevel.active == .avx512 {
            return KernelsAVX512.Winograd.transformFilters(w, inputs: inputs, outputs: outputs, into: u)
        }
        #endif
        Kernels.Winograd.transformFilters(w, inputs: inputs, outputs: outputs, into: u)
    }

    static func transformFiltersTranspose(_ du: UnsafePointer<Float>, inputs: Int, outputs: Int, into dw: UnsafeMutablePointer<Float>) {
        #if canImport(KernelsAVX512)
        if KernelLevel.active == .avx512 {
            return KernelsAVX512.Winograd.transformFiltersTranspose(du, inputs: inputs, outputs: outputs, into: dw)
        }
        #endif
        Kernels.Winograd.transformFiltersTranspose(du, inputs: inputs, outputs: outputs, into: dw)
    }
}
