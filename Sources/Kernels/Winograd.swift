/// Winograd's minimal filtering F(2 × 2, 3 × 3) (Winograd 1980, "Arithmetic Complexity of
/// Computations"; Lavin & Gray 2016, "Fast Algorithms for Convolutional Neural Networks",
/// §4.1): the 2 × 2 outputs of a 3 × 3 correlation y_i = Σ_k d_{i+k} g_k over a 4 × 4 tile d
/// of the input take 16 multiplications instead of 36,
///     Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A,
///     Bᵀ = ⎡1  0 −1  0⎤    G = ⎡ 1    0    0 ⎤    Aᵀ = ⎡1  1  1  0⎤
///          ⎢0  1  1  0⎥        ⎢1/2  1/2  1/2⎥         ⎣0  1 −1 −1⎦
///          ⎢0 −1  1  0⎥        ⎢1/2 −1/2  1/2⎥
///          ⎣0  1  0 −1⎦        ⎣ 0    0    1 ⎦
/// Over many channels (§4.1, Algorithm 1) the filter transform U = G g Gᵀ and the data
/// transform V = Bᵀ d B turn the sum over input channels c into one matrix product at each
/// of the 16 points (ξ, ν) of a transformed tile,
///     M^(ξ,ν)_{k,b} = Σ_c U^(ξ,ν)_{k,c} V^(ξ,ν)_{c,b}     (output channel k, tile b),
/// and then Y = Aᵀ M A per tile and channel. The backward pass is each step's transpose:
///     ∂L/∂M = A (∂L/∂Y) Aᵀ,
///     ∂L/∂V^(ξ,ν) = U^(ξ,ν)ᵀ ∂L/∂M^(ξ,ν)  →  ∂L/∂d = B (∂L/∂V) Bᵀ, added over overlapping tiles,
///     ∂L/∂U^(ξ,ν) = ∂L/∂M^(ξ,ν) V^(ξ,ν)ᵀ (a sum over tiles)  →  ∂L/∂g = Gᵀ (∂L/∂U) G.
///
/// Maps are channel-last and images `side × side` (side even), zero-padded by one: tile
/// (ty, tx) reads positions 2ty − 1 … 2ty + 2 by 2tx − 1 … 2tx + 2 and makes outputs
/// 2ty, 2ty + 1 by 2tx, 2tx + 1. Transformed tiles are stored point by point, (ξ, ν) at
/// 4ξ + ν, `pointStride` floats apart, and within a point a tile per row (image by image, tile
/// row by tile row): V and ∂L/∂V as [ξν][b][c], M and ∂L/∂M as [ξν][b][k]. Filters are the
/// convolution's weights W[(3 (dy + 1) + dx + 1) · C + c][k] (as `Linear` stores them, tap by
/// tap) and U as [ξν][c][k], each point's U^(ξ,ν) transposed, so that
/// M^(ξ,ν)ᵀ = V^(ξ,ν)ᵀ U^(ξ,ν)ᵀ is a product of row-major matrices.
/// Every loop runs over a vector of channels at a time (8 or 16, the build's `FloatVector`),
/// a partial vector at the end: each value is computed alone, so the width changes no bit.
public enum Winograd {
    /// Points of a transformed tile, (ξ, ν) ∈ {0…3}².
    public static let points = 16

    /// Floats from one point's matrix to the next: the tiles' channels and one cache line
    /// more, so that the 16 rows a tile writes do not all fall in one set of the L1 cache
    /// (which happens when the stride is a multiple of 4 KB, as 64 tiles of 16 channels are).
    public static func pointStride(tiles: Int, channels: Int) -> Int { tiles &* channels &+ 16 }

    /// V = Bᵀ d B of every tile of `images` maps, into `v` (16 points of `pointStride` floats).
    public static func transformData(_ x: UnsafePointer<Float>, images: Int, side s: Int, channels c: Int,
                                     into v: UnsafeMutablePointer<Float>) {
        let stride = pointStride(tiles: images &* (s / 2) &* (s / 2), channels: c)
        withTilePositions(channels: c) { d, zeros in
            zeros.update(repeating: 0, count: c)
            var target = v
            forEachTile(images: images, side: s) { image, ty, tx in
                locate(UnsafeMutablePointer(mutating: x) + image &* s &* s &* c, ty: ty, tx: tx, side: s, channels: c, outside: zeros, into: d)
                forEachVector(channels: c) { k, width in
                    @inline(__always)
                    func row(_ i: Int) -> (FloatVector, FloatVector, FloatVector, FloatVector) {
                        bTransposed(load(d[4 &* i] + k, width), load(d[4 &* i &+ 1] + k, width),
                                    load(d[4 &* i &+ 2] + k, width), load(d[4 &* i &+ 3] + k, width))
                    }
                    // Bᵀ along each row of d, then along each column of the result.
                    let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3)
                    let t = target + k
                    store4(bTransposed(r0.0, r1.0, r2.0, r3.0), t, column: 0, stride, width)
                    store4(bTransposed(r0.1, r1.1, r2.1, r3.1), t, column: 1, stride, width)
                    store4(bTransposed(r0.2, r1.2, r2.2, r3.2), t, column: 2, stride, width)
                    store4(bTransposed(r0.3, r1.3, r2.3, r3.3), t, column: 3, stride, width)
                }
                target += c
            }
        }
    }

    /// ∂L/∂x from ∂L/∂V: B (∂L/∂V) Bᵀ per tile, its 16 values added to the positions the tile
    /// read (those in the padding dropped). Overwrites the `images` maps of `dx`.
    public static func transformDataTranspose(_ dv: UnsafePointer<Float>, images: Int, side s: Int, channels c: Int,
                                              into dx: UnsafeMutablePointer<Float>) {
        let stride = pointStride(tiles: images &* (s / 2) &* (s / 2), channels: c)
        dx.update(repeating: 0, count: images &* s &* s &* c)
        withTilePositions(channels: c) { d, discarded in
            var source = dv
            forEachTile(images: images, side: s) { image, ty, tx in
                locate(dx + image &* s &* s &* c, ty: ty, tx: tx, side: s, channels: c, outside: discarded, into: d)
                forEachVector(channels: c) { k, width in
                    let t = source + k
                    @inline(__always)
                    func row(_ i: Int) -> (FloatVector, FloatVector, FloatVector, FloatVector) {
                        b(point(t, i, 0, stride, width), point(t, i, 1, stride, width), point(t, i, 2, stride, width), point(t, i, 3, stride, width))
                    }
                    @inline(__always)
                    func add(_ column: (FloatVector, FloatVector, FloatVector, FloatVector), column j: Int) {
                        let p0 = d[j] + k, p1 = d[4 &+ j] + k, p2 = d[8 &+ j] + k, p3 = d[12 &+ j] + k
                        store(load(p0, width) + column.0, p0, width)
                        store(load(p1, width) + column.1, p1, width)
                        store(load(p2, width) + column.2, p2, width)
                        store(load(p3, width) + column.3, p3, width)
                    }
                    // B along each row of ∂L/∂V, then along each column.
                    let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3)
                    add(b(r0.0, r1.0, r2.0, r3.0), column: 0); add(b(r0.1, r1.1, r2.1, r3.1), column: 1)
                    add(b(r0.2, r1.2, r2.2, r3.2), column: 2); add(b(r0.3, r1.3, r2.3, r3.3), column: 3)
                }
                source += c
            }
        }
    }

    /// Y = Aᵀ M A of every tile, plus the bias b, into (or, with `accumulate`, added onto) `y`.
    public static func transformProducts(_ m: UnsafePointer<Float>, images: Int, side s: Int, channels c: Int,
                                         bias: UnsafePointer<Float>, accumulate: Bool, into y: UnsafeMutablePointer<Float>) {
        let stride = pointStride(tiles: images &* (s / 2) &* (s / 2), channels: c)
        var source = m
        forEachTile(images: images, side: s) { image, ty, tx in
            let origin = y + image &* s &* s &* c
            forEachVector(channels: c) { k, width in
                let t = source + k, bk = load(bias + k, width)
                // Aᵀ along each row of M, then along each of the two columns left.
                let r0 = aTransposed(point(t, 0, 0, stride, width), point(t, 0, 1, stride, width), point(t, 0, 2, stride, width), point(t, 0, 3, stride, width))
                let r1 = aTransposed(point(t, 1, 0, stride, width), point(t, 1, 1, stride, width), point(t, 1, 2, stride, width), point(t, 1, 3, stride, width))
                let r2 = aTransposed(point(t, 2, 0, stride, width), point(t, 2, 1, stride, width), point(t, 2, 2, stride, width), point(t, 2, 3, stride, width))
                let r3 = aTransposed(point(t, 3, 0, stride, width), point(t, 3, 1, stride, width), point(t, 3, 2, stride, width), point(t, 3, 3, stride, width))
                let c0 = aTransposed(r0.0, r1.0, r2.0, r3.0), c1 = aTransposed(r0.1, r1.1, r2.1, r3.1)
                @inline(__always)
                func put(_ value: FloatVector, row i: Int, column j: Int) {
                    let p = origin + (((2 &* ty &+ i) &* s &+ 2 &* tx &+ j) &* c &+ k)
                    store(accumulate ? load(p, width) + value + bk : value + bk, p, width)
                }
                put(c0.0, row: 0, column: 0); put(c1.0, row: 0, column: 1)
                put(c0.1, row: 1, column: 0); put(c1.1, row: 1, column: 1)
            }
            source += c
        }
    }

    /// ∂L/∂M = A (∂L/∂Y) Aᵀ of every tile, from the gradient of the maps.
    public static func transformProductsTranspose(_ dy: UnsafePointer<Float>, images: Int, side s: Int, channels c: Int,
                                                  into dm: UnsafeMutablePointer<Float>) {
        let stride = pointStride(tiles: images &* (s / 2) &* (s / 2), channels: c)
        var target = dm
        forEachTile(images: images, side: s) { image, ty, tx in
            let origin = dy + image &* s &* s &* c
            forEachVector(channels: c) { k, width in
                @inline(__always)
                func e(_ i: Int, _ j: Int) -> FloatVector { load(origin + (((2 &* ty &+ i) &* s &+ 2 &* tx &+ j) &* c &+ k), width) }
                // A along each of the two rows of ∂L/∂Y, then along each column.
                let r0 = a(e(0, 0), e(0, 1)), r1 = a(e(1, 0), e(1, 1))
                let t = target + k
                store4(a(r0.0, r1.0), t, column: 0, stride, width); store4(a(r0.1, r1.1), t, column: 1, stride, width)
                store4(a(r0.2, r1.2), t, column: 2, stride, width); store4(a(r0.3, r1.3), t, column: 3, stride, width)
            }
            target += c
        }
    }

    /// U = G g Gᵀ for every pair of input channel c and output channel k, into `u`
    /// ([ξν][c][k], 16 · inputs · outputs floats).
    public static func transformFilters(_ w: UnsafePointer<Float>, inputs: Int, outputs: Int, into u: UnsafeMutablePointer<Float>) {
        let plane = inputs &* outputs
        for c in 0..<inputs {
            forEachVector(channels: outputs) { k, width in
                /// g(i, j): the weights of tap (dy, dx) = (i − 1, j − 1).
                @inline(__always)
                func g(_ i: Int, _ j: Int) -> FloatVector { load(w + ((3 &* i &+ j) &* plane &+ c &* outputs &+ k), width) }
                // G along each row of g, then along each column of the result.
                let r0 = gFilter(g(0, 0), g(0, 1), g(0, 2)), r1 = gFilter(g(1, 0), g(1, 1), g(1, 2)), r2 = gFilter(g(2, 0), g(2, 1), g(2, 2))
                let t = u + (c &* outputs &+ k)
                store4(gFilter(r0.0, r1.0, r2.0), t, column: 0, plane, width); store4(gFilter(r0.1, r1.1, r2.1), t, column: 1, plane, width)
                store4(gFilter(r0.2, r1.2, r2.2), t, column: 2, plane, width); store4(gFilter(r0.3, r1.3, r2.3), t, column: 3, plane, width)
            }
        }
    }

    /// Adds ∂L/∂g = Gᵀ (∂L/∂U) G to the weights' gradient `dw` (W's layout).
    public static func transformFiltersTranspose(_ du: UnsafePointer<Float>, inputs: Int, outputs: Int, into dw: UnsafeMutablePointer<Float>) {
        let plane = inputs &* outputs
        for c in 0..<inputs {
            forEachVector(channels: outputs) { k, width in
                let t = du + (c &* outputs &+ k)
                let r0 = gTransposed(point(t, 0, 0, plane, width), point(t, 0, 1, plane, width), point(t, 0, 2, plane, width), point(t, 0, 3, plane, width))
                let r1 = gTransposed(point(t, 1, 0, plane, width), point(t, 1, 1, plane, width), point(t, 1, 2, plane, width), point(t, 1, 3, plane, width))
                let r2 = gTransposed(point(t, 2, 0, plane, width), point(t, 2, 1, plane, width), point(t, 2, 2, plane, width), point(t, 2, 3, plane, width))
                let r3 = gTransposed(point(t, 3, 0, plane, width), point(t, 3, 1, plane, width), point(t, 3, 2, plane, width), point(t, 3, 3, plane, width))
                @inline(__always)
                func add(_ column: (FloatVector, FloatVector, FloatVector), column j: Int) {
                    let p = dw + (j &* plane &+ c &* outputs &+ k)
                    store(load(p, width) + column.0, p, width)
                    store(load(p + 3 &* plane, width) + column.1, p + 3 &* plane, width)
                    store(load(p + 6 &* plane, width) + column.2, p + 6 &* plane, width)
                }
                // Gᵀ along each row of ∂L/∂U, then along each column j: taps (i − 1, j − 1) at 3i + j.
                add(gTransposed(r0.0, r1.0, r2.0, r3.0), column: 0); add(gTransposed(r0.1, r1.1, r2.1, r3.1), column: 1)
                add(gTransposed(r0.2, r1.2, r2.2, r3.2), column: 2)
            }
        }
    }
}

// MARK: - The one-dimensional transforms, each applied along both axes of a tile

/// Bᵀ d: the data transform.
@inline(__always)
private func bTransposed(_ d0: FloatVector, _ d1: FloatVector, _ d2: FloatVector, _ d3: FloatVector)
    -> (FloatVector, FloatVector, FloatVector, FloatVector) {
    (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
}

/// B v: the data transform's transpose.
@inline(__always)
private func b(_ v0: FloatVector, _ v1: FloatVector, _ v2: FloatVector, _ v3: FloatVector)
    -> (FloatVector, FloatVector, FloatVector, FloatVector) {
    (v0, v1 - v2 + v3, v1 + v2 - v0, FloatVector() - v3)
}

/// G g: the filter transform.
@inline(__always)
private func gFilter(_ g0: FloatVector, _ g1: FloatVector, _ g2: FloatVector) -> (FloatVector, FloatVector, FloatVector, FloatVector) {
    let half = FloatVector(repeating: 0.5)
    return (g0, (g0 + g1 + g2) * half, (g0 - g1 + g2) * half, g2)
}

/// Gᵀ u: the filter transform's transpose.
@inline(__always)
private func gTransposed(_ u0: FloatVector, _ u1: FloatVector, _ u2: FloatVector, _ u3: FloatVector) -> (FloatVector, FloatVector, FloatVector) {
    let half = FloatVector(repeating: 0.5)
    return (u0 + (u1 + u2) * half, (u1 - u2) * half, (u1 + u2) * half + u3)
}

/// Aᵀ m: the output transform.
@inline(__always)
private func aTransposed(_ m0: FloatVector, _ m1: FloatVector, _ m2: FloatVector, _ m3: FloatVector) -> (FloatVector, FloatVector) {
    (m0 + m1 + m2, m1 - m2 - m3)
}

/// A e: the output transform's transpose.
@inline(__always)
private func a(_ e0: FloatVector, _ e1: FloatVector) -> (FloatVector, FloatVector, FloatVector, FloatVector) {
    (e0, e0 + e1, e0 - e1, FloatVector() - e1)
}

// MARK: - Loops and memory

/// Calls body(image, ty, tx) for every tile, image by image, tile row by tile row.
@inline(__always)
private func forEachTile(images: Int, side: Int, _ body: (Int, Int, Int) -> Void) {
    let tiles = side / 2
    for n in 0..<images {
        for ty in 0..<tiles {
            for tx in 0..<tiles { body(n, ty, tx) }
        }
    }
}

/// Calls body(k, width) for channels k ..< k + width: a whole vector at a time (the width a
/// constant the compiler folds into the body), then the rest.
@inline(__always)
private func forEachVector(channels: Int, _ body: (Int, Int) -> Void) {
    let whole = channels - channels % FloatVector.scalarCount
    var k = 0
    while k < whole {
        body(k, FloatVector.scalarCount)
        k &+= FloatVector.scalarCount
    }
    if whole < channels { body(whole, channels &- whole) }
}

/// Runs body with room for a tile's 16 position pointers and `channels` floats for the
/// positions outside the image.
@inline(__always)
private func withTilePositions(channels: Int, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<Float>>, UnsafeMutablePointer<Float>) -> Void) {
    withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: 16) { table in
        withUnsafeTemporaryAllocation(of: Float.self, capacity: channels) { outside in
            body(table.baseAddress!, outside.baseAddress!)
        }
    }
}

/// Where the 16 positions (2ty − 1 + i, 2tx − 1 + j) of tile (ty, tx) of an image keep their
/// channels, (i, j) at 4i + j; a position in the padding gets `outside` instead, so the loops
/// over channels never branch.
@inline(__always)
private func locate(_ image: UnsafeMutablePointer<Float>, ty: Int, tx: Int, side s: Int, channels c: Int,
                    outside: UnsafeMutablePointer<Float>, into table: UnsafeMutablePointer<UnsafeMutablePointer<Float>>) {
    for i in 0..<4 {
        let y = 2 &* ty &- 1 &+ i
        for j in 0..<4 {
            let x = 2 &* tx &- 1 &+ j
            table[4 &* i &+ j] = y >= 0 && y < s && x >= 0 && x < s ? image + (y &* s &+ x) &* c : outside
        }
    }
}

/// `width` floats from p (the rest of the vector 0).
@inline(__always)
private func load(_ p: UnsafePointer<Float>, _ width: Int) -> FloatVector {
    if width == FloatVector.scalarCount { return UnsafeRawPointer(p).loadUnaligned(as: FloatVector.self) }
    var v = FloatVector()
    for l in 0..<width { v[l] = p[l] }
    return v
}

/// The first `width` floats of v, to p.
@inline(__always)
private func store(_ v: FloatVector, _ p: UnsafeMutablePointer<Float>, _ width: Int) {
    if width == FloatVector.scalarCount {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: FloatVector.self)
    } else {
        for l in 0..<width { p[l] = v[l] }
    }
}

/// Point (i, j) of a transformed tile whose points are `stride` floats apart.
@inline(__always)
private func point(_ tile: UnsafePointer<Float>, _ i: Int, _ j: Int, _ stride: Int, _ width: Int) -> FloatVector {
    load(tile + (4 &* i &+ j) &* stride, width)
}

/// Column j of a transformed tile: points (0, j) … (3, j), `stride` floats apart.
@inline(__always)
private func store4(_ column: (FloatVector, FloatVector, FloatVector, FloatVector), _ tile: UnsafeMutablePointer<Float>,
                    column j: Int, _ stride: Int, _ width: Int) {
    store(column.0, tile + j &* stride, width)
    store(column.1, tile + (4 &+ j) &* stride, width)
    store(column.2, tile + (8 &+ j) &* stride, width)
    store(column.3, tile + (12 &+ j) &* stride, width)
}
