import Diffusion

/// What classifier-free guidance amplifies: ‖ε(x_t, t, y) − ε(x_t, t)‖, averaged over noisy
/// draws x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε of the ring with x_0's own label y.
enum GuidanceGap {
    static func measure(
        _ models: [(String, any ConditionalNoisePredictor)], mixture: GaussianMixture, t: Int, count: Int,
        seed: UInt64
    ) -> [Double] {
        var rng = Xoshiro256(seed: seed, stream: 9)
        let data = mixture.sampleWithComponents(count: count, using: &rng)
        let schedule = models[0].1.schedule
        let xt = data.points.flatMap { x0 in
            [schedule.qSample(x0: [x0.x, x0.y], t: t, noise: [rng.gaussian(), rng.gaussian()])]
        }.flatMap { $0 }
        return models.map { _, model in
            let conditional = model.predictNoise(xt: xt, t: t, dimension: 2, labels: data.components)
            let unconditional = model.predictNoise(xt: xt, t: t, dimension: 2, labels: nil)
            let gaps = stride(from: 0, to: xt.count, by: 2).map { i in
                let dx = conditional[i] - unconditional[i]
                let dy = conditional[i + 1] - unconditional[i + 1]
                return (dx * dx + dy * dy).squareRoot()
            }
            return gaps.reduce(0, +) / Double(gaps.count)
        }
    }
}
