import KernelOperands

/// A `Convolution` computed by Winograd's F(2 × 2, 3 × 3) (Lavin & Gray 2016, §4.1,
/// Algorithm 1; the transforms and their names are `Winograd`'s): U = G g Gᵀ once per call,
/// then a few images at a time their tiles' V = Bᵀ d B, the 16 products M^(ξ,ν) = U^(ξ,ν) V^(ξ,ν)
/// and Y = Aᵀ M A. Stored point by point with a tile per row, each point's product is
///     M^(ξ,ν)ᵀ (tiles × outputs) = V^(ξ,ν)ᵀ (tiles × inputs) · U^(ξ,ν)ᵀ (inputs × outputs),
/// of row-major matrices read in place.
extension Convolution {
    /// Tiles of 2 × 2 outputs per image.
    private var tilesPerImage: Int { side * side / 4 }

    /// y = conv(x) + b, or y += conv(x) + b with `.accumulate`. `workspace` holds a chunk's
    /// V and M, `scratch` U.
    func winogradForward(_ x: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>,
                         workspace: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>,
                         output: Linear.Output, scratch u: UnsafeMutablePointer<Float>) {
        let accumulate: Bool
        switch output {
        case .overwrite: accumulate = false
        case .accumulate: accumulate = true
        case .scaleRows: preconditionFailure("A convolution's output is overwritten or accumulated, not scaled by rows.")
        }
        let (c, k, positions) = (inputs, outputs, side * side)
        Winograd.transformFilters(parameters + linear.weightOffset, inputs: c, outputs: k, into: u)
        let v = workspace, m = workspace + Winograd.points * Winograd.pointStride(tiles: min(rows, chunkImages) * tilesPerImage, channels: c)
        for first in stride(from: 0, to: rows, by: chunkImages) {
            let count = min(chunkImages, rows - first), tiles = count * tilesPerImage
            let (vStride, mStride) = (Winograd.pointStride(tiles: tiles, channels: c), Winograd.pointStride(tiles: tiles, channels: k))
            // 1. V = Bᵀ d B for every tile of the chunk.
            Winograd.transformData(x + first * positions * c, images: count, side: side, channels: c, into: v)
            // 2. M^(ξ,ν)ᵀ = V^(ξ,ν)ᵀ U^(ξ,ν)ᵀ at each of the 16 points.
            for point in 0..<Winograd.points {
                multiply(rows: tiles, columns: k, inner: c, .rowMajor(v + point * vStride, columns: c), .rowMajor(u + point * c * k, columns: k),
                         into: m + point * mStride, cRowStride: k, start: .overwrite)
            }
            // 3. Y = Aᵀ M A (+ b).
            Winograd.transformProducts(m, images: count, side: side, channels: k, bias: parameters + linear.biasOffset,
                                       accumulate: accumulate, into: y + first * positions * k)
        }
    }

    /// Adds ∂L/∂W and ∂L/∂b to `gradient` and, with `inputGradient`, writes ∂L/∂x there.
    /// `workspace` holds a chunk's V (made again from x) and ∂L/∂M, `workspaceGradient` its
    /// ∂L/∂V; `scratch` holds each point's U^(ξ,ν) (as k × c, row-major) and ∂L/∂U summed
    /// over all tiles.
    func winogradBackward(_ x: UnsafePointer<Float>, outputGradient dy: UnsafePointer<Float>, rows: Int,
                          parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                          inputGradient dx: UnsafeMutablePointer<Float>?, workspace: UnsafeMutablePointer<Float>,
                          workspaceGradient dv: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        let (c, k, positions, plane) = (inputs, outputs, side * side, inputs * outputs)
        let uByOutputs = scratch, du = scratch + Winograd.points * plane
        if dx != nil {
            // U^(ξ,ν) as outputs × inputs: U made in ∂L/∂U's place, then each point turned around.
            Winograd.transformFilters(parameters + linear.weightOffset, inputs: c, outputs: k, into: du)
            for point in 0..<Winograd.points {
                transpose(du + point * plane, rows: c, columns: k, into: uByOutputs + point * plane)
            }
        }
        du.update(repeating: 0, count: Winograd.points * plane)
        let v = workspace, dm = workspace + Winograd.points * Winograd.pointStride(tiles: min(rows, chunkImages) * tilesPerImage, channels: c)
        for first in stride(from: 0, to: rows, by: chunkImages) {
            let count = min(chunkImages, rows - first), tiles = count * tilesPerImage
            let (vStride, mStride) = (Winograd.pointStride(tiles: tiles, channels: c), Winograd.pointStride(tiles: tiles, channels: k))
            // 1. V = Bᵀ d B again, and ∂L/∂M = A (∂L/∂Y) Aᵀ.
            Winograd.transformData(x + first * positions * c, images: count, side: side, channels: c, into: v)
            Winograd.transformProductsTranspose(dy + first * positions * k, images: count, side: side, channels: k, into: dm)
            for point in 0..<Winograd.points {
                let vPoint = MatrixOperand.rowMajor(v + point * vStride, columns: c)
                let dmPoint = MatrixOperand.rowMajor(dm + point * mStride, columns: k)
                // 2. ∂L/∂U^(ξ,ν)ᵀ += V^(ξ,ν) (∂L/∂M^(ξ,ν))ᵀ, summed over the chunk's tiles.
                multiply(rows: c, columns: k, inner: tiles, vPoint.transposed, dmPoint, into: du + point * plane, cRowStride: k,
                         start: .accumulate)
                // 3. ∂L/∂V^(ξ,ν)ᵀ = (∂L/∂M^(ξ,ν))ᵀ U^(ξ,ν).
                if dx != nil {
                    multiply(rows: tiles, columns: c, inner: k, dmPoint, .rowMajor(uByOutputs + point * plane, columns: c),
                             into: dv + point * vStride, cRowStride: c, start: .overwrite)
                }
            }
            // 4. ∂L/∂d = B (∂L/∂V) Bᵀ, added over the overlapping tiles.
            if let dx { Winograd.transformDataTranspose(dv, images: count, side: side, channels: c, into: dx + first * positions * c) }
        }
        // 5. ∂L/∂g = Gᵀ (∂L/∂U) G and ∂L/∂b = Σ ∂L/∂Y.
        Winograd.transformFiltersTranspose(du, inputs: c, outputs: k, into: gradient + linear.weightOffset)
        RowOperations.addColumnSums(of: dy, rows: rows * positions, columns: k, into: gradient + linear.biasOffset)
    }
}
