/// The vector type of the kernels: eight floats, one AVX2 register on x86-64 (two NEON
/// registers on Apple silicon), or sixteen floats, one AVX-512 register, in the build
/// `KernelsAVX512` (Package.swift defines `AVX512` there). The kernels are written so that
/// this width decides only how many output values are computed side by side, never the
/// order of the additions into one of them (README.md).
///
/// A rule every kernel file follows: a debug build (`swift run LessonNN`) compiles this
/// module with `-O` but one file at a time, and then nothing is inlined across files, not
/// even `@inlinable` or `@inline(__always)` helpers (a vector load behind such a helper was
/// measured 5–10× slower). So a hot loop calls only the standard library, which does
/// inline, and helpers in its own file; vector loads and stores are spelled out as
/// `loadUnaligned(as:)` and `storeBytes(of:as:)`.
#if AVX512
typealias FloatVector = SIMD16<Float>
#else
typealias FloatVector = SIMD8<Float>
#endif

/// Floats per vector in this build (8 or 16): what tells the two builds apart in a test.
public let floatsPerVector = FloatVector.scalarCount
