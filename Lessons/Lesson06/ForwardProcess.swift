// Lesson 06's opening: the non-Markovian forward process behind DDIM (Song et al. 2021, §3–4),
// checked like Lesson 02's chain (marginals.png/.csv).
import Diffusion
import Foundation
import Plot
import Workbook

func forwardProcessCells(book: Notebook, schedule: NoiseSchedule, dataset: Toy2D, seed: UInt64, quick: Bool) {
    let T = schedule.timesteps
    book.cell("A family of forward processes with DDPM's marginals")
    book.say("""
        DDPM's loss only ever looks at q(x_t | x_0) = N(√ᾱ_t x_0, (1 − ᾱ_t) I), one t at a time; it \
        never sees how the steps join up. Song et al. 2021 (§3) build other forward processes with \
        the same marginals: choose any σ_t ≥ 0 and let the process run backwards from \
        q(x_T | x_0) with (eq. 7)
        q_σ(x_{t−1} | x_t, x_0) = N(√ᾱ_{t−1} x_0 + √(1 − ᾱ_{t−1} − σ_t²) · (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t), σ_t² I).
        The fraction (x_t − √ᾱ_t x_0)/√(1 − ᾱ_t) is the noise in x_t; the step keeps part of it and \
        draws the rest fresh, so that the variance stays 1 − ᾱ_{t−1} (Lemma 1). Each x_t now depends \
        on x_{t−1} and x_0: the process is not a Markov chain, except at σ_t² = β̃_t (η = 1 in eq. 16), \
        where eq. 7 is DDPM's posterior. Theorem 1: for every σ > 0, this process's variational \
        objective equals a weighted sum of the per-t losses ‖ε − ε_θ(x_t, t)‖² plus a constant; when \
        ε_θ at different t shares no parameters, the minimiser of L_simple minimises every such \
        weighting, so one network trained on L_simple serves every member of the family with σ > 0, \
        and η = 0 (σ = 0, where the objective is not defined) as their limit.
        """)

    book.cell("Checked like Lesson 02's chain: the marginals do not depend on η or S")
    let count = quick ? 500 : 2000
    var rng = Xoshiro256(seed: seed, stream: 3001)
    let x0 = dataset.sample(count: count, using: &rng).flattened
    let etas = [0.0, 0.5, 1.0]
    let subsequence = TimestepSpacing.uniform.timesteps(count: 10, of: T)
    book.say("""
        \(count) points of the data: draw x_{τ_S} ~ q(x_{τ_S} | x_0), then step down with q_σ for \
        η ∈ \(etas), on all T = \(T) steps and on the S = 10 steps \
        \(subsequence.map(String.init).joined(separator: ", ")) \
        (§4.2: the same construction on a sub-sequence). At every t visited, x_t − √ᾱ_t x_0 should \
        have mean 0 and variance 1 − ᾱ_t: the mean's error in standard errors and the variance ratio:
        """)
    var csv = CSVTable(columns: ["eta", "steps", "t", "mean_error_in_se", "variance_ratio"])
    var table = TextTable(columns: ["η", "S", "steps visited", "largest |mean error| (SE)", "variance ratio, range"])
    var ratioPanel = Panel(title: "Var(x_t − √ᾱ_t x_0) / (1 − ᾱ_t)", xLabel: "t", yLabel: "variance ratio")
    var meanPanel = Panel(title: "mean of x_t − √ᾱ_t x_0", xLabel: "t", yLabel: "in standard errors")
    var worstRatio = 0.0
    for (k, eta) in etas.enumerated() {
        for taus in [Array(schedule.steps), subsequence] {
            let rows = schedule.ddimForwardMarginals(
                x0: x0, timesteps: taus, eta: eta, seed: seed &+ UInt64(17 + 2 * k + (taus.count == T ? 0 : 1)))
            for row in rows {
                csv.append([
                    .number(eta), .int(taus.count), .int(row.t), .number(row.meanErrorInStandardErrors),
                    .number(row.varianceRatio),
                ])
            }
            let ratios = rows.map(\.varianceRatio)
            let meanErrors = rows.map(\.meanErrorInStandardErrors)
            worstRatio = max(worstRatio, ratios.map { abs($0 - 1) }.max()!)
            table.append([
                Format.number(eta, digits: 2), "\(taus.count)", "\(rows.count)",
                Format.number(meanErrors.map(abs).max()!, digits: 2),
                Format.number(ratios.min()!, digits: 3) + " … " + Format.number(ratios.max()!, digits: 3),
            ])
            let color = Color.palette[k]
            if taus.count == T {
                ratioPanel.lines.append(
                    LineSeries(
                        label: "η = \(eta), S = \(T)", xs: rows.map { Double($0.t) }, ys: ratios, color: color,
                        width: 1.5))
                meanPanel.lines.append(
                    LineSeries(
                        label: "η = \(eta), S = \(T)", xs: rows.map { Double($0.t) }, ys: meanErrors, color: color,
                        width: 1))
            } else {
                let label = "η = \(eta), S = 10"
                ratioPanel.scatters.append(
                    ScatterLayer(
                        label: label, points: rows.map { SIMD2(Double($0.t), $0.varianceRatio) }, color: color,
                        radius: 5, alpha: 1))
                meanPanel.scatters.append(
                    ScatterLayer(
                        label: label, points: rows.map { SIMD2(Double($0.t), $0.meanErrorInStandardErrors) },
                        color: color, radius: 5, alpha: 1))
            }
        }
    }
    ratioPanel.xRange = 0...Double(T)
    meanPanel.xRange = 0...Double(T)
    // Head room above the data, where the legends go.
    ratioPanel.yRange = 0.9...1.2
    meanPanel.yRange = -4...8
    book.show(table)
    book.save(
        Figure(
            title: "q_σ keeps DDPM's marginals for every η (lines: all T steps; dots: S = 10)",
            panels: [ratioPanel, meanPanel]), data: csv, as: "marginals",
        caption:
            "For each η and S: the variance of x_t − √ᾱ_t x_0 over 1 − ᾱ_t, and its mean in standard errors, at every step visited."
    )
    book.result(
        "every variance ratio within \(Format.number(100 * worstRatio, digits: 2))% of 1; mean errors of a few standard errors at most, as chance gives"
    )
    book.say("""
        The marginals match for every η and for the sub-sequence. That, and not determinism, is \
        why a sampler may skip steps (§4.2): L_simple trains ε_θ on the marginals alone, so a \
        reverse process on τ_1 < … < τ_S asks it nothing it was not trained for. The popular \
        account, "η = 0 is deterministic, therefore it can skip", is a misreading: η = 1 skips \
        steps just as validly (the table below runs it at S = 10); determinism decides how well, \
        not whether.
        """)
}
