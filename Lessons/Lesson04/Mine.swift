import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson04: the floor cell measures the trained network's loss at each t with
/// the learner's `simpleLoss` (Sources/Exercises/Lesson04.swift), the network as ε_θ. Training
/// itself stays on the module's fast path (its loss is computed inside the network's batched
/// kernels). Without `--mine`, or when not attempted, the module computes.
struct Mine {
    static let help =
        "Measure the trained network's loss at each t (the floor cell) with your simpleLoss "
        + "(Sources/Exercises/Lesson04.swift), compared with the reference; training stays the module's."
    let simpleLoss: YourAnswer<SimpleLoss>?

    /// Runs the check, and the answer at t = 1 and t = T of `schedule`, before the lesson writes
    /// anything; the exercise carries the answer, the learner's unless a test passes another.
    init(enabled: Bool, schedule: NoiseSchedule, simpleLoss: Exercise<SimpleLoss> = Lesson04Catalog.simpleLoss)
        throws(MineError)
    {
        self.simpleLoss =
            enabled
            ? try YourAnswer(simpleLoss) { f in
                _ = try f(
                    [[0.5, -0.5], [0.1, 0.2]], [1, schedule.timesteps], [[0.3, -1.2], [0.7, 0.4]], schedule.alphaBars
                ) { x, _ in x }
            } : nil
    }

    /// L_simple at each t of `times` on `data` with one draw of ε from `seed` (as
    /// `lossPerTimestep`); under `--mine` by the learner's `simpleLoss`, compared with the
    /// reference answer on the same x_0, t, ε and network.
    func lossPerTimestep(_ network: some NoisePredictor, data: [SIMD2<Double>], seed: UInt64, times: [Int])
        -> [TimestepLoss]
    {
        guard let simpleLoss, simpleLoss.isYours else {
            return network.lossPerTimestep(data: data, seed: seed, loss: .l2, times: times)
        }
        let x0 = data.map { [$0.x, $0.y] }
        var rng = Xoshiro256(seed: seed)
        let flat = rng.gaussians(2 * data.count)
        let noise = data.indices.map { [flat[2 * $0], flat[2 * $0 + 1]] }
        let alphaBars = network.schedule.alphaBars
        let epsTheta = { (x: [Double], t: Int) in network.predictNoise(xt: x, t: t, dimension: 2) }
        return times.map { t in
            let steps = [Int](repeating: t, count: data.count)
            let reference = orFail { try simpleLoss.exercise.reference(x0, steps, noise, alphaBars, epsTheta) }
            let loss = orFail {
                try simpleLoss.values(reference: [reference], at: "t = \(t)") {
                    [try $0(x0, steps, noise, alphaBars, epsTheta)]
                }
            }
            return TimestepLoss(t: t, loss: loss[0])
        }
    }
}
