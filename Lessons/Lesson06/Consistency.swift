// Lesson 06: the same x_T decoded with different S at η = 0 (Song et al. 2021, §5.2),
// from the Table 1 runs (consistency.png/.csv).
import Diffusion
import Foundation
import Plot
import Workbook

func consistencyCell(
    book: Notebook, samples: [Int: [SIMD2<Double>]], timesteps T: Int, view: ClosedRange<Double>, denoiser: String
) {
    guard let full = samples[T] else { return }
    book.cell("Consistency: the same x_T, any S")
    let stepCounts = samples.keys.sorted()
    book.say("""
        With η = 0, x_0 is a function of x_T alone, and since every S discretises the same ODE, \
        it should be nearly the same function whatever S (DDIM §5.2, "consistency"). The Table 1 \
        samples at η = 0 all started from the same \(full.count) points x_T; the mean distance \
        between each S's x_0 and the S = T one (\(denoiser) denoiser; the data's ring has radius 1):
        """)
    var csv = CSVTable(columns: ["steps", "mean_distance_to_full", "max_distance_to_full"])
    var table = TextTable(columns: ["S", "mean ‖x_0(S) − x_0(T)‖", "largest"])
    var distances: [Double] = []
    for steps in stepCounts where steps != T {
        let d = zip(samples[steps]!, full).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() }
        let mean = Moments.mean(d)
        distances.append(mean)
        csv.append([.int(steps), .number(mean), .number(d.max()!)])
        table.append(["\(steps)", Format.number(mean, digits: 3), Format.number(d.max()!, digits: 3)])
    }
    book.show(table)
    var distancePanel = Panel(
        title: "distance to the S = \(T) result", xLabel: "DDIM steps S", yLabel: "mean ‖x_0(S) − x_0(T)‖")
    distancePanel.xScale = .log
    distancePanel.yScale = .log
    let shownSteps = stepCounts.filter { $0 != T }.map(Double.init)
    distancePanel.lines = [LineSeries(label: "\(denoiser) denoiser, η = 0", xs: shownSteps, ys: distances)]
    distancePanel.scatters = [
        ScatterLayer(
            points: zip(shownSteps, distances).map { SIMD2($0, $1) }, color: Color.palette[0], radius: 4, alpha: 1)
    ]
    let fewest = stepCounts[0]
    let shown = min(300, full.count)
    var pairPanel = Panel(title: "\(shown) x_T decoded with S = \(fewest) and S = \(T)", xLabel: "x", yLabel: "y")
    pairPanel.arrows = [
        ArrowLayer(
            label: "from S = \(T) to S = \(fewest)", origins: Array(full.prefix(shown)),
            vectors: zip(samples[fewest]!, full).prefix(shown).map { $0 - $1 }, color: .gray)
    ]
    pairPanel.scatters = [
        ScatterLayer(
            label: "S = \(T)", points: Array(full.prefix(shown)), color: Color.palette[0], radius: 2.5, alpha: 0.9),
        ScatterLayer(
            label: "S = \(fewest)", points: Array(samples[fewest]!.prefix(shown)), color: Color.palette[1], radius: 2.5,
            alpha: 0.9),
    ]
    pairPanel.equalAspect = true
    pairPanel.xRange = view
    pairPanel.yRange = view
    book.save(
        Figure(title: "Consistency of DDIM (η = 0): one x_T, one x_0, whatever S", panels: [distancePanel, pairPanel]),
        data: csv, as: "consistency",
        caption:
            "Left: mean distance of each S's samples to the S = T samples from the same x_T. Right: where each point moves between S = T and the fewest steps."
    )
    book.result(
        "S = \(stepCounts[stepCounts.count - 2]) lands \(Format.number(distances.last!, digits: 2)) from the S = \(T) result on average; "
            + "S = \(fewest), \(Format.number(distances[0], digits: 2)): x_T fixes the sample, S only sharpens it")
}
