/// The noise predictor of Siddiqui's 2D tutorial, 2 → width → width → 2:
/// ε̂ = softplus(e²_t ⊙ (softplus(e¹_t ⊙ (x_t W₁ + b₁)) W₂ + b₂)) W₃ + b₃ (row vectors),
/// two per-step `ConditionalLinear` layers, each followed by softplus, and a linear output.
struct TutorialNetwork: NetworkArchitecture {
    let width: Int
    let timesteps: Int
    let first: ConditionalLinear
    let second: ConditionalLinear
    let output: Linear
    let parameterCount: Int
    /// The tutorial's network is for 2D points only.
    var dimension: Int { 2 }

    init(width: Int, timesteps: Int) {
        var parameters = ParameterAllocator()
        first = ConditionalLinear(inputs: 2, outputs: width, timesteps: timesteps, parameters: &parameters)
        second = ConditionalLinear(inputs: width, outputs: width, timesteps: timesteps, parameters: &parameters)
        output = Linear(inputs: width, outputs: 2, parameters: &parameters)
        self.width = width
        self.timesteps = timesteps
        parameterCount = parameters.count
    }

    var multiplyAddsPerSample: Int { first.multiplyAdds + second.multiplyAdds + output.multiplyAdds }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        first.initialize(parameters, using: &rng)
        second.initialize(parameters, using: &rng)
        output.initialize(parameters, using: &rng)
    }

    /// Where each activation lives: z = a layer's linear output, h = after the per-step
    /// scale and then (in place) after softplus, d = softplus′, g = gradients on the way back.
    /// Without training, z and h share memory and nothing for the backward pass is kept.
    private struct Buffers {
        var z1 = 0, h1 = 0, d1 = 0, z2 = 0, h2 = 0, d2 = 0, output = 0, g1 = 0, g2 = 0, scratch = 0
        var count = 0

        init(network: TutorialNetwork, capacity: Int, training: Bool) {
            var layout = WorkspaceLayout()
            let hidden = capacity * network.width
            h1 = layout.reserve(hidden)
            h2 = layout.reserve(hidden)
            output = layout.reserve(capacity * 2)
            scratch = layout.reserve(max(network.second.scratchCount, network.output.scratchCount))
            if training {
                (z1, z2, d1, d2) = (layout.reserve(hidden), layout.reserve(hidden), layout.reserve(hidden), layout.reserve(hidden))
                (g1, g2) = (layout.reserve(hidden), layout.reserve(hidden))
            } else {
                (z1, z2) = (h1, h2)
            }
            count = layout.count
        }
    }

    func workspaceCount(capacity: Int, training: Bool) -> Int {
        Buffers(network: self, capacity: capacity, training: training).count
    }

    func forward(_ input: NetworkInput, parameters: UnsafePointer<Float>, workspace w: UnsafeMutablePointer<Float>,
                 capacity: Int, training: Bool) -> UnsafeMutablePointer<Float> {
        let b = Buffers(network: self, capacity: capacity, training: training)
        let rows = input.rows, hidden = input.rows * width
        first.forward(input.points, times: input.times, rows: rows, parameters: parameters,
                      linearOutput: w + b.z1, into: w + b.h1, scratch: w + b.scratch)
        Activation.softplus.forward(w + b.h1, count: hidden, into: w + b.h1, derivative: training ? w + b.d1 : nil)
        second.forward(w + b.h1, times: input.times, rows: rows, parameters: parameters,
                       linearOutput: w + b.z2, into: w + b.h2, scratch: w + b.scratch)
        Activation.softplus.forward(w + b.h2, count: hidden, into: w + b.h2, derivative: training ? w + b.d2 : nil)
        output.forward(w + b.h2, rows: rows, parameters: parameters, into: w + b.output, scratch: w + b.scratch)
        return w + b.output
    }

    func backward(_ input: NetworkInput, outputGradient: UnsafeMutablePointer<Float>, parameters: UnsafePointer<Float>,
                  gradient: UnsafeMutablePointer<Float>, workspace w: UnsafeMutablePointer<Float>, capacity: Int) {
        let b = Buffers(network: self, capacity: capacity, training: true)
        let rows = input.rows, hidden = input.rows * width
        output.backward(w + b.h2, outputGradient: outputGradient, rows: rows, parameters: parameters, gradient: gradient,
                        inputGradient: w + b.g2, scratch: w + b.scratch)
        Activation.softplus.backward(outputGradient: w + b.g2, derivative: w + b.d2, count: hidden, into: w + b.g2)
        second.backward(w + b.h1, linearOutput: w + b.z2, times: input.times, rows: rows, outputGradient: w + b.g2,
                        parameters: parameters, gradient: gradient, inputGradient: w + b.g1, scratch: w + b.scratch)
        Activation.softplus.backward(outputGradient: w + b.g1, derivative: w + b.d1, count: hidden, into: w + b.g1)
        first.backward(input.points, linearOutput: w + b.z1, times: input.times, rows: rows, outputGradient: w + b.g1,
                       parameters: parameters, gradient: gradient, inputGradient: nil, scratch: w + b.scratch)
    }
}
