// Lesson 07 — Images: noising grids and a tiny image diffusion model.
// Nothing in the forward process, the loss or the samplers cared that a sample had two
// values. A 16×16 digit has 256: the same machinery, a network that sees images as images,
// and digits appear.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import ImageData
import Plot
import TrainedModels
import Workbook

let options = Options.parseOrFail()
let book = Notebook(
    lesson: "Lesson07", title: "Images: noising grids and a tiny image diffusion model", options: options.common)
let quick = options.common.quick
let seed = options.common.seed
let images = LessonImages.load(options)
let pixels = images.pixels
let side = images.training.width
let model = DigitModel(validating: options, pixels: pixels, book: book)
let mine = orFail {
    try Mine(enabled: options.mine, schedule: model.plan.schedule, dimension: model.plan.timeEmbeddingDimension)
}

book.cell("The data: small images as vectors")
book.say("""
    An image is a vector of its pixels, here \(side)×\(side) = \(pixels) values scaled to [−1, 1] \
    (−1 black, 1 white), the range DDPM gives its data (Ho et al. 2020, §3.3). The data: \
    \(images.name); \(images.training.count) images for training, \(images.heldOut.count) held out.
    """)
let examplesPerClass = 4
var exampleTiles: [[[Double]]] = Array(repeating: [], count: examplesPerClass)
var exampleColumns: [String] = []
if images.labelled {
    for label in 0..<10 {
        let found = images.training.labels.indices.filter { images.training.labels[$0] == label }.prefix(
            examplesPerClass)
        guard found.count == examplesPerClass else { continue }
        for (row, index) in found.enumerated() { exampleTiles[row].append(images.training.images[index]) }
        exampleColumns.append("\(label)")
    }
} else {
    for index in 0..<min(10 * examplesPerClass, images.training.count) {
        exampleTiles[index / 10].append(images.training.images[index])
    }
}
let exampleRows = (1...examplesPerClass).map { "#\($0)" }
book.save(
    digitGrid(
        "Training images\(images.labelled ? ", by label" : "")", exampleTiles, side: side, rowLabels: exampleRows,
        columnLabels: exampleColumns),
    data: tileTable(exampleTiles, rowLabels: exampleRows, columnLabels: exampleColumns),
    as: "digits", caption: "Real training images; one CSV row per tile with its \(pixels) pixels.")
if images.labelled {
    book.result(
        "images per label in the training set: \(images.training.labelCounts.map(String.init).joined(separator: ", "))")
}

book.cell("The forward process on images")
let T = 1000
let schedules = [NoiseSchedule(.linear, timesteps: T), NoiseSchedule(.cosine, timesteps: T)]
let forwardSteps = [0, 50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
let forwardImages = Array(images.heldOut.images.prefix(8))
var noiseRNG = Xoshiro256(seed: seed, stream: 3)
let forwardNoise = forwardImages.map { _ in noiseRNG.gaussians(pixels) }
book.say("""
    x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε (Ho et al. 2020, eq. 4) acts on every pixel alike. \(forwardImages.count) \
    held-out images, each with its own ε (the same under both schedules), at growing t, and the \
    mean correlation between x_t and x_0 over the images.
    """)
var forwardTable = TextTable(columns: ["t", "linear ᾱ_t", "correlation", "cosine ᾱ_t", "correlation"])
var correlations: [[Double]] = []
for schedule in schedules {
    let name = schedule.kind!.rawValue
    let rows = forwardSteps.map { t in
        zip(forwardImages, forwardNoise).map { x0, noise in t == 0 ? x0 : schedule.qSample(x0: x0, t: t, noise: noise) }
    }
    correlations.append(rows.map { row in Moments.mean(zip(row, forwardImages).map { Moments.correlation($0, $1) }) })
    let rowLabels = forwardSteps.map { "t = \($0), ᾱ_t = \(Format.number(schedule.alphaBar($0), digits: 2))" }
    book.save(
        digitGrid("q(x_t | x_0) under the \(name) schedule, T = \(T)", rows, side: side, rowLabels: rowLabels),
        data: tileTable(rows, rowLabels: rowLabels, columnLabels: []),
        as: "forward_\(name)",
        caption: "Rows: t; columns: images. Pixels outside [−1, 1] are clipped to black or white.")
}
for (k, t) in forwardSteps.enumerated() {
    forwardTable.append([
        "\(t)", Format.number(schedules[0].alphaBar(t), digits: 3), Format.number(correlations[0][k], digits: 3),
        Format.number(schedules[1].alphaBar(t), digits: 3), Format.number(correlations[1][k], digits: 3),
    ])
}
book.show(forwardTable)
// The first shown t at which the digits are faint (correlation with x_0 below 0.2) and nearly gone (below 0.05).
let fadedAt = correlations.map { row in forwardSteps[row.firstIndex { $0 < 0.2 } ?? forwardSteps.count - 1] }
let goneAt = correlations.map { row in forwardSteps[row.firstIndex { $0 < 0.05 } ?? forwardSteps.count - 1] }
book.result(
    "correlation below 0.2 from t = \(fadedAt[0]) (linear) and t = \(fadedAt[1]) (cosine); "
        + "below 0.05 from t = \(goneAt[0]) and t = \(goneAt[1])")
let staysGone = correlations[0][forwardSteps.firstIndex(of: goneAt[0])!...].allSatisfy { $0 < 0.05 }
let linearAt = { (t: Int) in Format.number(correlations[0][forwardSteps.firstIndex(of: t)!], digits: 2) }
let lastSteps =
    staysGone
    ? ", and under 0.05 at every t shown after it: its last \(T - goneAt[0]) steps work on images that are all but pure noise"
    : ""
book.say("""
    Small images lose their signal fast. Ho et al. chose the linear schedule's β_t small next to \
    data scaled to [−1, 1] and kept it from 32×32 up to 256×256 images; on these 16×16 digits \
    x_t's correlation with x_0 is \(linearAt(fadedAt[0])) at t = \(fadedAt[0]) and \
    \(linearAt(goneAt[0])) at t = \(goneAt[0])\(lastSteps). Nichol & Dhariwal (2021, §3.2) found the end of the \
    linear schedule too noisy to add much to sample quality at 32×32 and 64×64; their cosine \
    schedule spreads the fading over the whole run (below 0.05 only from t = \(goneAt[1])), so \
    training spends fewer steps where little is left to learn. The workbook's image model is \
    trained on it.
    """)

book.cell("A noise predictor for \(pixels) pixels")
let network = model.prepare(options, images: images, book: book)
book.say(DigitModel.describe(network.shape))
let schedule = network.schedule
let clipping = X0Clipping.range(-1...1)
LossWeightCell(book: book, configuration: TrainingConfiguration.digits).run()
TimeEmbeddingCell(book: book, network: network, mine: mine).run()
UNetCell(book: book, network: network).run(x0: forwardImages[0], t: 400, noise: forwardNoise[0])

book.cell("Samples: DDPM and DDIM from the same noise")
let sampleCount = quick ? 40 : 100
let ddimSteps = 20
let ddpm = DDPMSampler(schedule: schedule, variance: .beta, clipping: clipping)
let ddim = orFail { try DDIMSampler(schedule: schedule, steps: ddimSteps, eta: 0, clipping: clipping) }
book.say("""
    \(sampleCount) chains start from the same x_T ~ N(0, I) (noise stream i for sample i). DDPM takes \
    all \(schedule.timesteps) steps of Algorithm 2, adding fresh noise at each; DDIM takes \(ddimSteps) \
    deterministic steps (η = 0). Both clip x̂_0 to [−1, 1], the data's range, as the DDPM code \
    does for images. Each DDPM row sits above the DDIM row of the same x_T.
    """)
var started = Date()
let ddpmSamples = ddpm.run(predictor: network, count: sampleCount, dimension: pixels, seed: seed).samples
let ddpmSeconds = Date().timeIntervalSince(started)
started = Date()
let ddimSamples = ddim.run(predictor: network, count: sampleCount, dimension: pixels, seed: seed).samples
let ddimSeconds = Date().timeIntervalSince(started)
// DDPM's twins for the first half of the chains: the same x_T, other noise z at every step (the streams of
// seed + 1, after their own x_T draws). Half, to keep the lesson's time: 1000 more network calls.
let twinCount = sampleCount / 2
let twinSamples = ddpm.run(
    predictor: network, from: NoiseStreams.initialNoise(count: twinCount, dimension: pixels, seed: seed),
    dimension: pixels, seed: seed &+ 1
).samples
book.result(
    "DDPM: \(schedule.timesteps) network calls in \(Format.seconds(ddpmSeconds)); DDIM: \(ddimSteps) calls in \(Format.seconds(ddimSeconds))"
)
let ddpmTiles = tiles(ddpmSamples, pixels: pixels)
let ddimTiles = tiles(ddimSamples, pixels: pixels)
let pairs = quick ? 2 : 3
let perRow = 10
var sampleRows: [[[Double]]] = []
var sampleLabels: [String] = []
for pair in 0..<pairs {
    let range = (pair * perRow)..<((pair + 1) * perRow)
    sampleRows += [Array(ddpmTiles[range]), Array(ddimTiles[range])]
    sampleLabels += [
        "DDPM \(range.lowerBound + 1)–\(range.upperBound)", "DDIM \(range.lowerBound + 1)–\(range.upperBound)",
    ]
}
book.save(
    digitGrid(
        "DDPM (T = \(schedule.timesteps)) and DDIM (S = \(ddimSteps), η = 0) from the same x_T", sampleRows, side: side,
        rowLabels: sampleLabels),
    data: tileTable(sampleRows, rowLabels: sampleLabels, columnLabels: []),
    as: "samples", caption: "Generated images; each DDIM row starts from the same noise as the DDPM row above it.")
book.say("""
    Twins from the same x_T need not end as the same digit: DDPM draws fresh noise at each of \
    its \(schedule.timesteps) steps, so its x_0 is not a function of x_T, while DDIM's x_0 is \
    (Lesson 06). A second DDPM run starts from the first \(twinCount) of these x_T with other noise at \
    every step (not drawn). The classifier's cell below counts how often each pair of twins agrees.
    """)

book.cell("What the network believes along one chain" + MineReport.mark(mine.clippedPosteriorMean))
let traced = 8
let frameStride = max(1, schedule.timesteps / 50)
// Noise streams are per sample: these chains are the first `traced` of the DDPM run above.
let chains = mine.run(
    ddpm, predictor: network, count: traced, dimension: pixels, seed: seed,
    record: .every(frameStride, predictions: true))
MineReport.lines(mine.clippedPosteriorMean).forEach(book.result)
let shownT = [1000, 900, 800, 700, 600, 500, 400, 300, 200, 100, 60, 20, 0].filter { $0 <= schedule.timesteps }
let shownFrames = shownT.compactMap { t in chains.trajectory.first { $0.t == t } }
let firstChain = { (values: [Double]) in Array(values.prefix(pixels)) }
let chainRows = [
    shownFrames.map { firstChain($0.samples) }, shownFrames.map { firstChain($0.predictedX0 ?? $0.samples) },
]
let chainColumns = shownFrames.map { "t = \($0.t)" }
book.say("""
    At each step the sampler computes x̂_0 = (x_t − √(1 − ᾱ_t) ε̂)/√ᾱ_t (eq. 4 solved for x_0), the \
    network's current guess of the final image. Along the first chain: the state x_t (top) and \
    x̂_0 (bottom). At t = T, ᾱ_T is so small that dividing by √ᾱ_T blows the least error of ε̂ \
    past the clip to [−1, 1]: the first guess is noise. Then come blurred averages of digits, \
    and in the last columns the strokes sharpen. When the digit's identity settles, the \
    classifier's cell below measures.
    """)
book.save(
    digitGrid(
        "One DDPM chain: x_t (top) and the prediction x̂_0 (bottom)" + MineReport.mark(mine.clippedPosteriorMean),
        chainRows, side: side,
        rowLabels: ["x_t", "x̂_0"], columnLabels: chainColumns),
    data: tileTable(chainRows, rowLabels: ["x_t", "x_hat_0"], columnLabels: chainColumns),
    as: "x0_predictions", caption: "Columns: t from T down to 0 (where x̂_0 is the sample itself).")

book.cell("The reverse process as an animation" + MineReport.mark(mine.clippedPosteriorMean))
book.say("\(traced) DDPM chains, every \(frameStride)th step: x_t above, x̂_0 below.")
var animationCSV = CSVTable(columns: ["frame", "t", "mean_x_t", "std_x_t", "mean_x_hat_0", "std_x_hat_0"])
var frames: [[UInt8]] = []
for (k, frame) in chains.trajectory.enumerated() {
    let prediction = frame.predictedX0 ?? frame.samples
    animationCSV.append([
        .int(k), .int(frame.t), .number(Moments.mean(frame.samples)),
        .number(Moments.variance(frame.samples).squareRoot()),
        .number(Moments.mean(prediction)), .number(Moments.variance(prediction).squareRoot()),
    ])
    let grid = digitGrid(
        "DDPM reverse process, t = \(frame.t)" + MineReport.mark(mine.clippedPosteriorMean),
        [tiles(frame.samples, pixels: pixels), tiles(prediction, pixels: pixels)], side: side,
        rowLabels: ["x_t", "x̂_0"])
    frames.append(orFail { try grid.pngData() })
}
book.saveAnimation(
    frames: frames, data: animationCSV, as: "reverse_animation",
    caption: "The reverse process, frame by frame (frames in reverse_animation_frames/).")

let quality = QualityCell(images: images, book: book, quick: quick, seed: seed)
let generated = [(name: "DDPM", samples: ddpmSamples), (name: "DDIM", samples: ddimSamples)]
if let verdict = quality.run(generated: generated, twin: twinSamples, chains: chains) {
    KIDCell(images: images, book: book, seed: seed).run(verdict, generated: generated)
    RecipeCell(
        images: images, book: book, seed: seed,
        steps: options.recipe ? options.recipeSteps ?? (quick ? 100 : 3000) : nil
    ).run(verdict)
}

book.finish(exercises: ["sinusoidalEmbedding", "emaUpdate", "clippedPosteriorMean"])
