import Diffusion
import Foundation
import Plot
import Workbook

/// Cell: flow matching from one data set to another (moons → ring).
struct AnySourceCell {
    let book: Notebook
    let networks: LessonNetworks
    let mixture: GaussianMixture
    let seed: UInt64
    let quick: Bool

    func run() {
        book.cell("Any source: from the moons to the ring")
        let T = networks.schedule.timesteps
        book.say("""
            Nothing in flow matching needs the source to be Gaussian: x_t = (1 − t) x_0 + t x_1 with x_1 drawn from \
            another data set, and the target u = x_1 − x_0 (Tong et al. 2023: conditional flow matching needs no \
            Gaussian source; Liu et al. 2023 transfer between two data sets). Ho et al.'s diffusion cannot start \
            elsewhere: its forward process ends at N(0, I) whatever the data, ᾱ_T = \
            \(Format.number(networks.schedule.alphaBar(T), digits: 2)) at T = \(T), and its sampler starts from that. \
            Here x_1 comes from the two moons (independently of x_0 from the ring), with the same network and recipe \
            for \(networks.extraSteps) steps:
            """)
        var rng = Xoshiro256(seed: seed, stream: 6001)
        let ringData = Toy2D.ring.sample(count: 10_000, using: &rng)
        let trained = networks.trainFlow(samples: ringData.flattened, source: .dataset(.moons), label: "moons → ring")
        let count = quick ? 400 : 2000
        let moons = Toy2D.moons.sample(count: count, using: &rng).flattened
        let reference = heldOutReference(Toy2D.ring, count: count, seed: seed)
        var csv = CSVTable(columns: ["sampler", "model_calls", "energy_distance", "expected_floor", "component_std"])
        var table = TextTable(columns: ["sampler", "model calls", "energy / floor", "component std (truth 0.1)"])
        var best: [Double] = []
        for (method, steps) in [(FlowSolverMethod.euler, 10), (.euler, 50), (.heun, 10), (.heun, 25)] {
            let solver = FlowSolver(method: method, steps: steps)
            let samples = solver.solve(trained.network, from: moons, dimension: 2).samples
            let points = [SIMD2<Double>](flat: samples)
            let score = reference.compare(points)
            let spread = componentSpread(points, mixture: mixture)
            csv.append([
                .text(method.rawValue), .int(solver.modelCalls), .number(score.distance),
                .number(score.expectedFloor), .number(spread),
            ])
            let ratio = score.distance / score.expectedFloor
            table.append([
                method.rawValue, "\(solver.modelCalls)", Format.ratio(ratio),
                Format.number(spread, digits: 3),
            ])
            best.append(score.distance / score.expectedFloor)
        }
        book.show(table)
        book.save(
            data: csv, as: "any_source",
            caption: "Samples of the ring made from the moons: quality by sampler and model calls.")
        let moonsScore = reference.compare([SIMD2<Double>](flat: moons))
        let moonsRatio = moonsScore.distance / moonsScore.expectedFloor
        book.result(
            "the moons themselves score \(Format.ratio(moonsRatio)) against the ring; after the flow, "
                + "\(Format.ratio(best.min()!))–\(Format.ratio(best.max()!))")
        let closer = best.max()! < moonsRatio ? "Every sampler moves" : "Not every sampler moves"
        book.say("""
            \(closer) the moons closer to the ring; the best scores \(Format.ratio(best.min()!)) the floor (1× = as \
            good as fresh ring data) after \(networks.extraSteps) steps of training.
            """)
        let start = Array(moons.prefix(2 * 80))
        let path = FlowSolver(method: .euler, steps: 50).solve(
            trained.network, from: start, dimension: 2,
            keepPath: true
        ).path
        var panel = Panel(title: nil)
        var pathCSV = CSVTable(columns: ["path", "t", "x", "y"])
        for p in 0..<(start.count / 2) {
            let xs = path.map { $0[2 * p] }
            let ys = path.map { $0[2 * p + 1] }
            panel.lines.append(LineSeries(xs: xs, ys: ys, color: Color.palette[0].withAlpha(0.4), width: 1))
            for (k, (x, y)) in zip(xs, ys).enumerated() where k % 5 == 0 || k == xs.count - 1 {
                pathCSV.append([.int(p), .number(1 - Double(k) / 50), .number(x), .number(y)])
            }
        }
        panel.scatters = [
            ScatterLayer(points: [SIMD2<Double>](flat: moons), color: .lightGray, radius: 1.5, alpha: 0.5),
            ScatterLayer(
                points: (0..<(start.count / 2)).map { SIMD2(path.last![2 * $0], path.last![2 * $0 + 1]) },
                color: Color.palette[0],
                radius: 2.5, alpha: 1),
        ]
        panel.xRange = -1.8...1.8
        panel.yRange = -1.8...1.8
        panel.equalAspect = true
        panel.showLegend = false
        var figure = Figure(title: "Moons (gray, t = 1) → ring (blue, t = 0)", panels: [panel])
        figure.panelWidth = 520
        figure.panelHeight = 520
        book.save(
            figure, data: pathCSV, as: "any_source_paths",
            caption: "Euler paths (50 steps) of the moons → ring flow.")
    }
}
