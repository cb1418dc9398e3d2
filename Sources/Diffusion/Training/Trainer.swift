/// Trains a noise predictor on 2D points or images with L_simple (Ho et al. 2020,
/// Algorithm 1). It
/// owns the network's weights, Adam's moments, the EMA of the weights, the training set
/// and the random generator, so a run repeats exactly from its configuration's seed.
///
/// `step()` is one optimizer step and allocates nothing: every buffer is made here once.
/// With two threads, each owns half the batch, its own activations and its own gradient;
/// the halves' gradients are summed before the update.
public final class Trainer {
    /// The configuration the trainer was made with.
    public let configuration: TrainingConfiguration
    /// Optimizer steps taken so far.
    public private(set) var completedSteps = 0

    private let architecture: any NetworkArchitecture
    private let parameters: FloatBuffer
    private let average: FloatBuffer
    private let adam: Adam
    private let ema: ExponentialMovingAverage
    private let gradients: [FloatBuffer]
    private let workspaces: [FloatBuffer]
    private let partCapacity: Int
    /// The second thread, when the configuration asks for two.
    private let workers: WorkerPair?
    /// What `run(part:)` does at the next fork, and its inputs: the rows of the batch, the
    /// clipping factor, the learning rate. Two sums come back, one per part.
    private var phase = Phase.forwardAndBackward
    private var batchRows = 0
    private var clipFactor: Float = 1
    private var stepLearningRate = 0.0
    private let partSums: UnsafeMutablePointer<Double>
    private var sampler: EpochSampler
    private var rng: Xoshiro256
    /// The batch: x₀, ε and x_t (rows × dimension each) and t (1…T) per row.
    private let x0: FloatBuffer, noise: FloatBuffer, xt: FloatBuffer
    private let times: UnsafeMutablePointer<Int32>
    /// For a class-conditional network: every training sample's label, and the batch's
    /// labels after dropout (K for none).
    private let trainingLabels: [Int32]
    private let batchLabels: UnsafeMutablePointer<Int32>
    /// √ᾱ_t and √(1 − ᾱ_t) in Float, at the schedule's indices.
    private let signalRates: [Float], noiseRates: [Float]
    /// The loss weight of each step (`LossWeighting`), at the schedule's indices; nil for
    /// uniform weights, which take the loss of the whole part at once.
    private let stepWeights: [Double]?
    /// Flow matching in place of Algorithm 1 (nil: Algorithm 1): the batch's continuous times,
    /// scaled for the embedding; the target (in `noise`) is the conditional velocity.
    private let flow: FlowMatching?
    private let flowTimes: UnsafeMutablePointer<Float>

    /// A trainer with freshly initialized weights (seeded by `configuration.seed`) for the
    /// given training points (a configuration of dimension 2). Throws `TrainingError` for an
    /// invalid configuration or no data.
    /// - Parameters:
    ///   - configuration: What to train, and how.
    ///   - data: The training points.
    public convenience init(configuration: TrainingConfiguration, data: [SIMD2<Double>]) throws {
        try self.init(configuration: configuration, samples: data.flattened)
    }

    /// A trainer for samples of `configuration.dimension` values each, given flat, one
    /// sample after another (the pixels of one image, then the next), with one label per
    /// sample (0…K − 1) for a class-conditional configuration. Throws `TrainingError` for an
    /// invalid configuration, no data, a sample cut short, or labels missing or out of range.
    /// - Parameters:
    ///   - configuration: What to train, and how.
    ///   - samples: The training samples, flat, `configuration.dimension` values each.
    ///   - labels: One class label per sample (0…K − 1) for a class-conditional configuration; nil otherwise.
    ///   - flow: Train a velocity network by flow matching (`FlowMatching`) instead; nil for Algorithm 1.
    public init(configuration: TrainingConfiguration, samples: [Double], labels: [Int]? = nil, flow: FlowMatching? = nil) throws {
        try configuration.validate()
        if let flow, let problem = flow.problem(configuration) { throw TrainingError.invalidConfiguration(problem) }
        self.flow = flow
        let valuesPerRow = configuration.dimension * (flow?.source == .paired ? 2 : 1)
        guard !samples.isEmpty else { throw TrainingError.emptyDataset }
        guard samples.count % valuesPerRow == 0 else {
            throw TrainingError.invalidConfiguration(
                "\(samples.count) values are not a whole number of samples of \(valuesPerRow) values")
        }
        let classes = configuration.labelClasses, sampleCount = samples.count / valuesPerRow
        if classes == 0, labels != nil {
            throw TrainingError.invalidConfiguration("labels need a class-conditional network (label classes > 0)")
        }
        if classes > 0 {
            guard let labels, labels.count == sampleCount else {
                throw TrainingError.invalidConfiguration("a class-conditional network needs one label per training sample")
            }
            guard labels.allSatisfy({ (0..<classes).contains($0) }) else {
                throw TrainingError.invalidConfiguration("every label must lie in 0…\(classes - 1)")
            }
        }
        trainingLabels = (labels ?? []).map { Int32($0) }
        batchLabels = .allocate(capacity: configuration.batchSize)
        self.configuration = configuration
        architecture = configuration.networkShape.makeArchitecture(timesteps: configuration.schedule.timesteps)
        let count = architecture.parameterCount
        parameters = FloatBuffer(count: count)
        var initialization = Xoshiro256(seed: configuration.seed, stream: 0)
        architecture.initialize(parameters.pointer, using: &initialization)
        average = FloatBuffer(count: count)
        average.copy(from: parameters)
        adam = Adam(parameterCount: count)
        ema = ExponentialMovingAverage(decay: Float(configuration.emaDecay))
        let parts = configuration.threads
        partCapacity = (configuration.batchSize + parts - 1) / parts
        workers = parts == 2 ? WorkerPair() : nil
        gradients = (0..<parts).map { _ in FloatBuffer(count: count) }
        let workspaceCount = architecture.workspaceCount(capacity: partCapacity, training: true)
        workspaces = (0..<parts).map { _ in FloatBuffer(count: workspaceCount) }
        sampler = EpochSampler(values: samples, dimension: valuesPerRow)
        rng = Xoshiro256(seed: configuration.seed, stream: 1)
        let values = configuration.dimension * configuration.batchSize
        (x0, noise, xt) = (FloatBuffer(count: valuesPerRow * configuration.batchSize), FloatBuffer(count: values), FloatBuffer(count: values))
        times = .allocate(capacity: configuration.batchSize)
        times.initialize(repeating: 1, count: configuration.batchSize)
        flowTimes = .allocate(capacity: configuration.batchSize)
        partSums = .allocate(capacity: 2)
        signalRates = configuration.schedule.sqrtAlphaBars.map(Float.init)
        noiseRates = configuration.schedule.sqrtOneMinusAlphaBars.map(Float.init)
        let weighting = configuration.lossWeighting
        stepWeights = weighting == .uniform ? nil : configuration.schedule.alphaBars.map { weighting.weight(alphaBar: $0) }
    }

    deinit {
        times.deallocate()
        flowTimes.deallocate()
        batchLabels.deallocate()
        partSums.deallocate()
    }

    /// The number of weights, biases and table entries being trained.
    public var parameterCount: Int { architecture.parameterCount }

    /// The network with the EMA weights: the one to sample from.
    public var model: NoiseNetwork {
        NoiseNetwork(shape: configuration.networkShape, schedule: configuration.schedule, parameters: average.array)
    }

    /// The velocity network with the EMA weights, for a trainer made with `flow`.
    public var velocityModel: VelocityNetwork {
        precondition(flow != nil, "Only a trainer made for flow matching has a velocity model.")
        return VelocityNetwork(shape: configuration.networkShape, schedule: configuration.schedule, parameters: average.array)
    }

    /// The network with the optimizer's current (raw) weights.
    public var currentModel: NoiseNetwork {
        NoiseNetwork(shape: configuration.networkShape, schedule: configuration.schedule, parameters: parameters.array)
    }

    /// L_simple at each time step for the EMA network (see `NoisePredictor.lossPerTimestep`).
    /// - Parameters:
    ///   - data: Held-out points x_0.
    ///   - seed: The seed of the noise ε.
    ///   - times: The t to evaluate (nil: 1…T).
    /// - Returns: The mean loss (the configuration's ℓ) at each t.
    public func lossPerTimestep(data: [SIMD2<Double>], seed: UInt64, times: [Int]? = nil) -> [TimestepLoss] {
        model.lossPerTimestep(data: data, seed: seed, loss: configuration.loss, times: times)
    }

    /// The learning rate of step s (1-based), after warm-up and decay.
    /// - Parameter s: The optimizer step, 1-based.
    /// - Returns: α at step s.
    public func learningRate(atStep s: Int) -> Double {
        configuration.learningRate * configuration.learningRateDecay.factor(step: s, of: configuration.steps,
                                                                            warmup: configuration.warmupSteps)
    }

    /// One optimizer step; returns the batch's loss (each row weighted by its step's
    /// `LossWeighting`, when it is not uniform). Throws `TrainingError.nonFiniteLoss`,
    /// without touching the weights, when the loss or the gradient is not finite.
    @discardableResult
    public func step() throws -> Double {
        let s = completedSteps + 1, dimension = configuration.dimension
        // 1. A batch x₀ from the data, t per sample, ε ~ N(0, I) (Algorithm 1, lines 2–4);
        //    for a conditional network each sample's label, dropped with probability p_uncond
        //    (Ho & Salimans 2022, Algorithm 1, line 3). Flow matching draws its own (`FlowMatching`).
        let indices = sampler.nextIndices(size: configuration.batchSize, using: &rng)
        let rows = sampler.copy(indices, into: x0.pointer)
        if let flow {
            flow.makeBatch(rows: rows, dimension: dimension, pairs: x0.pointer, times: flowTimes, xt: xt.pointer,
                           target: noise.pointer, using: &rng)
        } else {
            algorithmOneBatch(rows: rows, indices: indices)
        }
        // 3. Forward, loss and backward, each thread on its half of the batch.
        batchRows = rows
        let loss = fork(.forwardAndBackward, parts: rows >= 2 ? 2 : 1) / Double(dimension * rows)
        let rate = learningRate(atStep: s)
        let failure = TrainingError.nonFiniteLoss(step: s, learningRate: rate, clipNorm: configuration.clipNorm)
        guard loss.isFinite else { throw failure }
        // 4. Sum the halves' gradients, clip by the global norm, update with Adam, then the EMA;
        //    each thread takes half of the parameters.
        let squaredNorm = fork(.combineGradients, parts: 2)
        guard squaredNorm.isFinite else { throw failure }
        clipFactor = GradientClipping.factor(norm: squaredNorm.squareRoot(), maxNorm: configuration.clipNorm)
        stepLearningRate = rate
        adam.advance()
        _ = fork(.update, parts: 2)
        completedSteps = s
        return loss
    }

    /// The rest of Algorithm 1's batch (lines 3–4) after x₀: t, ε, labels and x_t.
    private func algorithmOneBatch(rows: Int, indices: ArraySlice<Int32>) {
        let dimension = configuration.dimension
        configuration.timeSampling.draw(count: rows, schedule: configuration.schedule, using: &rng, into: times)
        for v in 0..<(dimension * rows) { noise.pointer[v] = Float(rng.gaussian()) }
        let classes = configuration.labelClasses
        for (r, index) in indices.enumerated() where classes > 0 {
            batchLabels[r] = Int32(LabelDropout.drop(Int(trainingLabels[Int(index)]), probability: configuration.labelDropout,
                                                     nullLabel: classes, using: &rng))
        }
        // 2. x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε (eq. 4, reparameterized).
        for r in 0..<rows {
            let i = configuration.schedule.index(Int(times[r]))
            for d in (dimension * r)..<(dimension * (r + 1)) {
                xt.pointer[d] = signalRates[i] * x0.pointer[d] + noiseRates[i] * noise.pointer[d]
            }
        }
    }

    /// Runs `phase` as two parts on the two threads (or both parts in turn on one thread,
    /// when there is one or `parts` is 1) and returns the sum of what the parts left in
    /// `partSums`.
    private func fork(_ phase: Phase, parts: Int) -> Double {
        self.phase = phase
        partSums[0] = 0
        partSums[1] = 0
        if parts == 2, let workers {
            workers.run(self)
        } else {
            run(part: 0)
            if gradients.count == 2 && phase == .forwardAndBackward { gradients[1].zero() }
        }
        return partSums[0] + partSums[1]
    }

    /// Runs `steps` more steps (by default, up to `configuration.steps`), calling
    /// `progress(step, loss)` after each. Stops with the first error; the trainer then holds
    /// the last good weights.
    /// - Parameters:
    ///   - steps: How many steps to run (nil: the rest of `configuration.steps`).
    ///   - progress: Called with the step number (1-based, counted over the trainer's life) and its loss.
    /// - Throws: ``TrainingError/nonFiniteLoss(step:learningRate:clipNorm:)`` when a step diverges.
    public func train(steps: Int? = nil, progress: (_ step: Int, _ loss: Double) -> Void = { _, _ in }) throws {
        let count = steps ?? max(0, configuration.steps - completedSteps)
        precondition(count >= 0, "The number of steps to train must not be negative.")
        for _ in 0..<count {
            let loss = try step()
            progress(completedSteps, loss)
        }
    }
}

extension Trainer: PartitionedWork {
    /// The steps of a training step that two threads share.
    fileprivate enum Phase {
        /// Forward pass, loss and backward pass on a part of the batch, into the part's
        /// gradient; the part's loss sum goes to `partSums`.
        case forwardAndBackward
        /// The two parts' gradients summed over a part of the parameters, with Σ g².
        case combineGradients
        /// Adam and the EMA over a part of the parameters.
        case update
    }

    func run(part: Int) {
        switch phase {
        case .forwardAndBackward:
            let parts = workers != nil && batchRows >= 2 ? 2 : 1
            let half = (batchRows + parts - 1) / parts
            let start = part * half, count = min(batchRows, start + half) - start
            let gradient = gradients[part].pointer, workspace = workspaces[part].pointer
            gradients[part].zero()
            let d = configuration.dimension
            let labels = configuration.labelClasses > 0 ? UnsafePointer(batchLabels + start) : nil
            let input = NetworkInput(points: xt.pointer + d * start, times: times + start, rows: count, labels: labels,
                                     scaledTimes: flow == nil ? nil : UnsafePointer(flowTimes + start))
            let output = architecture.forward(input, parameters: parameters.pointer, workspace: workspace,
                                              capacity: partCapacity, training: true)
            let values = Double(d * batchRows)
            if let stepWeights {
                // Each row's loss, and so its gradient, times its step's weight.
                var sum = 0.0
                for r in 0..<count {
                    let weight = stepWeights[configuration.schedule.index(Int(times[start + r]))]
                    sum += weight * configuration.loss.sumAndGradient(prediction: output + d * r, noise: noise.pointer + d * (start + r),
                                                                      count: d, gradientScale: Float(weight / values))
                }
                partSums[part] = sum
            } else {
                partSums[part] = configuration.loss.sumAndGradient(prediction: output, noise: noise.pointer + d * start,
                                                                   count: d * count, gradientScale: Float(1 / values))
            }
            architecture.backward(input, outputGradient: output, parameters: parameters.pointer, gradient: gradient,
                                  workspace: workspace, capacity: partCapacity)
        case .combineGradients:
            let second = gradients.count > 1 ? gradients[1].pointer : nil
            partSums[part] = GradientClipping.combine(parameterRange(part: part), gradients[0].pointer, second)
        case .update:
            let range = parameterRange(part: part)
            adam.update(range, parameters: parameters.pointer, gradient: gradients[0].pointer, gradientScale: clipFactor,
                        learningRate: stepLearningRate)
            ema.update(range, average: average.pointer, parameters: parameters.pointer)
        }
    }

    /// The parameters of one part: two halves (the first a multiple of 8 long) with two
    /// threads, all of them with one.
    private func parameterRange(part: Int) -> Range<Int> {
        let count = parameters.count
        guard workers != nil else { return 0..<count }
        let half = (count / 2) & ~7
        return part == 0 ? 0..<half : half..<count
    }
}
