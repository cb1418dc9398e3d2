/// A network trained with class labels (`NetworkShape.labelClasses` = K > 0) is a
/// conditional predictor: ε(x_t, t, y) for y = 0…K − 1, and ε(x_t, t) through its null
/// label K, the pair classifier-free guidance combines (Ho & Salimans 2022, §3.2). As a
/// plain `NoisePredictor` it predicts ε(x_t, t).
extension NoiseNetwork: ConditionalNoisePredictor {
    /// K, the number of classes; 0 for an unconditional network.
    public var classCount: Int { shape.labelClasses }
    public var isConditional: Bool { classCount > 0 }

    public func predictNoise(xt: [Double], t: Int, dimension: Int, labels: [Int]?) -> [Double] {
        precondition(isConditional, "Only a class-conditional network takes labels.")
        precondition(dimension == shape.dimension,
                     "This network predicts noise for samples of \(shape.dimension) values, not \(dimension).")
        return predictNoise(xt: xt, times: Array(repeating: t, count: xt.count / dimension), labels: labels)
    }

    /// What the layers read: nil for an unconditional network, else each sample's label
    /// with nil (no labels) turned into the null label K.
    func labelCodes(_ labels: [Int]?, count: Int) -> [Int32]? {
        guard isConditional else {
            precondition(labels == nil, "An unconditional network takes no labels.")
            return nil
        }
        guard let labels else { return Array(repeating: Int32(classCount), count: count) }
        checkLabels(labels, samples: count)
        return labels.map { Int32($0) }
    }
}

extension Optional where Wrapped == [Int32] {
    /// Runs `body` with a pointer to the array's values, or nil.
    func withOptionalPointer<R>(_ body: (UnsafePointer<Int32>?) -> R) -> R {
        switch self {
        case .none: return body(nil)
        case .some(let values): return values.withUnsafeBufferPointer { body($0.baseAddress) }
        }
    }
}
