import Diffusion
import Plot
import Workbook

/// One guided run on a ring: which model, which data, w, the samples and their score.
struct RingRun {
    let denoiser: String
    let mixture: GaussianMixture
    let w: Double
    let points: [SIMD2<Double>]
    let score: ComponentFidelity
}

/// The ring cells' sampling: `count` samples, sample i asking for component i mod K, drawn by
/// one sampler from one seed for every model and w, so rows differ only in what they guide with.
struct RingGuidance {
    let sampler: DDIMSampler
    let count: Int
    let seed: UInt64

    func labels(classes: Int) -> [Int] { (0..<count).map { $0 % classes } }

    /// Classifier-free guidance at each w, combined by the learner's `guidedNoise` when `mine` has it.
    func run<Model: ConditionalNoisePredictor>(
        _ model: Model, named denoiser: String, mixture: GaussianMixture, ws: [Double],
        mine: Mine? = nil
    ) -> [RingRun] {
        let labels = labels(classes: model.classCount)
        return ws.map { w in
            if let yours = mine?.guidance(model, labels: labels, w: w) {
                return score(yours, denoiser: denoiser, mixture: mixture, w: w)
            }
            return score(
                ClassifierFreeGuidance(model: model, labels: labels, guidanceScale: w), denoiser: denoiser,
                mixture: mixture, w: w)
        }
    }

    /// Samples `predictor` (one label per sample, as `labels(classes:)`) and scores them.
    func score(_ predictor: some NoisePredictor, denoiser: String, mixture: GaussianMixture, w: Double) -> RingRun {
        let points = sampler.run(predictor: predictor, count: count, dimension: 2, seed: seed).points
        let score = ComponentFidelity(
            samples: points, labels: labels(classes: mixture.means.count), mixture: mixture, seed: seed &+ 1)
        return RingRun(denoiser: denoiser, mixture: mixture, w: w, points: points, score: score)
    }

    /// One row per run: the scores, then w, and how many times the floor the distance is.
    static func table(_ runs: [RingRun], strength: String = "w") -> TextTable {
        var table = TextTable(columns: [
            "denoiser", "s (data)", strength, "label accuracy", "spread", "mean shift", "D²", "÷ expected floor",
        ])
        for run in runs {
            let score = run.score
            table.append([
                run.denoiser, Format.number(run.mixture.standardDeviation, digits: 2), Format.number(run.w, digits: 2),
                Format.number(100 * score.labelAccuracy, digits: 3) + "%", Format.number(score.spread, digits: 3),
                Format.number(score.meanShift, digits: 3), Format.number(score.energyDistance, digits: 2),
                Format.ratio(score.energyDistance / score.expectedFloor),
            ])
        }
        return table
    }

    /// The runs' samples in a grid: one row per (denoiser, data), one column per w, each
    /// class in its own colour, the component means as white dots ringed in black (one class is
    /// black). With `namePanels` each panel's title names its denoiser and data too.
    static func samplesFigure(_ runs: [RingRun], title: String, strength: String = "w", namePanels: Bool = false) -> (
        Figure, CSVTable
    ) {
        var csv = CSVTable(columns: ["denoiser", "data_std", strength, "sample", "label", "x", "y"])
        var panels: [Panel] = []
        for run in runs {
            let classes = run.mixture.means.count
            let name =
                namePanels ? "\(run.denoiser), s=\(Format.number(run.mixture.standardDeviation, digits: 2)), " : ""
            var panel = Panel(title: name + "\(strength)\(namePanels ? "=" : " = ")\(Format.number(run.w, digits: 2))")
            for k in 0..<classes {
                let mine = stride(from: k, to: run.points.count, by: classes).map { run.points[$0] }
                panel.scatters.append(
                    ScatterLayer(points: mine, color: Color.palette[k % Color.palette.count], radius: 1.2, alpha: 0.4))
            }
            panel.scatters.append(ScatterLayer(points: run.mixture.means, color: .black, radius: 3.5, alpha: 1))
            panel.scatters.append(ScatterLayer(points: run.mixture.means, color: .white, radius: 2.2, alpha: 1))
            for (i, p) in run.points.enumerated() {
                csv.append([
                    .text(run.denoiser), .number(run.mixture.standardDeviation), .number(run.w), .int(i),
                    .int(i % classes),
                    .number(p.x), .number(p.y),
                ])
            }
            (panel.xRange, panel.yRange, panel.equalAspect, panel.showAxes) = (-2...2, -2...2, true, false)
            panels.append(panel)
        }
        var figure = Figure(title: title, panels: panels, columns: min(6, panels.count))
        (figure.panelWidth, figure.panelHeight) = (230, 250)
        return (figure, csv)
    }
}

extension RingGuidance {
    /// guidance_2d.csv: one row per run.
    static func metricsTable(_ runs: [RingRun]) -> CSVTable {
        var csv = CSVTable(columns: [
            "denoiser", "w", "label_accuracy", "component_std", "energy_distance", "expected_floor",
            "mean_shift", "data_std",
        ])
        for run in runs {
            let s = run.score
            csv.append([
                .text(run.denoiser), .number(run.w), .number(s.labelAccuracy), .number(s.spread),
                .number(s.energyDistance),
                .number(s.expectedFloor), .number(s.meanShift), .number(run.mixture.standardDeviation),
            ])
        }
        return csv
    }

    /// Label accuracy, spread ÷ s and D² ÷ its floor against w, one line per (denoiser, data).
    static func metricsFigure(_ runs: [RingRun], mark: String = "") -> Figure {
        var groups: [(name: String, runs: [RingRun])] = []
        for run in runs {
            let name = "\(run.denoiser), s = \(Format.number(run.mixture.standardDeviation, digits: 2))"
            if let i = groups.firstIndex(where: { $0.name == name }) {
                groups[i].runs.append(run)
            } else {
                groups.append((name, [run]))
            }
        }
        var accuracy = Panel(
            title: "Label accuracy", xLabel: "guidance strength w", yLabel: "share nearest the requested component")
        var spread = Panel(title: "Spread ÷ s (1 = the data's)", xLabel: "guidance strength w", yLabel: "spread / s")
        var distance = Panel(
            title: "Energy distance ÷ expected floor", xLabel: "guidance strength w", yLabel: "D² / floor (log scale)")
        for (g, group) in groups.enumerated() {
            let color = Color.palette[g % Color.palette.count]
            let ws = group.runs.map(\.w)
            // Learned denoisers dashed and thin over the exact ones, so a line under another still shows.
            let learned = group.runs[0].denoiser != "exact"
            let (style, width) = learned ? (LineStyle.dashed, 2.0) : (LineStyle.solid, 3.5)
            accuracy.lines.append(
                LineSeries(
                    label: group.name, xs: ws, ys: group.runs.map(\.score.labelAccuracy), color: color,
                    style: style, width: width))
            spread.lines.append(
                LineSeries(
                    label: group.name, xs: ws, ys: group.runs.map { $0.score.spread / $0.mixture.standardDeviation },
                    color: color, style: style, width: width))
            distance.lines.append(
                LineSeries(
                    label: group.name, xs: ws, ys: group.runs.map { $0.score.energyDistance / $0.score.expectedFloor },
                    color: color, style: style, width: width))
        }
        let top = runs.map(\.w).max() ?? 1
        spread.lines.append(LineSeries(xs: [0, top], ys: [1, 1], color: .gray, style: .dashed, width: 1))
        // The legend goes above the spread lines, which start just under 1.
        (accuracy.yRange, spread.yRange, accuracy.showLegend, distance.showLegend, distance.yScale) = (
            0.5...1.02, 0...1.3, false, false, .log
        )
        var figure = Figure(
            title: "Classifier-free guidance on the ring: fidelity against diversity" + mark,
            panels: [accuracy, spread, distance])
        figure.panelWidth = 420
        return figure
    }
}
