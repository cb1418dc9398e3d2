import Diffusion
import ExerciseChecks
import Foundation
import Plot
import Workbook

/// Cell: the conditional flow-matching loss per t against its exact floor, and Lipman et al.'s
/// Theorem 2 measured on two fields.
struct LossCell {
    let book: Notebook
    let networks: LessonNetworks
    let mixture: GaussianMixture
    let seed: UInt64
    let quick: Bool
    let mine: Mine

    func run() {
        book.cell("The loss and its floor" + MineReport.mark(mine.interpolant, mine.conditionalVelocity))
        let epsField = NoisePredictorVelocity(networks.noise)
        // Times where both networks can be asked: the linear-path times t_τ of 20 of the ε network's steps.
        let targets = (0..<20).map { (Double($0) + 0.5) / 20 }
        let times = targets.map { target in epsField.stepTimes.min { abs($0 - target) < abs($1 - target) }! }
        let count = quick ? 800 : 4000
        var rng = Xoshiro256(seed: seed, stream: 4001)
        let exact = MixtureVelocity(mixture: mixture, path: .linear)
        guard networks.dataset == .ring else {
            book.say(
                "The \(networks.dataset.rawValue) data has no closed-form velocity; run with --dataset ring to "
                    + "see the floor.")
            var csv = CSVTable(columns: ["t", "loss_trained", "floor"])
            for t in times {
                let x0 = networks.dataset.sample(count: count, using: &rng).flattened
                let eps = rng.gaussians(x0.count)
                let xt = mine.interpolate(x0: x0, noise: eps, t: t)
                let u = mine.target(x0: x0, noise: eps)
                let loss = Moments.mean(
                    squaredErrorsPerSample(
                        u,
                        networks.velocity.velocity(
                            xt: xt, t: t,
                            dimension: 2), dimension: 2))
                csv.append([.number(t), .number(loss), .text("")])
            }
            MineReport.lines(mine.interpolant, mine.conditionalVelocity).forEach(book.result)
            book.save(
                data: csv, as: "fm_loss_per_t",
                caption: "The trained velocity network's loss at each t (no floor for this data).")
            return
        }
        book.say("""
            The conditional flow-matching loss at one t is L_CFM(t) = E ‖u − v_θ(x_t, t)‖² (Lipman et al. 2023, eq. \
            9), here per value, on \(count) held-out x_0 with fresh ε. Since v* = E[u | x_t], it splits as E‖u − v*‖² \
            + E‖v* − v_θ‖², the variance of u given x_t plus the error of the field; the first part, the floor, no \
            network can remove. At t → 0, x_t is x_0 and says nothing about ε, so the floor is Var(ε) = 1; at t → 1, \
            x_t is ε and says little about x_0, so it tends to the data's variance per axis, ½ + s² = \
            \(Format.number(0.5 + mixture.standardDeviation * mixture.standardDeviation, digits: 3)).
            """)
        var csv = CSVTable(columns: ["t", "loss_trained", "floor"])
        var table = TextTable(columns: [
            "t", "L_CFM(v_θ)", "L_FM(v_θ)", "CFM − FM", "L_CFM(v_ε)", "L_FM(v_ε)",
            "CFM − FM", "floor",
        ])
        var lossRows: [(t: Double, trained: Double, floor: Double)] = []
        var largestZ = 0.0
        var largestFloorZ = 0.0
        var fieldRatio = 0.0
        for (k, t) in times.enumerated() {
            let x0 = mixture.sample(count: count, using: &rng).flattened
            let eps = rng.gaussians(x0.count)
            let xt = mine.interpolate(x0: x0, noise: eps, t: t)
            let u = mine.target(x0: x0, noise: eps)
            let vStar = exact.velocity(xt: xt, t: t)
            let fields = [
                networks.velocity.velocity(xt: xt, t: t, dimension: 2),
                epsField.velocity(
                    xt: xt, t: t,
                    dimension: 2),
            ]
            let floor = squaredErrorsPerSample(u, vStar, dimension: 2)
            // Per sample: CFM − FM for each field; their difference has mean 0 by Theorem 2.
            let gaps = fields.map { v in
                zip(
                    squaredErrorsPerSample(u, v, dimension: 2),
                    squaredErrorsPerSample(
                        vStar,
                        v, dimension: 2)
                ).map { $0 - $1 }
            }
            let cfm = fields.map { Moments.mean(squaredErrorsPerSample(u, $0, dimension: 2)) }
            let fm = fields.map { Moments.mean(squaredErrorsPerSample(vStar, $0, dimension: 2)) }
            let between = zip(gaps[0], gaps[1]).map { $0 - $1 }
            largestZ = max(largestZ, abs(Moments.mean(between)) / standardError(between))
            let offFloor = zip(gaps[0], floor).map { $0 - $1 }
            largestFloorZ = max(largestFloorZ, abs(Moments.mean(offFloor)) / standardError(offFloor))
            fieldRatio = max(fieldRatio, max(fm[0], fm[1]) / min(fm[0], fm[1]))
            lossRows.append((t, cfm[0], Moments.mean(floor)))
            csv.append([.number(t), .number(cfm[0]), .number(Moments.mean(floor))])
            if k % 3 == 0 || k == times.count - 1 {
                table.append(
                    [Format.number(t, digits: 3)]
                        + (0..<2).flatMap { i in
                            [cfm[i], fm[i], cfm[i] - fm[i]].map { Format.number($0, digits: 4) }
                        } + [Format.number(Moments.mean(floor), digits: 4)])
            }
        }
        MineReport.lines(mine.interpolant, mine.conditionalVelocity).forEach(book.result)
        book.say("""
            Lipman et al. 2023, Theorem 2: L_CFM and the marginal loss L_FM = E‖v* − v‖² differ by a constant that \
            does not depend on the field v, so their gradients agree and training on u learns v*. Two fields: the \
            velocity network v_θ, and v_ε, the velocity the ε network implies (next cells). Each row on the same draws:
            """)
        book.show(table)
        book.result(
            "the two fields' L_FM differ by up to \(Format.number(fieldRatio, digits: 3))×, yet CFM − FM "
                + "agrees between them within \(Format.number(largestZ, digits: 2)) standard errors at every t, "
                + "and with the floor within \(Format.number(largestFloorZ, digits: 2))")
        let first = lossRows.first!
        let last = lossRows.last!
        let inner = lossRows.dropFirst().dropLast()
        let peak = inner.max { $0.floor < $1.floor }!
        // The first dip: a row whose floor is below the row before and not above the row after.
        let dip = lossRows.indices.dropFirst().dropLast().first {
            lossRows[$0].floor < lossRows[$0 - 1].floor && lossRows[$0].floor <= lossRows[$0 + 1].floor
        }.map { lossRows[$0] }
        let above = lossRows.map { $0.trained / $0.floor - 1 }
        let worst = lossRows[above.indices.max { above[$0] < above[$1] }!]
        let meanFloor = Moments.mean(lossRows.map(\.floor))
        let meanTrained = Moments.mean(lossRows.map(\.trained))
        let dipText =
            dip.map {
                "dips to \(Format.number($0.floor, digits: 3)) at t = \(Format.number($0.t, digits: 3)) and "
            } ?? ""
        let mostlyFloor =
            meanFloor > meanTrained / 2
            ? ": a flow-matching loss near 1 is not a failure here, it is "
                + "mostly the floor" : ""
        book.say("""
            The floor is \(Format.number(first.floor, digits: 3)) at t = \(Format.number(first.t, digits: 3)) and \
            \(Format.number(last.floor, digits: 3)) at t = \(Format.number(last.t, digits: 3)), near the limits; in \
            between it \(dipText)reaches a high of \(Format.number(peak.floor, digits: 3)) at t = \
            \(Format.number(peak.t, digits: 3)). Averaged over these 20 t the floor is \
            \(Format.number(meanFloor, digits: 3)) and the trained network's loss \
            \(Format.number(meanTrained, digits: 3))\(mostlyFloor). The network is furthest above it at t = \
            \(Format.number(worst.t, digits: 3)) (\(Format.number(100 * above.max()!, digits: 2))% above). Within one \
            component v* changes by (a′_t a_t s² + b′_t b_t)/V_t per unit of x: \
            \(Format.number(gain(worst.t), digits: 3)) there, against \(Format.number(gain(0.5), digits: 3)) at t = \
            0.5\(gain(worst.t) > gain(0.5) ? ", a steeper field to fit" : "").
            """)
        let mark = MineReport.mark(mine.interpolant, mine.conditionalVelocity)
        var panel = Panel(
            title: "Flow-matching loss per t (\(count) held-out points)" + mark,
            xLabel: "t", yLabel: "mean ‖u − v‖² per value")
        panel.lines = [
            LineSeries(
                label: "trained velocity network", xs: lossRows.map(\.t), ys: lossRows.map(\.trained),
                color: Color.palette[0]),
            LineSeries(
                label: "floor E‖u − v*‖²", xs: lossRows.map(\.t), ys: lossRows.map(\.floor),
                color: Color.palette[2], style: .dashed),
        ]
        panel.xRange = 0...1
        var figure = Figure(title: nil, panels: [panel])
        figure.panelWidth = 640
        figure.panelHeight = 400
        book.save(
            figure, data: csv, as: "fm_loss_per_t",
            caption: "The conditional flow-matching loss of the trained network at each t, and its exact floor.")
    }

    /// (a′_t a_t s² + b′_t b_t)/V_t on the linear path: how fast v* changes with x within one component.
    func gain(_ t: Double) -> Double {
        let path = GaussianPath.linear
        let s = mixture.standardDeviation
        let a = path.signalRate(t)
        let b = path.noiseRate(t)
        return (path.signalRateDerivative(t) * a * s * s + path.noiseRateDerivative(t) * b) / (a * a * s * s + b * b)
    }

    /// The standard error of the mean of `values`.
    func standardError(_ values: [Double]) -> Double {
        let m = Moments.mean(values)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}
