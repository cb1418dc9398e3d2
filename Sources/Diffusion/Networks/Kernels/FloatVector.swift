/// The vector type of the network kernels: eight floats, one AVX register on x86-64 (two
/// NEON registers on Apple silicon).
///
/// A rule every kernel file follows: a debug build (`swift run LessonNN`) compiles this
/// module with `-O` but one file at a time, and then nothing is inlined across files, not
/// even `@inlinable` or `@inline(__always)` helpers (a vector load behind such a helper was
/// measured 5–10× slower). So a hot loop calls only the standard library, which does
/// inline, and helpers in its own file; vector loads and stores are spelled out as
/// `loadUnaligned(as:)` and `storeBytes(of:as:)`.
typealias FloatVector = SIMD8<Float>
