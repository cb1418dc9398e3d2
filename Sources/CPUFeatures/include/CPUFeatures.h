#ifndef CPU_FEATURES_H
#define CPU_FEATURES_H

/// 1 when this x86-64 CPU, and the operating system, run the AVX-512 instructions of the
/// `KernelsAVX512` build (Intel Skylake-SP's set: AVX-512 F, CD, BW, DQ and VL); 0 otherwise,
/// and always 0 on other architectures.
int cpu_has_avx512(void);

#endif
