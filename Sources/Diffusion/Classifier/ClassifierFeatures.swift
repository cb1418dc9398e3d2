extension ImageClassifier {
    /// The penultimate layer's activations, ReLU(x W₁ + b₁), for every image: the features
    /// the workbook's KID compares (Bińkowski et al. 2018 take an Inception network's
    /// penultimate layer).
    /// - Parameter images: whole images of `inputs` pixels, flat.
    /// - Returns: the `hidden` features of the first image, then the next.
    public func features(_ images: [Double]) -> [Double] {
        precondition(images.count % inputs == 0, "The images must hold a whole number of \(inputs)-pixel images.")
        let rows = images.count / inputs, x = images.map(Float.init), layer = network.hiddenLayer
        var output = [Float](repeating: 0, count: rows * hidden)
        let scratch = FloatBuffer(count: layer.scratchCount)
        x.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { theta in
                output.withUnsafeMutableBufferPointer { out in
                    layer.forward(x.baseAddress!, rows: rows, parameters: theta.baseAddress!, into: out.baseAddress!, scratch: scratch.pointer)
                    Activation.relu.forward(out.baseAddress!, count: rows * hidden, into: out.baseAddress!, derivative: nil)
                }
            }
        }
        return output.map(Double.init)
    }
}
