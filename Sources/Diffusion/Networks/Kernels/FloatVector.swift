/// The vector type of the layers' own loops (activations, gradient clipping): eight floats,
/// one AVX register on x86-64 (two NEON registers on Apple silicon). The products and
/// Winograd's transforms are in the module `Kernels` (Sources/Kernels), which has its own.
///
/// As there, a hot loop calls only the standard library and helpers in its own file: a
/// debug build compiles this module with `-O` one file at a time, and nothing is inlined
/// across files.
typealias FloatVector = SIMD8<Float>
