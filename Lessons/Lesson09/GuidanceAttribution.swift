import Diffusion
import Foundation
import Plot
import Workbook

/// One model's ε(x, y) and another's ε(x): classifier-free guidance with each half taken from
/// its own denoiser, to see which half makes a guided sampler behave as it does.
struct SwappedHalves<Conditional: ConditionalNoisePredictor, Unconditional: ConditionalNoisePredictor>:
    ConditionalNoisePredictor
{
    let conditional: Conditional
    let unconditional: Unconditional

    init(conditional: Conditional, unconditional: Unconditional) {
        precondition(
            conditional.schedule == unconditional.schedule && conditional.classCount == unconditional.classCount,
            "Both halves must share one schedule and one set of classes.")
        (self.conditional, self.unconditional) = (conditional, unconditional)
    }

    var schedule: NoiseSchedule { conditional.schedule }
    var classCount: Int { conditional.classCount }

    /// ε(x_t, t, y) from the conditional model, ε(x_t, t) (no labels) from the unconditional one.
    func predictNoise(xt: [Double], t: Int, dimension: Int, labels: [Int]?) -> [Double] {
        labels == nil
            ? unconditional.predictNoise(xt: xt, t: t, dimension: dimension, labels: nil)
            : conditional.predictNoise(xt: xt, t: t, dimension: dimension, labels: labels)
    }
}

/// The ring cell's question, answered by experiment: guided by the network, the samples spread
/// less than guided by the exact denoiser. Which half of ε̃ = (1 + w) ε(x, y) − w ε(x) does it?
enum GuidanceAttribution {
    struct Row {
        let conditional: String, unconditional: String
        let run: RingRun
        /// The spread along the ring's radius through μ_k and across it, per class, then averaged.
        let radial: Double, across: Double
    }

    /// Every pairing of the two denoisers' halves at each w. Runs already made (both exact, both
    /// network) are reused; at w = 0 the unconditional half is unused, so a pairing's run is its
    /// conditional model's own.
    static func measure(
        _ guidance: RingGuidance, exact: ExactConditionalDenoiser, network: NoiseNetwork, mixture: GaussianMixture,
        ws: [Double], exactRuns: [RingRun], networkRuns: [RingRun]
    ) -> [Row] {
        let made = { (runs: [RingRun], w: Double) in runs.first { $0.w == w }! }
        var rows: [Row] = []
        for (conditional, unconditional) in [
            ("exact", "exact"), ("network", "exact"), ("exact", "network"), ("network", "network"),
        ] {
            for w in ws {
                let run: RingRun
                if conditional == unconditional || w == 0 {
                    run = made(conditional == "exact" ? exactRuns : networkRuns, w)
                } else if conditional == "network" {
                    run =
                        guidance.run(
                            SwappedHalves(conditional: network, unconditional: exact), named: "network + exact",
                            mixture: mixture, ws: [w])[0]
                } else {
                    run =
                        guidance.run(
                            SwappedHalves(conditional: exact, unconditional: network), named: "exact + network",
                            mixture: mixture, ws: [w])[0]
                }
                let (radial, across) = directionalSpread(run.points, mixture: mixture)
                rows.append(
                    Row(
                        conditional: conditional, unconditional: unconditional, run: run, radial: radial, across: across
                    ))
            }
        }
        return rows
    }

    /// The standard deviation of each class's samples (sample i asks for component i mod K) along
    /// the unit vector from the ring's centre to μ_k and along the one across it, averaged over the classes.
    static func directionalSpread(_ points: [SIMD2<Double>], mixture: GaussianMixture) -> (
        radial: Double, across: Double
    ) {
        let classes = mixture.means.count
        var radial = 0.0
        var across = 0.0
        for k in 0..<classes {
            let mine = stride(from: k, to: points.count, by: classes).map { points[$0] }
            let mean = mine.reduce(SIMD2<Double>.zero, +) / Double(mine.count)
            let length = (mixture.means[k] * mixture.means[k]).sum().squareRoot()
            let out = mixture.means[k] / length
            let side = SIMD2(-out.y, out.x)
            let deviation = { (direction: SIMD2<Double>) in
                (mine.reduce(0.0) { $0 + pow(((($1 - mean) * direction).sum()), 2) } / Double(mine.count - 1))
                    .squareRoot()
            }
            radial += deviation(out)
            across += deviation(side)
        }
        return (radial / Double(classes), across / Double(classes))
    }

    /// Whether "the network's difference is larger" could explain its lower spread: how much exact
    /// guidance narrows when w doubles from 4 to 8, against the network's shortfall at 8.
    static func pushArgument(_ exactRuns: [RingRun], _ networkRuns: [RingRun], ratio: Double) -> String {
        let spread = { (runs: [RingRun], w: Double) in runs.first { $0.w == w }?.score.spread }
        guard let four = spread(exactRuns, 4), let eight = spread(exactRuns, 8), let network = spread(networkRuns, 8)
        else { return "" }
        let doubling = four - eight
        let shortfall = eight - network
        guard doubling < 0.25 * shortfall else { return "" }
        return "That alone cannot explain it: doubling w from 4 to 8 narrows the exact samples only from "
            + "\(Format.number(four, digits: 3)) to \(Format.number(eight, digits: 3)), so a push \(Format.number(ratio, digits: 2)) "
            + "times as strong could not take them down to \(Format.number(network, digits: 3))."
    }

    /// What the swaps show, chosen from the numbers: where each pairing stays near the data, and
    /// which half narrows the samples across the ring (where the network's samples lose their width).
    static func verdict(_ rows: [Row]) -> String {
        let ws = Array(Set(rows.map(\.run.w))).sorted()
        guard let top = ws.last, top > 0 else { return "" }
        let at = { (c: String, u: String, w: Double) in
            rows.first { $0.conditional == c && $0.unconditional == u && $0.run.w == w }!
        }
        // A run stays near the data while its spread is within 3 s.
        let sane = { (row: Row) in row.run.score.spread < 3 * row.run.mixture.standardDeviation }
        let number = { (x: Double) in Format.number(x, digits: 3) }
        var sentences: [String] = []
        let broken = ws.filter { !sane(at("network", "exact", $0)) || !sane(at("exact", "network", $0)) }
        if let first = broken.first {
            let row =
                sane(at("network", "exact", first)) ? at("exact", "network", first) : at("network", "exact", first)
            sentences.append("""
                Halves from two models can fall apart: \(row.conditional) ε(x, y) with \(row.unconditional) ε(x) at w \
                = \
                \(Format.number(first, digits: 2)) spreads \(number(row.run.score.spread)) (label accuracy \
                \(Format.number(100 * row.run.score.labelAccuracy, digits: 3))%). ε̃ = ε(x, y) + w (ε(x, y) − ε(x)) \
                amplifies \
                whatever the two halves disagree on, and two models disagree on more than the label.
                """)
        }
        // Across the ring, at the largest w where every pairing stays near the data.
        guard let clean = ws.last(where: { w in w > 0 && !broken.contains(w) }) else {
            return sentences.joined(separator: " ")
        }
        let (exact, network) = (at("exact", "exact", clean), at("network", "network", clean))
        let (exactUnconditional, exactConditional) = (at("network", "exact", clean), at("exact", "network", clean))
        let gap = exact.across - network.across
        guard gap > 0 else {
            return (sentences + ["Across the ring the network's samples spread no less than the exact ones."]).joined(
                separator: " ")
        }
        let closed = { (row: Row) in Format.number(100 * (row.across - network.across) / gap, digits: 2) + "%" }
        let byUnconditional = (exactUnconditional.across - network.across) / gap
        let byConditional = (exactConditional.across - network.across) / gap
        let culprit =
            byUnconditional >= 0.7 && byConditional <= 0.3
            ? "the network's unconditional half ε(x) is what narrows its samples"
            : byConditional >= 0.7 && byUnconditional <= 0.3
                ? "the network's conditional half ε(x, y) is what narrows its samples"
                : "neither half alone accounts for the narrowing"
        sentences.append("""
            The network's samples lose their width across the ring: at w = \(Format.number(clean, digits: 2)) they \
            spread \
            \(number(network.across)) across it against \(number(exact.across)) with both halves exact. The exact ε(x) \
            beside the network's ε(x, y) gives \(number(exactUnconditional.across)), closing \
            \(closed(exactUnconditional)) of \
            that gap; the exact ε(x, y) beside the network's ε(x) gives \(number(exactConditional.across)), closing \
            \(closed(exactConditional)): \(culprit).
            """)
        // At the largest w: the pairing that stays near the data, against both halves from the network.
        let mixed = at("exact", "network", top)
        let networkTop = at("network", "network", top)
        let exactTop = at("exact", "exact", top)
        if top != clean && sane(mixed) {
            sentences.append("""
                At w = \(Format.number(top, digits: 2)) the exact ε(x, y) with the network's ε(x) spreads \
                \(number(mixed.across)) \
                across the ring, near both halves from the network (\(number(networkTop.across))) and far from both \
                exact \
                (\(number(exactTop.across))).
                """)
        }
        if networkTop.radial > 1.5 * networkTop.across {
            let hidden =
                sane(mixed)
                ? ": the exact ε(x, y) with the network's ε(x) scores \(number(mixed.run.score.spread)) there, next to both exact's "
                    + "\(number(exactTop.run.score.spread)), with \(number(mixed.radial)) along the radius and \(number(mixed.across)) across"
                : ""
            sentences.append("""
                The narrowing is not round: with both halves from the network at w = \(Format.number(top, digits: 2)) \
                the \
                samples spread \(number(networkTop.radial)) along the radius through μ_k and \
                \(number(networkTop.across)) across \
                it, needles pointing out from the centre in guidance_samples.png. The spread column is the root mean \
                square of the two directions, so it hides the shape\(hidden).
                """)
        }
        return sentences.joined(separator: " ")
    }

    static func table(_ rows: [Row]) -> TextTable {
        var table = TextTable(columns: [
            "ε(x, y) from", "ε(x) from", "w", "label accuracy", "spread", "along the radius", "across it",
        ])
        for row in rows {
            table.append([
                row.conditional, row.unconditional, Format.number(row.run.w, digits: 2),
                Format.number(100 * row.run.score.labelAccuracy, digits: 3) + "%",
                Format.number(row.run.score.spread, digits: 3),
                Format.number(row.radial, digits: 3), Format.number(row.across, digits: 3),
            ])
        }
        return table
    }

    static func csv(_ rows: [Row]) -> CSVTable {
        var csv = CSVTable(columns: [
            "conditional", "unconditional", "w", "label_accuracy", "spread", "radial_spread", "across_spread",
        ])
        for row in rows {
            csv.append([
                .text(row.conditional), .text(row.unconditional), .number(row.run.w),
                .number(row.run.score.labelAccuracy),
                .number(row.run.score.spread), .number(row.radial), .number(row.across),
            ])
        }
        return csv
    }
}
