#include <zlib.h>

/* zlib's inflateInit2 and deflateInit2 are macros, which Swift cannot call: these wrappers
   choose the gzip wrapper (RFC 1952) by adding 16 to the window bits (zlib.h, inflateInit2). */
static inline int czlib_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}

static inline int czlib_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}
