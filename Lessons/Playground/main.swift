// Playground — Your own notebook.
// Write here: `swift run Playground` prints your cells and writes their page, output/Playground/index.html,
// with a card in the gallery. Every call below is the one the lessons use; the README shows each in a few lines.
import Diffusion
import Foundation
import Plot
import Workbook

let options = LessonOptions.parseOrFail()
let book = Notebook(lesson: "Playground", title: "Your own notebook", options: options)
var rng = Xoshiro256(seed: options.seed)

// A cell: a heading, prose, a computed result.
book.cell("How much signal is left?")
let schedule = NoiseSchedule(.cosine, timesteps: 1000)
book.say("Under the cosine schedule, x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (Ho et al. 2020, eq. 4). What is left at t = 500?")
book.result("ᾱ_500 = \(Format.number(schedule.alphaBar(500)))")

// A figure and the CSV of its numbers.
book.cell("A figure and its numbers")
var alphaBars = CSVTable(columns: ["t", "alpha_bar"])
for t in schedule.steps { alphaBars.append([.int(t), .number(schedule.alphaBar(t))]) }
var panel = Panel(title: "ᾱ_t, cosine schedule", xLabel: "t", yLabel: "ᾱ_t")
panel.lines = [LineSeries(xs: schedule.steps.map(Double.init), ys: schedule.alphaBars)]
book.save(Figure(panels: [panel]), data: alphaBars, as: "alpha_bar", caption: "ᾱ_t against t.")

// A slider: one frame per setting, each with its rows of the CSV.
book.cell("A slider")
let data = Toy2D.moons.sample(count: options.quick ? 300 : 1000, using: &rng)
let noise = rng.gaussians(2 * data.count)
book.say("The moons under q(x_t | x_0) at six values of t, the same ε throughout: move the slider on the page.")
var sweep = Sweep(controls: ["t"], columns: ["t", "alpha_bar", "std_x"])
for t in [1, 100, 200, 400, 700, 1000] {
    let xt = [SIMD2<Double>](flat: schedule.qSample(x0: data.flattened, t: t, noise: noise))
    var frame = Panel(title: "t = \(t)", xLabel: "x", yLabel: "y")
    frame.scatters = [ScatterLayer(points: xt)]
    frame.xRange = -3.5...3.5
    frame.yRange = -3.5...3.5
    frame.equalAspect = true
    sweep.append(
        ["\(t)"], frame: AnimationFrame.png(frame),
        rows: [[.int(t), .number(schedule.alphaBar(t)), .number(Moments.variance(xt.map(\.x)).squareRoot())]])
}
book.save(sweep, as: "moons_at_t", caption: "The moons at t, one frame per setting of the slider.")

book.finish(exercises: nil)
