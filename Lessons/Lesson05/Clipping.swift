// Lesson 05: what clipping x̂_0 does to a DDPM step, and when it helps or hurts.
import Diffusion
import Foundation
import Plot
import TrainedModels
import Workbook

func clippingCell(book: Notebook, setup: SamplingSetup, count: Int, seed: UInt64) {
    book.cell("Clipping x̂_0")
    let schedule = setup.schedule
    let T = schedule.timesteps
    let ideal = setup.denoisers.first { $0.name == "ideal" }!
    let trained = setup.denoisers.first { $0.name == "trained" }!
    book.say("""
        Every step implies a guess of the clean data, x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t. For images \
        scaled to [−1, 1], Ho et al.'s sampling code clamps x̂_0 to that range and then steps to the \
        posterior mean with the clamped guess, μ̃_t(x_t, clip(x̂_0)) of eq. 7 (the exercise \
        predictX0Clipped). Without clipping that mean is exactly eq. 11; once a value is clamped it \
        is not any more. Clipping is meant for a network whose x̂_0 strays past the data's bound, as at \
        large t, where dividing by √ᾱ_t magnifies every error of ε̂:
        """)
    let xT = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed)
    let step = ReverseStep.ddpm(schedule: schedule, t: T, variance: .beta)
    let firstGuess = step.predictedX0(xt: xT, eps: trained.predictor.predictNoise(xt: xT, t: T, dimension: 2))
    let box = 1.5
    let largestGuess = firstGuess.map(abs).max()!
    let outside = Double(firstGuess.filter { abs($0) > box }.count) / Double(firstGuess.count)
    book.result(
        "at t = T the trained network's x̂_0 reaches |x̂_0| = \(Format.number(largestGuess, digits: 3)); "
            + "\(Format.number(100 * outside, digits: 3))% of its values lie outside ±\(box), where the ring all but never goes"
    )
    let held = ideal.heldOut(count: count, seed: seed)
    let dataOutside =
        Double(held.independent.flatMap { [$0.x, $0.y] }.filter { abs($0) > 1 }.count)
        / Double(2 * held.independent.count)
    book.say("""
        Does clipping to ±\(box), a box around the whole ring, mend that? And what does a box that cuts into \
        the data do? The ring has radius 1 and spread 0.1, and \
        \(Format.number(100 * dataOutside, digits: 3))% of the held-out data's coordinates lie outside [−1, 1]. DDPM, \
        \(count) samples, energy distance over its expected floor; a value counts as on the edge when it is \
        within 10⁻⁹ of ±1:
        """)
    var table = TextTable(columns: [
        "denoiser", "clip x̂_0 to", "÷ expected floor", "values outside [−1, 1]", "on its edge",
    ])
    var csv = CSVTable(columns: [
        "denoiser", "clip_to", "energy_distance", "expected_floor", "ratio_to_expected_floor",
        "fraction_outside_unit_box", "fraction_on_unit_box_edge",
    ])
    var ratios: [String: Double] = [:]
    var squeezed = (outside: 0.0, onEdge: 0.0)
    let runs = [
        (trained, "none", X0Clipping.none), (trained, "±1.5", .range(-box...box)),
        (ideal, "none", .none), (ideal, "±1.5", .range(-box...box)), (ideal, "±1", .range(-1...1)),
    ]
    for (denoiser, name, clipping) in runs {
        let samples = DDPMSampler(schedule: schedule, variance: .beta, clipping: clipping)
            .run(predictor: denoiser.predictor, count: count, dimension: 2, seed: seed).points
        let score = EnergyDistanceComparison(samples: samples, data: held.data, independentData: held.independent)
        let values = samples.flatMap { [$0.x, $0.y] }
        // Clipped values land on ±1 only up to the last step's coefficient, so compare with a tolerance.
        let tolerance = 1e-9
        let fraction = Double(values.filter { abs($0) > 1 + tolerance }.count) / Double(values.count)
        let onEdge = Double(values.filter { abs(abs($0) - 1) <= tolerance }.count) / Double(values.count)
        let ratio = score.distance / score.expectedFloor
        ratios[denoiser.name + name] = ratio
        if name == "±1" { squeezed = (fraction, onEdge) }
        table.append([
            denoiser.name, name, Format.ratio(ratio), Format.number(100 * fraction, digits: 3) + "%",
            Format.number(100 * onEdge, digits: 3) + "%",
        ])
        csv.append([
            .text(denoiser.name), .text(name), .number(score.distance), .number(score.expectedFloor), .number(ratio),
            .number(fraction), .number(onEdge),
        ])
    }
    book.show(table)
    book.save(
        data: csv, as: "clipping",
        caption: "DDPM with the trained network and the ideal denoiser under three clipping boxes.")
    // The weight of x̂_0 in the clipped step's mean (eq. 7): √ᾱ_{t−1} β_t/(1 − ᾱ_t).
    let weightAtT = schedule.posteriorCoefX0[schedule.index(T)]
    let weightAt1 = schedule.posteriorCoefX0[schedule.index(1)]
    let trainedChange = abs(ratios["trained±1.5"]! / ratios["trainednone"]! - 1)
    book.say("""
        \(trainedChange < 0.05 ? """
            Clipping to ±\(box) leaves the trained network's score where it was \
            (\(Format.ratio(ratios["trainednone"]!)) against \(Format.ratio(ratios["trained±1.5"]!))): its stray guesses \
            come at large t, where the step's mean weighs x̂_0 by √ᾱ_{t−1} β_t/(1 − ᾱ_t) = \
            \(Format.number(weightAtT, digits: 2)) (eq. 7 at t = \(T)), so even |x̂_0| = \(Format.number(largestGuess, digits: 3)) \
            moves x_{t−1} by only \(Format.number(largestGuess * weightAtT, digits: 2)). On the ring, with DDPM, clipping does not help. 
            """ : """
            Clipping to ±\(box) moves the trained network's score from \(Format.ratio(ratios["trainednone"]!)) to \
            \(Format.ratio(ratios["trained±1.5"]!)).
            """)\
        The box [−1, 1] cuts into the data and squeezes the ring: \
        \(Format.number(100 * squeezed.outside, digits: 2))% of the sample values lie outside it, against \
        \(Format.number(100 * dataOutside, digits: 3))% of the data's, and \
        \(Format.number(100 * squeezed.onEdge, digits: 2))% \
        sit on its edge. The last step has no noise (σ_1 = 0) and no x_t term (ᾱ_0 = 1), so x_0 is \
        \(Format.number(weightAt1, digits: 15)) × clip(x̂_0) (1 up to rounding): every value clamped there lands on \
        ±1, a pile \
        the data do not have, and the score worsens to \(Format.ratio(ratios["ideal±1"]!)). Ho et al. clip to [−1, 1] \
        because their \
        images are scaled to exactly that range: a box must hold the data's whole range, and it can only help where \
        the step gives a stray x̂_0 real weight.
        """)
}
