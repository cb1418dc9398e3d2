/// The classifier's layers over one flat parameter vector, a one-hidden-layer perceptron
/// (Rumelhart, Hinton & Williams 1986): logits z = ReLU(x W₁ + b₁) W₂ + b₂ for each row x
/// of `inputs` pixels. Like the noise networks, its forward pass keeps what the backward
/// pass needs in a workspace carved for up to `capacity` rows.
struct ClassifierNetwork: Sendable {
    let hiddenLayer: Linear
    let outputLayer: Linear
    let parameterCount: Int

    init(inputs: Int, hidden: Int, classes: Int) {
        precondition(classes >= 2, "A classifier needs at least two classes.")
        var parameters = ParameterAllocator()
        hiddenLayer = Linear(inputs: inputs, outputs: hidden, parameters: &parameters)
        outputLayer = Linear(inputs: hidden, outputs: classes, parameters: &parameters)
        parameterCount = parameters.count
    }

    var inputs: Int { hiddenLayer.inputs }
    var hidden: Int { hiddenLayer.outputs }
    var classes: Int { outputLayer.outputs }

    func initialize(_ parameters: UnsafeMutablePointer<Float>, using rng: inout Xoshiro256) {
        hiddenLayer.initialize(parameters, using: &rng)
        outputLayer.initialize(parameters, using: &rng)
    }

    /// Where each activation lives: a = ReLU(h) (h's storage reused), ReLU′(h), the logits,
    /// ∂L/∂a on the way back, and the layers' scratch.
    private struct Buffers {
        var a = 0, slope = 0, logits = 0, da = 0, scratch = 0, count = 0

        init(network: ClassifierNetwork, capacity: Int) {
            var layout = WorkspaceLayout()
            a = layout.reserve(capacity * network.hidden)
            slope = layout.reserve(capacity * network.hidden)
            logits = layout.reserve(capacity * network.classes)
            da = layout.reserve(capacity * network.hidden)
            scratch = layout.reserve(max(network.hiddenLayer.scratchCount, network.outputLayer.scratchCount))
            count = layout.count
        }
    }

    func workspaceCount(capacity: Int) -> Int { Buffers(network: self, capacity: capacity).count }

    /// The logits of `rows` rows of x; they live in the workspace.
    func forward(_ x: UnsafePointer<Float>, rows: Int, parameters: UnsafePointer<Float>,
                 workspace w: UnsafeMutablePointer<Float>, capacity: Int) -> UnsafeMutablePointer<Float> {
        let b = Buffers(network: self, capacity: capacity)
        hiddenLayer.forward(x, rows: rows, parameters: parameters, into: w + b.a, scratch: w + b.scratch)
        Activation.relu.forward(w + b.a, count: rows * hidden, into: w + b.a, derivative: w + b.slope)
        outputLayer.forward(w + b.a, rows: rows, parameters: parameters, into: w + b.logits, scratch: w + b.scratch)
        return w + b.logits
    }

    /// Adds ∂L/∂θ to `gradient` given ∂L/∂z (rows × classes), after `forward` on the same
    /// rows and workspace.
    func backward(_ x: UnsafePointer<Float>, logitGradient dz: UnsafePointer<Float>, rows: Int,
                  parameters: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>,
                  workspace w: UnsafeMutablePointer<Float>, capacity: Int) {
        let b = Buffers(network: self, capacity: capacity)
        outputLayer.backward(w + b.a, outputGradient: dz, rows: rows, parameters: parameters, gradient: gradient,
                             inputGradient: w + b.da, scratch: w + b.scratch)
        Activation.relu.backward(outputGradient: w + b.da, derivative: w + b.slope, count: rows * hidden, into: w + b.da)
        hiddenLayer.backward(x, outputGradient: w + b.da, rows: rows, parameters: parameters, gradient: gradient,
                             inputGradient: nil, scratch: w + b.scratch)
    }
}
