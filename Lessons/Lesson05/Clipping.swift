// Lesson 05: what clipping x̂_0 does to a DDPM step, and when it helps or hurts.
import Diffusion
import Foundation
import Plot
import TrainedModels
import Workbook

func clippingCell(book: Notebook, setup: SamplingSetup, count: Int, seed: UInt64) {
    book.cell("Clipping x̂_0")
    let schedule = setup.schedule, T = schedule.timesteps
    let ideal = setup.denoisers.first { $0.name == "ideal" }!, trained = setup.denoisers.first { $0.name == "trained" }!
    book.say("""
        Every step implies a guess of the clean data, x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t. For images \
        scaled to [−1, 1], Ho et al.'s sampling code clamps x̂_0 to that range and then steps to the \
        posterior mean with the clamped guess, μ̃_t(x_t, clip(x̂_0)) of eq. 7 (the exercise \
        predictX0Clipped). Without clipping that mean is exactly eq. 11; once a value is clamped it \
        is not any more. It helps where the data are bounded and the network's x̂_0 strays past the \
        bound, as at large t, where dividing by √ᾱ_t magnifies every error of ε̂:
        """)
    let xT = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed)
    let step = ReverseStep.ddpm(schedule: schedule, t: T, variance: .beta)
    let firstGuess = step.predictedX0(xt: xT, eps: trained.predictor.predictNoise(xt: xT, t: T, dimension: 2))
    let box = 1.5
    let outside = Double(firstGuess.filter { abs($0) > box }.count) / Double(firstGuess.count)
    book.result("at t = T the trained network's x̂_0 reaches |x̂_0| = \(Format.number(firstGuess.map(abs).max()!, digits: 3)); "
                + "\(Format.number(100 * outside, digits: 3))% of its values lie outside ±\(box), where the ring all but never goes")
    let held = ideal.heldOut(count: count, seed: seed)
    let dataOutside = Double(held.independent.flatMap { [$0.x, $0.y] }.filter { abs($0) > 1 }.count) / Double(2 * held.independent.count)
    book.say("""
        It hurts where the box cuts into the data: the ring has radius 1 and spread 0.1, and \
        \(Format.number(100 * dataOutside, digits: 3))% of the held-out data's coordinates lie outside [−1, 1]. DDPM \
        with the ideal denoiser (so that only the clipping differs), \(count) samples, energy \
        distance over its expected floor:
        """)
    var table = TextTable(columns: ["clip x̂_0 to", "÷ expected floor", "sample values outside [−1, 1]"])
    var csv = CSVTable(columns: ["clip_to", "energy_distance", "expected_floor", "ratio_to_expected_floor", "fraction_outside_unit_box"])
    var squeezed = 0.0
    for (name, clipping) in [("none", X0Clipping.none), ("±1.5", .range(-box...box)), ("±1", .range(-1...1))] {
        let samples = DDPMSampler(schedule: schedule, variance: .beta, clipping: clipping).run(predictor: ideal.predictor, count: count, dimension: 2, seed: seed).points
        let score = EnergyDistanceComparison(samples: samples, data: held.data, independentData: held.independent)
        let values = samples.flatMap { [$0.x, $0.y] }
        let fraction = Double(values.filter { abs($0) > 1 }.count) / Double(values.count)
        if name == "±1" { squeezed = fraction }
        table.append([name, Format.ratio(score.distance / score.expectedFloor), Format.number(100 * fraction, digits: 3) + "%"])
        csv.append([.text(name), .number(score.distance), .number(score.expectedFloor), .number(score.distance / score.expectedFloor), .number(fraction)])
    }
    book.show(table)
    book.save(data: csv, as: "clipping", caption: "DDPM with the ideal denoiser under three clipping boxes.")
    book.say("""
        A box around the data leaves the samples as they were; the box [−1, 1] squeezes the ring: \
        only \(Format.number(100 * squeezed, digits: 2))% of the sample values stay outside it, against \
        \(Format.number(100 * dataOutside, digits: 3))% of the data's, and the score worsens. Clip to the data's range, and only when the data have one \
        (Lesson 07's images do).
        """)
}
