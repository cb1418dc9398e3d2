/// The trainer's own Float kernels, one call each, for the exercise checks: a learner's
/// answer is compared with what training really runs. Behind an SPI, so they stay out of
/// the workbook's public API (`@_spi(ExerciseChecks) import Diffusion`).
@_spi(ExerciseChecks)
public enum TrainerProbes {
    /// The networks' linear layer y = x W + b run backward: ∂L/∂W (one array per input),
    /// ∂L/∂b and ∂L/∂x (one array per row) for one batch.
    public static func linearBackward(x: [[Double]], weights: [[Double]], outputGradient: [[Double]])
        -> (weightGradient: [[Double]], biasGradient: [Double], inputGradient: [[Double]]) {
        let (rows, inputs, outputs) = (x.count, weights.count, weights[0].count)
        var allocator = ParameterAllocator()
        let layer = Linear(inputs: inputs, outputs: outputs, parameters: &allocator)
        func floats(_ m: [[Double]]) -> FloatBuffer { FloatBuffer(m.joined().map { Float($0) }) }
        let parameters = FloatBuffer(count: allocator.count), gradient = FloatBuffer(count: allocator.count)
        floats(weights).array.enumerated().forEach { parameters.pointer[layer.weightOffset + $0] = $1 }
        let (input, dy) = (floats(x), floats(outputGradient))
        let dx = FloatBuffer(count: rows * inputs), scratch = FloatBuffer(count: layer.scratchCount)
        layer.backward(input.pointer, outputGradient: dy.pointer, rows: rows, parameters: parameters.pointer,
                       gradient: gradient.pointer, inputGradient: dx.pointer, scratch: scratch.pointer)
        let g = gradient.array.map { Double($0) }, d = dx.array.map { Double($0) }
        return ((0..<inputs).map { k in Array(g[(layer.weightOffset + k * outputs)..<(layer.weightOffset + (k + 1) * outputs)]) },
                Array(g[layer.biasOffset..<(layer.biasOffset + outputs)]),
                (0..<rows).map { r in Array(d[(r * inputs)..<((r + 1) * inputs)]) })
    }

    /// The trainer's `Adam` at iteration `step` (Kingma & Ba 2015, Algorithm 1), from the
    /// moments m and v: the new θ, m and v.
    public static func adamStep(theta: [Double], gradient: [Double], m: [Double], v: [Double], step: Int, learningRate: Double)
        -> (theta: [Double], m: [Double], v: [Double]) {
        let optimizer = Adam(parameterCount: theta.count)
        for _ in 1...step { optimizer.advance() }
        for i in theta.indices {
            optimizer.firstMoment.pointer[i] = Float(m[i])
            optimizer.secondMoment.pointer[i] = Float(v[i])
        }
        let parameters = FloatBuffer(theta.map { Float($0) }), g = FloatBuffer(gradient.map { Float($0) })
        optimizer.update(theta.indices, parameters: parameters.pointer, gradient: g.pointer, gradientScale: 1, learningRate: learningRate)
        func doubles(_ buffer: FloatBuffer) -> [Double] { buffer.array.map { Double($0) } }
        return (doubles(parameters), doubles(optimizer.firstMoment), doubles(optimizer.secondMoment))
    }

    /// The trainer's `ExponentialMovingAverage` applied once: d θ_EMA + (1 − d) θ in Float.
    public static func emaUpdate(average: [Double], parameters: [Double], decay: Double) -> [Double] {
        let ema = ExponentialMovingAverage(decay: Float(decay))
        let averaged = FloatBuffer(average.map { Float($0) }), theta = FloatBuffer(parameters.map { Float($0) })
        ema.update(0..<average.count, average: averaged.pointer, parameters: theta.pointer)
        return averaged.array.map(Double.init)
    }
}
