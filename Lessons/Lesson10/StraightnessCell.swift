import Diffusion
import Foundation
import Plot
import Workbook

/// Cell: straightness and few-step quality for three couplings of noise and data.
struct StraightnessCell {
    let book: Notebook
    let networks: LessonNetworks
    let mixture: GaussianMixture
    let seed: UInt64
    let quick: Bool

    func run() {
        book.cell("Straight paths: couplings and reflow")
        let pairCount = quick ? 2000 : 5000
        let batch = 128
        let count = quick ? 400 : 1000
        book.say("""
            Each conditional path is straight, but the marginal paths bend: v* averages the directions ε − x_0 of \
            every pair through a point, and that average turns as t falls. Liu et al. 2023 measure it by the \
            straightness S = ∫ E‖(Z_1 − Z_0) − Ż_t‖² dt, 0 exactly when every path is a line run at constant speed, \
            which one Euler step follows exactly. Three ways to pair noise with data: independently (as so far); by \
            minibatch optimal transport, re-pairing each batch of \(batch) noise draws with \(batch) data points by \
            the exact assignment that minimizes Σ‖x_0 − ε‖² (Tong et al. 2023's OT-CFM; Pooladian et al. 2023; the \
            Hungarian method, Sources/Diffusion/Flows/Assignment.swift); and one reflow (Liu et al. 2023): pair each \
            noise draw with the sample that the \(networks.steps)-step network of the cells before makes from it \
            (Heun, 50 calls), and train again on those pairs. So that the three compare at equal training, each gets a \
            new network with the first one's recipe for a quarter of its steps, \(networks.extraSteps), on \
            \(pairCount) pairs, with the EMA decay \(Format.number(networks.extraConfiguration.emaDecay, digits: 3)) \
            instead of \(Format.number(networks.configuration.emaDecay, digits: 3)): its weights average over the last \
            ~\(Int((1 / (1 - networks.extraConfiguration.emaDecay)).rounded())) steps, where \
            \(Format.number(networks.configuration.emaDecay, digits: 3))^\(networks.extraSteps) = \
            \(Format.number(pow(networks.configuration.emaDecay, Double(networks.extraSteps)), digits: 2)) would leave \
            that much weight on the untrained start.
            """)
        var rng = Xoshiro256(seed: seed, stream: 5001)
        let data = networks.dataset.sample(count: pairCount, using: &rng)
        let noise = (0..<pairCount).map { _ in SIMD2(rng.gaussian(), rng.gaussian()) }
        let start = Date()
        let matched = minibatchOptimalTransport(sources: noise, targets: data, batch: batch)
        let matchSeconds = Date().timeIntervalSince(start)
        func cost(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>]) -> Double {
            zip(a, b).reduce(0) { $0 + (($1.0 - $1.1) * ($1.0 - $1.1)).sum() } / Double(a.count)
        }
        book.result(
            "minibatch OT: \(pairCount / batch) assignments of \(batch) × \(batch) in "
                + "\(Format.seconds(matchSeconds)); mean ‖x_0 − ε‖² \(Format.number(cost(data, noise), digits: 3)) "
                + "independent → \(Format.number(cost(data, matched), digits: 3)) matched")
        let independentNetwork = networks.trainFlow(
            samples: data.flattened, source: .gaussian,
            label: "independent network")
        let otNetwork = networks.trainFlow(
            samples: zip(data, matched).flatMap { [$0.x, $0.y, $1.x, $1.y] },
            source: .paired,
            label: "minibatch-OT network")
        // Reflow: the first network's own noise → sample pairs.
        let reflowNoise = (0..<pairCount).map { _ in SIMD2(rng.gaussian(), rng.gaussian()) }
        let generated = [SIMD2<Double>](
            flat: FlowSolver(method: .heun, steps: 25).solve(
                networks.velocity,
                from: reflowNoise.flattened,
                dimension: 2
            ).samples)
        let reflowNetwork = networks.trainFlow(
            samples: zip(generated, reflowNoise).flatMap {
                [
                    $0.x, $0.y, $1.x,
                    $1.y,
                ]
            }, source: .paired,
            label: "reflow network")
        book.result(
            "trained in \(Format.seconds(independentNetwork.seconds)), \(Format.seconds(otNetwork.seconds)) "
                + "and \(Format.seconds(reflowNetwork.seconds))")
        let couplings: [(String, VelocityNetwork)] = [
            ("independent", independentNetwork.network),
            (
                "minibatch OT",
                otNetwork.network
            ),
            ("reflow", reflowNetwork.network),
        ]
        let evaluation = NoiseStreams.initialNoise(count: count, dimension: 2, seed: seed &+ 13)
        let reference = heldOutReference(networks.dataset, count: count, seed: seed)
        var csv = CSVTable(columns: ["coupling", "straightness", "one_step_ratio", "two_step_ratio"])
        var table = TextTable(columns: [
            "coupling", "straightness S", "1 Euler step", "2 Euler steps",
            "20 Euler steps",
        ])
        var rows: [(name: String, s: Double, one: Double, two: Double, twenty: Double)] = []
        var panels: [Panel] = []
        var pathCSV = CSVTable(columns: ["coupling", "path", "t", "x", "y"])
        for (i, (name, network)) in couplings.enumerated() {
            let s = straightness(network, from: evaluation, dimension: 2, steps: 50).straightness
            let ratios = [1, 2, 20].map { steps -> Double in
                let samples = FlowSolver(method: .euler, steps: steps).solve(
                    network, from: evaluation,
                    dimension: 2
                ).samples
                let score = reference.compare([SIMD2<Double>](flat: samples))
                return score.distance / score.expectedFloor
            }
            rows.append((name, s, ratios[0], ratios[1], ratios[2]))
            csv.append([.text(name), .number(s), .number(ratios[0]), .number(ratios[1])])
            table.append([name, Format.number(s, digits: 3)] + ratios.map(Format.ratio))
            panels.append(
                trajectories(
                    network, name: name, color: Color.palette[i],
                    start: Array(evaluation.prefix(2 * 60)),
                    background: Array(data.prefix(800)), csv: &pathCSV))
        }
        book.say(
            "Straightness (50 Euler steps) and the energy distance over its floor after 1, 2 and 20 Euler "
                + "steps, \(count) samples:")
        book.show(table)
        book.save(
            data: csv, as: "straightness",
            caption: "Straightness of each coupling's flow and the quality of 1- and 2-step Euler sampling.")
        var figure = Figure(
            title: "Paths from the same 60 noise draws (gray, t = 1) to t = 0 (dots), 50 Euler "
                + "steps; data in light gray", panels: panels, columns: 3)
        figure.panelWidth = 340
        figure.panelHeight = 340
        book.save(
            figure, data: pathCSV, as: "straightness_paths",
            caption: "Each coupling's sampling paths from the same noise.")
        let independent = rows[0]
        let straighter = rows.dropFirst().filter { $0.s < independent.s }
        let oneStep = FlowSolver(method: .euler, steps: 1).solve(couplings[0].1, from: evaluation, dimension: 2).samples
        let dataMean = data.reduce(SIMD2<Double>(0, 0), +) / Double(data.count)
        let radius = Moments.mean(
            [SIMD2<Double>](flat: oneStep).map { p in
                ((p - dataMean) * (p - dataMean)).sum().squareRoot()
            })
        let straightest = rows.min { $0.s < $1.s }!
        // The first network's own samples from the table's noise draws: the distribution reflow learns, scored
        // like-for-like with the rows above (a score at this size moves by a factor of two from draw to draw).
        let target = FlowSolver(method: .heun, steps: 25).solve(networks.velocity, from: evaluation, dimension: 2)
        let generatedScore = reference.compare([SIMD2<Double>](flat: target.samples))
        let generatedRatio = generatedScore.distance / generatedScore.expectedFloor
        let bestOne = rows.min { $0.one < $1.one }!
        let names = straighter.map(\.name).joined(separator: " and ")
        let reflow = rows[2]
        let reflowBeatsTarget =
            reflow.twenty < 0.75 * generatedRatio
            ? " Yet after 20 steps the reflow network scores \(Format.ratio(reflow.twenty)), better than the samples "
                + "it was trained to reproduce: \(networks.extraSteps) steps did not learn that target exactly, and on "
                + "this run its errors brought it nearer the data, not further."
            : ""
        let straightening =
            straighter.isEmpty
            ? "Neither coupling made the paths straighter than the independent one here."
            : "\(names) \(straighter.count == 1 ? "lowers" : "lower") the straightness from "
                + "\(Format.number(independent.s, digits: 3)) "
                + "to \(straighter.map { Format.number($0.s, digits: 3) }.joined(separator: " and "))."
        book.say("""
            \(straightening) With the independent coupling one Euler step is v*(x, 1) = x − E[x_0]: every sample lands \
            on the data's mean, and the network's one-step samples lie \(Format.number(radius, digits: 2)) from it on \
            average\
            \(networks.dataset == .ring ? ", where the ring has radius 1" : ""). The best one-step sampler is \
            \(bestOne.name) (\(Format.ratio(bestOne.one)) the floor); the straightest flow is \(straightest.name)'s. \
            After 20 steps the three score \
            \(rows.map { "\(Format.ratio($0.twenty)) (\($0.name))" }.joined(separator: ", "))\
            \(straightest.twenty > 1.5 * rows.map(\.twenty).min()! ? ": straight is not the same as right" : ""). \
            Reflow learns to reproduce the first network's own samples, which score \(Format.ratio(generatedRatio)) \
            (Heun, 50 calls, from the same \(count) noise draws): its target is that network's distribution, not the \
            data's.\
            \(reflowBeatsTarget) Each score is one draw of \(count) samples; Lesson05 shows such a score moving by a \
            factor of two from seed to seed, so read smaller differences between rows as ties.
            """)
    }

    /// One panel of 50-step Euler paths from `start` (flat).
    func trajectories(
        _ network: VelocityNetwork, name: String, color: Color, start: [Double],
        background: [SIMD2<Double>],
        csv: inout CSVTable
    ) -> Panel {
        let path = FlowSolver(method: .euler, steps: 50).solve(network, from: start, dimension: 2, keepPath: true).path
        var panel = Panel(title: name)
        let paths = start.count / 2
        for p in 0..<paths {
            let xs = path.map { $0[2 * p] }
            let ys = path.map { $0[2 * p + 1] }
            panel.lines.append(LineSeries(xs: xs, ys: ys, color: color.withAlpha(0.5), width: 1))
            for (k, (x, y)) in zip(xs, ys).enumerated() where k % 5 == 0 || k == xs.count - 1 {
                csv.append([.text(name), .int(p), .number(1 - Double(k) / 50), .number(x), .number(y)])
            }
        }
        panel.scatters = [
            ScatterLayer(points: background, color: .lightGray, radius: 1.5, alpha: 0.5),
            ScatterLayer(
                points: (0..<paths).map { SIMD2(path.last![2 * $0], path.last![2 * $0 + 1]) }, color: color,
                radius: 2.5, alpha: 1),
            ScatterLayer(
                points: (0..<paths).map { SIMD2(start[2 * $0], start[2 * $0 + 1]) }, color: .gray, radius: 2,
                alpha: 0.6),
        ]
        panel.xRange = -2.6...2.6
        panel.yRange = -2.6...2.6
        panel.equalAspect = true
        panel.showLegend = false
        return panel
    }
}
