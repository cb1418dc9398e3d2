import Diffusion
import ExerciseChecks
import Foundation
import Plot
import Workbook

/// How the network is told t: the sinusoidal embedding, why its frequencies are geometric,
/// and the bias it becomes inside a residual block.
struct TimeEmbeddingCell {
    let book: Notebook
    let network: NoiseNetwork
    let mine: Mine

    func run() {
        let d = network.shape.timeEmbeddingDimension
        let h = d / 2
        let T = network.schedule.timesteps
        let omegas = sinusoidalFrequencies(dimension: d)
        let yours = MineReport.mark(mine.sinusoidalEmbedding)
        book.cell("The parts of the network: the time embedding" + yours)
        book.say("""
            One network serves every t, so it must be told t. It gets PE(t), \(d) numbers: the sines and \
            cosines of ω_i t for \(h) frequencies ω_i = 10000^(−i/\(h - 1)) (Vaswani et al. 2017, §3.5; DDPM \
            feeds it to every block, Ho et al. 2020, Appendix B). The fastest, ω_0 = 1, repeats every \
            \(Format.number(2 * Double.pi / omegas[0], digits: 2)) steps; the slowest every \
            \(Format.number(2 * Double.pi / omegas[h - 1], digits: 3)) steps, far beyond T = \(T).
            """)
        // ‖PE(t + k) − PE(t)‖² = Σ_i (sin ω_i(t+k) − sin ω_i t)² + (cos … − cos …)² = Σ_i 2(1 − cos ω_i k).
        let even = (0..<h).map { omegas[0] + (omegas[h - 1] - omegas[0]) * Double($0) / Double(h - 1) }
        func distance(_ frequencies: [Double], lag: Double) -> Double {
            (frequencies.reduce(0) { $0 + 2 * (1 - cos($1 * lag)) }).squareRoot() / Double(2 * h).squareRoot()
        }
        let drawn = { (t: Double, k: Double) in
            zip(mine.embedding(t + k, dimension: d), mine.embedding(t, dimension: d)).reduce(0) {
                $0 + ($1.0 - $1.1) * ($1.0 - $1.1)
            }.squareRoot()
        }
        // The curve over k is jagged: its typical level per band of gaps, the median, and the band's range.
        let edges = [1, 4, 11, 31, 101, 301].filter { $0 < T } + [T]
        let bands = zip(edges, edges.dropFirst()).map { $0...($1 - 1) }
        let levels = { (f: [Double]) in
            bands.map { band in band.map { distance(f, lag: Double($0)) }.sorted() }.map {
                (median: $0[$0.count / 2], low: $0.first!, high: $0.last!)
            }
        }
        let (geometric, evenly) = (levels(omegas), levels(even))
        let grows = zip(geometric, geometric.dropFirst()).allSatisfy { $0.median < $1.median }
        book.say("""
            Why geometric? Expanding the squares, ‖PE(t + k) − PE(t)‖² = Σ_i 2(1 − cos ω_i k): how far \
            apart two steps look depends only on the gap k between them, not on t. Each frequency \
            tells gaps apart up to about half its period, so frequencies spread evenly over octaves \
            give every scale of gap its share. The curve over k is jagged (each cosine turns at its own \
            k), so below is its typical level per band of gaps, the median, with the band's lowest and \
            highest. Spread evenly from 1 to 10⁻⁴ instead, almost all frequencies are fast, and beyond a \
            few steps every pair of steps looks as far apart as two unrelated ones (distance √(2h), shown as 1):
            """)
        book.result(
            "the gap k = 10 drawn at t = 1 and at t = 500: \(Format.number(drawn(1, 10), digits: 6)) and \(Format.number(drawn(500, 10), digits: 6))"
        )
        var table = TextTable(columns: [
            "gaps k (steps)", "geometric ω_i: median", "lowest–highest", "even ω_i: median", "lowest–highest",
        ])
        let range = { (level: (median: Double, low: Double, high: Double)) in
            "\(Format.number(level.low, digits: 2))–\(Format.number(level.high, digits: 2))"
        }
        for (band, (g, e)) in zip(bands, zip(geometric, evenly)) {
            table.append([
                "\(band.lowerBound)–\(band.upperBound)", Format.number(g.median, digits: 2), range(g),
                Format.number(e.median, digits: 2), range(e),
            ])
        }
        book.show(table)
        let allLags = (1..<T).map(Double.init)
        let reaching = allLags.filter { distance(omegas, lag: $0) >= 0.9 }
        book.result(
            "gaps whose geometric distance reaches 0.9: \(reaching.count) of \(T - 1) "
                + "(\(Format.number(100 * Double(reaching.count) / Double(T - 1), digits: 2))%), the first at k = \(Format.number(reaching.first ?? 0, digits: 4))"
        )
        let (first, last) = (geometric.first!, geometric.last!)
        book.say(
            grows && bands.count > 2
                ? "Under the geometric frequencies the typical distance grows band by band, from \(Format.number(first.median, digits: 2)) "
                    + "for gaps of \(bands.first!.lowerBound)–\(bands.first!.upperBound) to \(Format.number(last.median, digits: 2)) for "
                    + "\(bands.last!.lowerBound)–\(bands.last!.upperBound), while single gaps scatter around it "
                    + "(\(range(last)) in the last band): a larger gap looks farther apart, on the whole. Under even spacing "
                    + "the median is \(Format.number(evenly[1].median, digits: 2)) already for gaps of \(bands[1].lowerBound)–\(bands[1].upperBound): "
                    + "beyond that, the distance no longer tells gaps apart."
                : "Under the geometric frequencies the typical distance does not grow band by band: "
                    + geometric.map { Format.number($0.median, digits: 2) }.joined(separator: ", ") + ".")
        // Evenly spaced frequencies come back into phase together: some large gaps look small.
        let alias = allLags.filter { $0 >= 10 }.min { distance(even, lag: $0) < distance(even, lag: $1) }!
        book.result("""
            even spacing also comes back into phase: steps \(Format.number(alias, digits: 4)) apart look only \
            \(Format.number(distance(even, lag: alias), digits: 2)) apart under it, \
            \(Format.number(distance(omegas, lag: alias), digits: 2)) \
            under the geometric one
            """)
        // PE(t) for t = 1…T: its sines are drawn on the left.
        let embeddings = (1...T).map { mine.embedding(Double($0), dimension: d) }
        let medians = zip(bands, geometric).map { (band: $0, median: $1.median) }
        book.save(
            figure(
                omegas: omegas, embeddings: embeddings, even: even, T: T, distance: distance, medians: medians,
                mark: yours),
            data: csvTable(omegas: omegas, embeddings: embeddings, even: even, T: T, distance: distance),
            as: "time_embedding",
            caption:
                "Left: four of PE(t)'s sines over t; right: the distance between the embeddings of two steps k apart, "
                + "over k, and the geometric curve's median over each band of gaps (dashed).")
        MineReport.lines(mine.sinusoidalEmbedding).forEach(book.result)
        blockBias(T: T)
    }

    /// The sines shown on the left.
    private let shownFrequencies = [3, 6, 9, 12]

    /// `medians`: the geometric curve's median over each band of gaps, drawn as a step beside the jagged curve.
    private func figure(
        omegas: [Double], embeddings: [[Double]], even: [Double], T: Int, distance: ([Double], Double) -> Double,
        medians: [(band: ClosedRange<Int>, median: Double)], mark: String
    ) -> Figure {
        let ts = (1...T).map(Double.init)
        var sines = Panel(title: "Four of the sines of PE(t)", xLabel: "t", yLabel: "sin(ω_i t)")
        for (s, i) in shownFrequencies.enumerated() where i < omegas.count {
            sines.lines.append(
                LineSeries(
                    label: "i = \(i), period \(String(format: "%.0f", 2 * Double.pi / omegas[i])) steps",
                    xs: ts, ys: embeddings.map { $0[i] }, color: Color.palette[s], width: 1.5))
        }
        sines.xRange = 0...Double(T)
        // Head room above the peaks for the legend's four rows.
        sines.yRange = -1.2...2.5
        var gaps = Panel(
            title: "How far apart two steps look", xLabel: "gap k between the steps",
            yLabel: "‖PE(t + k) − PE(t)‖ / √(2h)")
        gaps.xScale = .log
        let ks = (1..<T).map(Double.init)
        gaps.lines.append(
            LineSeries(
                label: "geometric ω_i (the network's)", xs: ks, ys: ks.map { distance(omegas, $0) },
                color: Color.palette[0]))
        gaps.lines.append(
            LineSeries(
                label: "even ω_i, same range", xs: ks, ys: ks.map { distance(even, $0) }, color: Color.palette[1]))
        for (n, level) in medians.enumerated() {
            gaps.lines.append(
                LineSeries(
                    label: n == 0 ? "geometric: median over each band of gaps" : nil,
                    xs: [Double(level.band.lowerBound), Double(level.band.upperBound)],
                    ys: [level.median, level.median],
                    color: .black, style: .dashed, width: 1.5))
        }
        gaps.yRange = 0...1.6
        var figure = Figure(
            title: "The sinusoidal time embedding (d = \(2 * omegas.count))" + mark, panels: [sines, gaps])
        figure.panelWidth = 520
        return figure
    }

    private func csvTable(
        omegas: [Double], embeddings: [[Double]], even: [Double], T: Int, distance: ([Double], Double) -> Double
    ) -> CSVTable {
        var csv = CSVTable(
            columns: ["t_or_k"] + shownFrequencies.map { "sin_omega_\($0)_t" } + [
                "distance_geometric", "distance_even",
            ])
        for t in 1...T {
            let x = Double(t)
            csv.append(
                [.int(t)] + shownFrequencies.map { .number(embeddings[t - 1][$0]) } + [
                    .number(distance(omegas, x)), .number(distance(even, x)),
                ])
        }
        return csv
    }

    /// Inside a residual block t becomes a bias per channel, PE(t) V + c.
    private func blockBias(T: Int) {
        guard let biases = network.unetTimeBiases(block: 0) else { return }
        book.cell("The parts of the network: a residual block, with the time added")
        let c = biases.channels
        let swings = (0..<c).map { k in
            let column = (0..<T).map { biases.values[$0 * c + k] }
            return column.max()! - column.min()!
        }
        let shown = (0..<c).sorted { swings[$0] > swings[$1] }.prefix(6).sorted()
        book.say("""
            Each block of the U-Net computes h ← h + conv₂(SiLU(conv₁(SiLU(h)) + PE(t) V + c)), a \
            residual block (He et al. 2016) with the time added as in DDPM (Ho et al. 2020, Appendix B). The \
            convolutions' weights are the same at every t; t enters only through the bias PE(t) V + c, \
            one number per channel, added at every position. The first block's \(c) channels: its \
            swing over t, max − min, is \(Format.number(swings.min()!, digits: 2)) to \
            \(Format.number(swings.max()!, digits: 2)) (median \(Format.number(swings.sorted()[c / 2], digits: 2))). \
            In the residual form h + F(h) a block passes h on and adds only a correction.
            """)
        let ts = (1...T).map(Double.init)
        var panel = Panel(
            title: "PE(t) V + c in the first block: the 6 channels that swing most", xLabel: "t",
            yLabel: "bias added to the channel")
        var csv = CSVTable(columns: ["t"] + (0..<c).map { "channel_\($0)" })
        for (s, k) in shown.enumerated() {
            panel.lines.append(
                LineSeries(
                    label: "channel \(k)", xs: ts, ys: (0..<T).map { biases.values[$0 * c + k] },
                    color: Color.palette[s % Color.palette.count]))
        }
        for t in 0..<T { csv.append([.int(t + 1)] + (0..<c).map { .number(biases.values[t * c + $0]) }) }
        panel.xRange = 0...Double(T)
        var figure = Figure(title: "How t enters a residual block", panels: [panel])
        figure.panelWidth = 620
        book.save(
            figure, data: csv, as: "time_bias",
            caption:
                "The time bias of the first residual block over t, for its 6 most time-dependent channels (all \(c) in the CSV)."
        )
    }
}
