import Plot

/// Anything the notebook can save as a PNG.
public protocol PNGRenderable {
    func pngData() throws -> [UInt8]
}

extension Figure: PNGRenderable {}
extension ImageGrid: PNGRenderable {}
