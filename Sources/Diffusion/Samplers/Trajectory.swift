/// Which states of a chain a sampler keeps, for animations and panels.
public struct TrajectoryRecording: Sendable, Equatable {
    /// Which states to keep.
    public enum Selection: Sendable, Equatable {
        /// Keep only the final samples.
        case none
        /// Keep the state before every k-th step (steps 0, k, 2k, … of the chain, so the
        /// first is x_T) and the final state.
        case every(Int)
        /// Keep x_t for these t (paper convention; 0 is the final x_0 of a sampler). A
        /// sampler that skips a t (DDIM on a sub-sequence) records nothing for it.
        case times(Set<Int>)
    }

    /// Which states are kept.
    public let selection: Selection
    /// Whether each kept state also keeps the prediction x̂_0 made from it.
    public let predictions: Bool

    /// A recording of the states `selection` picks.
    /// - Parameters:
    ///   - selection: Which states to keep.
    ///   - predictions: Whether to keep x̂_0 with each state.
    public init(_ selection: Selection, predictions: Bool = false) {
        if case .every(let k) = selection {
            precondition(k >= 1, "Recording every k-th step needs k ≥ 1.")
        }
        self.selection = selection
        self.predictions = predictions
    }

    /// Keeps only the final samples.
    public static let none = TrajectoryRecording(.none)

    /// Keeps every k-th state and the final one.
    /// - Parameters:
    ///   - k: The stride, at least 1.
    ///   - predictions: Whether to keep x̂_0 with each state.
    public static func every(_ k: Int, predictions: Bool = false) -> TrajectoryRecording {
        TrajectoryRecording(.every(k), predictions: predictions)
    }

    /// Keeps the states at the given paper times.
    /// - Parameters:
    ///   - times: The t to keep (0: the final samples).
    ///   - predictions: Whether to keep x̂_0 with each state.
    public static func times(_ times: Set<Int>, predictions: Bool = false) -> TrajectoryRecording {
        TrajectoryRecording(.times(times), predictions: predictions)
    }

    /// Whether to keep the state x_t that step number `step` (0-based) of the chain starts from.
    func keeps(step: Int, t: Int) -> Bool {
        switch selection {
        case .none: return false
        case .every(let k): return step % k == 0
        case .times(let times): return times.contains(t)
        }
    }

    /// Whether to keep the final state, at time t.
    func keepsFinal(t: Int) -> Bool {
        switch selection {
        case .none: return false
        case .every: return true
        case .times(let times): return times.contains(t)
        }
    }
}

/// One kept state of a chain.
public struct TrajectoryFrame: Sendable, Equatable {
    /// The paper time t of the state (0 for the final x_0 of a sampler).
    public let t: Int
    /// x_t, flat, sample after sample.
    public let samples: [Double]
    /// x̂_0 predicted from x_t, when predictions were recorded (nil for the final state).
    public let predictedX0: [Double]?
}

/// What a sampler returns: the final samples and the states it was asked to keep.
public struct SamplingResult: Sendable {
    /// The final samples, flat, sample after sample.
    public let samples: [Double]
    /// Values per sample.
    public let dimension: Int
    /// The kept states, in the order the chain visited them.
    public let trajectory: [TrajectoryFrame]

    /// The number of samples.
    public var count: Int { samples.count / dimension }

    /// The samples as 2D points (the dimension must be 2).
    public var points: [SIMD2<Double>] {
        precondition(dimension == 2, "Only samples of dimension 2 are points in the plane.")
        return [SIMD2<Double>](flat: samples)
    }
}
