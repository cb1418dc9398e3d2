#include "CPUFeatures.h"

int cpu_has_avx512(void) {
#if defined(__x86_64__)
    // The compiler's runtime reads CPUID and, with XGETBV, whether the operating system saves
    // the AVX-512 registers; a feature counts only when both hold.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}
