import Diffusion
import Plot
import Workbook

/// Why the image model's training counts its steps unequally: L_simple seen as an error in
/// x̂_0, and the Min-SNR-γ weighting the digits preset trains with.
struct LossWeightCell {
    let book: Notebook
    let configuration: TrainingConfiguration

    func run() {
        guard case .minSNR(let gamma) = configuration.lossWeighting else { return }
        let schedule = configuration.schedule
        let T = schedule.timesteps
        let snr = (1...T).map { schedule.alphaBar($0) / (1 - schedule.alphaBar($0)) }
        let weights = (1...T).map { configuration.lossWeighting.weight(alphaBar: schedule.alphaBar($0)) }
        let capped = snr.filter { $0 > gamma }.count
        book.cell("Which steps the training counts: Min-SNR-γ")
        book.say("""
            L_simple weighs every t alike in ε (Ho et al. 2020, eq. 14). Written as an error in the \
            image it predicts, it does not: x̂_0 − x_0 = √((1 − ᾱ_t)/ᾱ_t) (ε − ε̂) (eq. 4 solved for \
            x_0), so ‖ε̂ − ε‖² = SNR_t ‖x̂_0 − x_0‖² with SNR_t = ᾱ_t/(1 − ᾱ_t). Per unit of error in \
            x̂_0, the nearly clean steps count SNR_t times: on this cosine schedule SNR_1 = \
            \(Format.number(snr[0], digits: 3)) against SNR_\(T / 2) = \(Format.number(snr[T / 2 - 1], digits: 3)). \
            Hang et al. (2023) cap that weight at γ: the digits preset multiplies the ε-loss of step t by \
            min(SNR_t, γ)/SNR_t with γ = \(Format.number(gamma, digits: 3)), the value they recommend. The \
            \(capped) steps with SNR_t > γ (t = 1…\(capped)) count less; the noisier ones keep weight 1.
            """)
        let shown = [1, 10, 50, 100, capped, capped + 1, 300, 500, 1000].filter { (1...T).contains($0) }
        var table = TextTable(columns: ["t", "ᾱ_t", "SNR_t", "weight min(SNR_t, γ)/SNR_t"])
        var csv = CSVTable(columns: ["t", "alpha_bar", "snr", "weight"])
        for t in 1...T {
            csv.append([.int(t), .number(schedule.alphaBar(t)), .number(snr[t - 1]), .number(weights[t - 1])])
        }
        for t in Array(Set(shown)).sorted() {
            table.append([
                "\(t)", Format.number(schedule.alphaBar(t), digits: 5), Format.number(snr[t - 1], digits: 3),
                Format.number(weights[t - 1], digits: 3),
            ])
        }
        book.show(table)
        book.save(data: csv, as: "loss_weights", caption: "Every t: ᾱ_t, SNR_t and its Min-SNR-γ weight.")
        // In x̂_0's units L_simple weighs step t by SNR_t and Min-SNR-γ by min(SNR_t, γ): the share of each total on t = 1…capped.
        let share = { (w: [Double]) in w.prefix(capped).reduce(0, +) / w.reduce(0, +) }
        let simpleShare = share(snr)
        let cappedShare = share(snr.map { min($0, gamma) })
        book.result(
            "share of the weight in x̂_0's units on t = 1…\(capped): \(Format.number(100 * simpleShare, digits: 4))% "
                + "under L_simple (weights SNR_t), \(Format.number(100 * cappedShare, digits: 3))% under Min-SNR-γ (min(SNR_t, γ))"
        )
        // The comparison in Lessons/Lesson07/model/README.md: 200 DDPM samples of each run, one seed each; binomial standard errors.
        let (withMinSNR, withSimple, samples) = (0.685, 0.605, 200.0)
        let error = (withMinSNR * (1 - withMinSNR) / samples + withSimple * (1 - withSimple) / samples).squareRoot()
        let z = (withMinSNR - withSimple) / error
        book.say("""
            Why would less weight on the clean steps help? Hang et al. (2023, §3) see training as \
            \(T) denoising tasks, one per t, sharing one network; they trace its slow convergence \
            partly to the tasks' conflicting gradients and balance them by capping the weight. In x̂_0's units the \
            ε-loss \
            puts \(Format.number(100 * simpleShare, digits: 4))% of its weight on the \(capped) \
            steps nearest the data (ᾱ_t ≥ \(Format.number(schedule.alphaBar(capped), digits: 2))); the cap leaves them \
            \(Format.number(100 * cappedShare, digits: 3))%. They report convergence 3.4 times \
            faster than with earlier weightings. On these digits, 8,000 steps with it gave \
            \(Format.number(100 * withMinSNR, digits: 3))% confidently labelled DDPM samples where L_simple gave \
            \(Format.number(100 * withSimple, digits: 3))% (200 samples each, one seed each, both at the earlier \
            learning rate 2·10⁻³; Lessons/Lesson07/model/README.md has the table): a difference of \
            \(Format.number(100 * (withMinSNR - withSimple), digits: 2)) points with a standard error of \
            \(Format.number(100 * error, digits: 2)), \(Format.number(z, digits: 2)) standard errors\(z < 2
                ? ": a hint in its favour on these digits, not a proof" : ": a clear gain, for this one seed").
            """)
    }
}
