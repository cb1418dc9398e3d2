// Lesson 04's opening cells: from the likelihood −log p_θ(x_0) to L_simple (Ho et al. 2020, §3).
import Diffusion
import Foundation
import Plot
import Workbook

/// The bound, its terms as KLs of Gaussians, eq. 12 checked on numbers, and the weights λ_t
/// that L_simple drops (vlb_weights.png/.csv).
func derivationCells(book: Notebook, schedule: NoiseSchedule, seed: UInt64) {
    book.cell("From the likelihood to a bound")
    book.say("""
        A generative model should make the data likely: small −log p_θ(x_0). For diffusion, \
        p_θ(x_0) = ∫ p(x_T) ∏_t p_θ(x_{t−1} | x_t) dx_{1:T} has no closed form, but averaging over \
        the forward process q(x_{1:T} | x_0) and Jensen's inequality give a bound (Sohl-Dickstein \
        et al. 2015; Ho et al. 2020, eq. 3): −log p_θ(x_0) ≤ E_q[−log p_θ(x_{0:T}) / q(x_{1:T} | x_0)] = L. \
        Both chains factor step by step, p_θ(x_{0:T}) = p(x_T) ∏_t p_θ(x_{t−1} | x_t) and \
        q(x_{1:T} | x_0) = ∏_t q(x_t | x_{t−1}), so L = E_q[−log p(x_T) − Σ_{t≥1} log p_θ(x_{t−1} | x_t)/q(x_t | \
        x_{t−1})]. \
        To compare each model step with a step backwards, turn each forward step around. The forward \
        process is Markov, so q(x_t | x_{t−1}) = q(x_t | x_{t−1}, x_0), and Bayes' rule gives, for t ≥ 2,
        q(x_t | x_{t−1}) = q(x_{t−1} | x_t, x_0) q(x_t | x_0) / q(x_{t−1} | x_0).
        The ratios q(x_t | x_0)/q(x_{t−1} | x_0) multiply over t = 2…T to q(x_T | x_0)/q(x_1 | x_0): the sum \
        of their logs telescopes. The q(x_1 | x_0) left over cancels the t = 1 term's denominator and the \
        q(x_T | x_0) joins p(x_T), so (Ho et al. 2020, Appendix A, eqs. 17–22)
        L = E_q[−log p(x_T)/q(x_T | x_0) + Σ_{t=2}^T log q(x_{t−1} | x_t, x_0)/p_θ(x_{t−1} | x_t) − log p_θ(x_0 | x_1)].
        The expectation of a log-ratio of two densities is a KL divergence, which gives eq. 5:
        L = L_T + Σ_{t=2}^T L_{t−1} + L_0, with L_T = KL(q(x_T | x_0) ‖ N(0, I)), \
        L_{t−1} = KL(q(x_{t−1} | x_t, x_0) ‖ p_θ(x_{t−1} | x_t)) and L_0 = −log p_θ(x_0 | x_1). \
        L_T has nothing to learn; L_0 and the T − 1 terms L_{t−1} carry the training.
        """)

    book.cell("Each L_{t−1} compares two Gaussians")
    book.say("""
        q(x_{t−1} | x_t, x_0) is Lesson 03's posterior N(μ̃_t, β̃_t I); the model's step is \
        N(μ_θ(x_t, t), σ_t² I) with σ_t² fixed to β_t or β̃_t (§3.2). A KL of two Gaussians has a \
        closed form, per dimension ½(β̃_t/σ_t² − 1 − log(β̃_t/σ_t²)) + (μ̃_t − μ_θ)²/(2σ_t²); eq. 8 \
        keeps the second part and calls the first, which no network changes, C. \
        Write both means in the ε form of eq. 11, μ̃_t with the true ε and μ_θ with the network's ε̂: \
        they differ by β_t/(√α_t √(1 − ᾱ_t)) · (ε − ε̂), so
        L_{t−1} = C_t + λ_t ‖ε − ε̂‖², λ_t = β_t² / (2 σ_t² α_t (1 − ᾱ_t)) (eq. 12). \
        Both sides on random 2D x_0, ε and ε̂, σ_t² = β_t (C_t counts once per dimension):
        """)
    var rng = Xoshiro256(seed: seed, stream: 4001)
    var checkTable = TextTable(columns: ["t", "KL of the two Gaussians", "2 C_t + λ_t ‖ε − ε̂‖²", "difference"])
    var largest = 0.0
    // The rows that exist for this T (2 ≤ T), in order, each once.
    for t in Set(
        [2, 10, 100, schedule.timesteps / 2, schedule.timesteps].filter { (2...schedule.timesteps).contains($0) }
    ).sorted() {
        let x0 = rng.gaussians(2)
        let eps = rng.gaussians(2)
        let epsHat = rng.gaussians(2)
        let xt = schedule.qSample(x0: x0, t: t, noise: eps)
        let direct = schedule.reverseStepKL(x0: x0, xt: xt, t: t, epsHat: epsHat, variance: .beta).reduce(0, +)
        let squaredError = zip(eps, epsHat).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let weighted =
            2 * schedule.vlbConstant(t: t, variance: .beta) + schedule.vlbWeight(t: t, variance: .beta) * squaredError
        largest = max(largest, abs(direct - weighted) / direct)
        checkTable.append([
            "\(t)", Format.number(direct, digits: 10), Format.number(weighted, digits: 10),
            Format.number(abs(direct - weighted), digits: 2),
        ])
    }
    book.show(checkTable)
    book.result(
        "eq. 12 holds to \(Format.number(largest, digits: 2)) relative (rounding): the bound's term is a weighted L_simple"
    )

    book.cell("The weights λ_t, and why L_simple drops them")
    let schedules = [
        ("linear", NoiseSchedule(.linear, timesteps: schedule.timesteps)),
        ("cosine", NoiseSchedule(.cosine, timesteps: schedule.timesteps)),
    ]
    var csv = CSVTable(columns: ["schedule", "t", "beta", "alpha_bar", "weight_sigma_beta", "weight_sigma_beta_tilde"])
    var panels: [Panel] = []
    for (name, s) in schedules {
        var panel = Panel(
            title: "\(name) schedule, T = \(s.timesteps)", xLabel: "t (log scale)", yLabel: "λ_t (log scale)")
        panel.xScale = .log
        panel.yScale = .log
        let ts = Array(s.steps)
        let beta = ts.map { s.vlbWeight(t: $0, variance: .beta) }
        let tilde = ts.map { s.vlbWeight(t: $0, variance: .betaTilde) }
        for t in ts {
            csv.append([
                .text(name), .int(t), .number(s.beta(t)), .number(s.alphaBar(t)), .number(beta[t - 1]),
                .number(tilde[t - 1]),
            ])
        }
        panel.lines = [
            LineSeries(label: "σ² = β_t", xs: ts.map(Double.init), ys: beta),
            LineSeries(
                label: "σ² = β̃_t (∞ at t = 1)", xs: ts.dropFirst().map(Double.init), ys: Array(tilde.dropFirst()),
                style: .dashed),
            LineSeries(
                label: "L_simple: λ_t = 1", xs: [1, Double(s.timesteps)], ys: [1, 1], color: .gray, style: .dotted),
        ]
        panels.append(panel)
    }
    book.save(
        Figure(title: "The weights λ_t of ‖ε − ε̂‖² in the bound (eq. 12)", panels: panels), data: csv,
        as: "vlb_weights",
        caption:
            "λ_t for both schedules and both choices of σ_t²; β̃_1 = 0 makes the β̃ weight infinite at t = 1 (inf in the CSV)."
    )
    let linear = schedules[0].1
    let T = linear.timesteps
    var weightTable = TextTable(columns: ["t", "λ_t linear, σ² = β", "λ_t linear, σ² = β̃", "λ_t cosine, σ² = β"])
    for t in Set([1, 2, 10, 100, T / 2, T].filter { (1...T).contains($0) }).sorted() {
        weightTable.append([
            "\(t)", Format.number(linear.vlbWeight(t: t, variance: .beta), digits: 3),
            Format.number(linear.vlbWeight(t: t, variance: .betaTilde), digits: 3),
            Format.number(schedules[1].1.vlbWeight(t: t, variance: .beta), digits: 3),
        ])
    }
    book.show(weightTable)
    let ratio = linear.vlbWeight(t: 1, variance: .beta) / linear.vlbWeight(t: T, variance: .beta)
    // The factor that turns an ε error into an x̂_0 error: x̂_0 − x_0 = √((1 − ᾱ_t)/ᾱ_t) (ε − ε̂).
    let x0ErrorFactor = { (t: Int) in ((1 - linear.alphaBar(t)) / linear.alphaBar(t)).squareRoot() }
    book.say("""
        L_simple (eq. 14) keeps ‖ε − ε̂‖² and sets λ_t = 1 at every t. On the linear schedule \
        λ_1/λ_T = \(Format.number(ratio, digits: 3)), so L_simple, relative to the bound, down-weights the \
        small-t terms that dominate it (the bound on the ring below shows how much). Ho et al. (§3.4) say \
        this lets the network "focus on more difficult denoising tasks at larger t". That holds for the \
        guess of the clean data: x̂_0 − x_0 = √((1 − ᾱ_t)/ᾱ_t) (ε − ε̂), and that factor is \
        \(Format.number(x0ErrorFactor(1), digits: 2)) at t = 1, \(Format.number(x0ErrorFactor(T / 10), digits: 2)) at \
        t = \(T / 10) and \(Format.number(x0ErrorFactor(T), digits: 3)) at t = \(T), so the same ε error costs far \
        more \
        in x̂_0 at large t. It does not hold for the ε-loss itself, whose floor is highest at small t \
        (cell 6). Ho et al. found that L_simple gives better samples (FID 3.17 against 13.51, Table 1) and \
        a slightly worse likelihood (≤ 3.75 against ≤ 3.70 bits/dim, Table 1); Nichol & Dhariwal (§3) win \
        the likelihood back by adding the bound to the loss and learning σ_t. (The cosine schedule's \
        weight climbs again near T, where its β_t is clipped at 0.999, Nichol & Dhariwal §3.2.) We \
        train on L_simple below, then compute the bound.
        """)
}
