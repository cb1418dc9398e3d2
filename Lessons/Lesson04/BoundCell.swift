// Lesson 04's bound on the ring: E[L_{t−1}] at every t for the ideal denoiser and the trained
// network, L_T and L_0, beside the ring's true entropy (vlb_terms.png/.csv).
import Diffusion
import Foundation
import Plot
import Workbook

func boundCell(book: Notebook, network: any NoisePredictor, schedule: NoiseSchedule, seed: UInt64, quick: Bool) {
    book.cell("The bound, computed on the ring")
    let mixture = GaussianMixture.ring()
    let perStep = quick ? 24 : 128
    let idealPerStep = quick ? 100 : 500
    book.say("""
        The ring is known exactly, so the whole bound can be computed and set beside the best any \
        model can do: the data's entropy H = −E log q(x_0) (the exact mixture density, Monte Carlo). \
        At every t = 2…T, E[L_{t−1}] = C_t + λ_t E‖ε − ε̂‖² (eq. 12) with σ_t² = β_t, over \
        \(idealPerStep) draws of x_t for the ideal denoiser and \(perStep) for the network; the average over ε given \
        x_t is exact, E[‖ε − ε̂‖² | x_t] = \
        tr Cov(ε | x_t) + ‖ε* − ε̂‖², which the ring's closed form gives, so the estimate is steady. L_0 = −log \
        N(x_0; μ_θ(x_1, 1), β_1 I), a Gaussian decoder (the data are \
        continuous; Ho et al.'s images use a discrete one, eq. 13); L_T = KL(q(x_T | x_0) ‖ N(0, I)). \
        Nats per dimension: these are differential entropies, so they can be negative.
        """)
    let ring = IdealDenoiser(mixture: mixture, schedule: schedule)
    let bounds = [
        ring.variationalBound(of: ring, samplesPerStep: idealPerStep, seed: seed &+ 11, variance: .beta),
        ring.variationalBound(of: network, samplesPerStep: perStep, seed: seed &+ 11, variance: .beta),
    ]
    let entropyEstimate = mixture.entropy(samples: quick ? 20_000 : 200_000, seed: seed &+ 12)
    let entropy = entropyEstimate.nats / 2
    let entropyError = entropyEstimate.standardError / 2
    var table = TextTable(columns: ["nats per dimension", "ideal denoiser", "trained network"])
    func row(_ name: String, _ value: (VariationalBound) -> String) { table.append([name] + bounds.map(value)) }
    row("L_T (prior)") { Format.number($0.priorTerm, digits: 3) }
    row("Σ_{t≥2} L_{t−1}") { Format.number($0.diffusionTerms, digits: 4) }
    row("L_0 (decoder)") { Format.number($0.decoderTerm, digits: 4) }
    row("bound L, σ² = β_t") { Format.number($0.total, digits: 4) + " ± " + Format.number($0.standardError, digits: 2) }
    row("bound L, σ² = β̃_t (eq. 12)") { Format.number($0.total(variance: .betaTilde, schedule: schedule), digits: 4) }
    row("entropy H of the ring") { _ in
        Format.number(entropy, digits: 4) + " ± " + Format.number(entropyError, digits: 2)
    }
    row("gap L − H, nats/dim") { Format.number($0.total - entropy, digits: 3) }
    row("gap L − H, bits/dim") { Format.number(($0.total - entropy) / log(2), digits: 3) }
    book.show(table)
    let holds = bounds.allSatisfy {
        $0.total - entropy > 3 * ($0.standardError * $0.standardError + entropyError * entropyError).squareRoot()
    }
    book.result(
        holds
            ? "bound ≥ entropy for both, by more than 3 standard errors"
            : "bound ≥ entropy not shown by more than 3 standard errors at this sample size (run without --quick)")
    let ideal = bounds[0]
    let trained = bounds[1]
    let idealTilde = ideal.total(variance: .betaTilde, schedule: schedule)
    let share =
        ideal.terms.dropFirst().prefix(max(1, schedule.timesteps / 10)).reduce(0) { $0 + $1.nats }
        / ideal.diffusionTerms
    book.say("""
        Even the ideal denoiser stays \(Format.number(ideal.total - entropy, digits: 2)) nats per dimension above H: \
        its steps are Gaussians of a fixed variance, where the true reverse steps q(x_{t−1} | x_t) \
        are neither, and its start N(0, I) is q(x_T) only as far as ᾱ_T = \
        \(Format.number(schedule.alphaBar(schedule.timesteps), digits: 2)) is 0; how much the variance matters shows \
        in σ² = β̃_t, which costs \
        \(Format.number(idealTilde - ideal.total, digits: 2)) nats more (β_t and β̃_t are only the two extremes, Ho \
        et al. §3.2; \
        Nichol & Dhariwal learn σ_t to close this gap). The trained network adds \
        \(Format.number(trained.total - ideal.total, digits: 2)) nats on top, its ε errors weighted by λ_t. The first \
        tenth of the steps carries \(Format.number(100 * share, digits: 3))% of Σ L_{t−1} for the ideal denoiser \
        (10% if the terms were even): small t, which L_simple weighs least next to the bound.
        """)
    var csv = CSVTable(columns: ["t", "term_ideal", "term_trained"])
    for (a, b) in zip(ideal.terms, trained.terms) { csv.append([.int(a.t), .number(a.nats), .number(b.nats)]) }
    var panel = Panel(
        title: "E[L_{t−1}] on the ring, σ² = β_t", xLabel: "t (log scale)", yLabel: "nats per dimension (log scale)")
    panel.xScale = .log
    panel.yScale = .log
    for (name, bound, style) in [("ideal denoiser", ideal, LineStyle.solid), ("trained network", trained, .dashed)] {
        let shown = bound.terms.dropFirst().filter { $0.nats > 0 }
        panel.lines.append(LineSeries(label: name, xs: shown.map { Double($0.t) }, ys: shown.map(\.nats), style: style))
    }
    book.save(
        Figure(title: nil, panels: [panel]), data: csv, as: "vlb_terms",
        caption: "Each term of the bound against t (t ≥ 2; the CSV's t = 1 row is L_0, which is negative here).")
}
