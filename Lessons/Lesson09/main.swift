// Lesson 09 — Conditioning and classifier-free guidance.
// A model told which class to draw samples that class; guidance pushes harder, trading
// diversity for fidelity. Exact on the ring of Gaussians, then digits drawn on demand.
import ArgumentParser
import Diffusion
import ExerciseChecks
import Foundation
import ImageData
import Plot
import Workbook

let options = Options.parseOrFail()
let quick = options.common.quick
let seed = options.common.seed
// Every input is checked before the first file is written.
let loaded = DigitModel.load(options)
let schedule = NoiseSchedule(.linear, timesteps: 1000)
let mine = orFail { try Mine(enabled: options.mine, schedule: schedule) }
let book = Notebook(lesson: "Lesson09", title: "Conditioning and classifier-free guidance", options: options.common)

book.cell("Conditioning on the component" + MineReport.mark(mine.guidedNoise))
let ring = GaussianMixture.ring()
let crowded = GaussianMixture.ring(standardDeviation: 0.25)
let exact = ExactConditionalDenoiser(mixture: ring, schedule: schedule)
book.say("""
    The ring of 8 Gaussians (s = \(ring.standardDeviation)) comes with a label for free: y = the \
    component a point was drawn from. Given y = k the data is one Gaussian N(μ_k, s² I), whose best \
    noise guess is linear, ε*(x_t, t, k) = √(1 − ᾱ_t)(x_t − √ᾱ_t μ_k)/v_t with v_t = ᾱ_t s² + 1 − ᾱ_t; \
    without a label it is Lesson 04's ideal denoiser of the whole mixture. Classifier-free guidance \
    (Ho & Salimans 2022, §3.2, eq. 6) runs any sampler on ε̃ = (1 + w) ε(x_t, t, y) − w ε(x_t, t). \
    Since ε = −√(1 − ᾱ_t) ∇ log q_t, ε̃ is −√(1 − ᾱ_t) times the score of q_t(x | y)^{1+w} q_t(x)^{−w}, \
    which is q_t(x | y) p_t(y | x)^w up to a constant factor: the conditional density tilted by the classifier p_t(y \
    | x) that the two \
    densities imply. Checked at one point by finite differences of the two log densities:
    """)
let probe = SIMD2(0.3, 0.5)
let probeT = 300
let probeW = 2.0
let probeLabel = 0
let guidedAtProbe = mine.guided(
    conditional: exact.predictNoise(xt: [probe.x, probe.y], t: probeT, dimension: 2, labels: [probeLabel]),
    unconditional: exact.predictNoise(xt: [probe.x, probe.y], t: probeT, dimension: 2, labels: nil), w: probeW)
let component = IdealDenoiser(
    mixture: GaussianMixture(means: [ring.means[probeLabel]], standardDeviation: ring.standardDeviation),
    schedule: schedule)
let tiltedLog = { (x: SIMD2<Double>) in
    (1 + probeW) * component.logDensity(x, t: probeT) - probeW * exact.unconditionalDenoiser.logDensity(x, t: probeT)
}
let h = 1e-5
let tiltedScore = [SIMD2(h, 0), SIMD2(0, h)].map { (tiltedLog(probe + $0) - tiltedLog(probe - $0)) / (2 * h) }
book.result("""
    x_t = (0.3, 0.5), t = \(probeT), y = \(probeLabel), w = \(Format.number(probeW, digits: 2)): ε̃ = \
    (\(Format.number(guidedAtProbe[0])), \(Format.number(guidedAtProbe[1]))); −√(1 − ᾱ_t) ∇ log(q(x|y)^{1+w} \
    q(x)^{−w}) = \
    (\(Format.number(-schedule.sqrtOneMinusAlphaBar(probeT) * tiltedScore[0])), \
    \(Format.number(-schedule.sqrtOneMinusAlphaBar(probeT) * tiltedScore[1])))
    """)
MineReport.lines(mine.guidedNoise).forEach(book.result)

book.cell("Guidance on the ring, exactly" + MineReport.mark(mine.guidedNoise))
let ws = quick ? [0.0, 1, 4] : [0.0, 0.5, 1, 2, 4, 8]
let count = quick ? 400 : 2000
let sampler = orFail { try DDIMSampler(schedule: schedule, steps: 200, eta: 1, spacing: .quadratic) }
let guidance = RingGuidance(sampler: sampler, count: count, seed: seed)
book.say("""
    \(count) samples per w, sample i asking for component i mod 8, by DDIM with η = 1 (Song et al. 2021: \
    DDPM's kind of noise) in S = 200 steps spaced quadratically (Appendix D.2: more of them \
    at small t), the same noise for every row. \
    Scores, per class and then averaged: label accuracy (the share of samples nearest the requested \
    component's mean), spread (per axis, around the class's own sample mean; the truth is s), mean \
    shift (how far the class's sample mean lies from μ_k) and the energy distance D² to fresh draws of \
    N(μ_k, s² I), over its expected floor. Besides the ring, a crowded ring with s = \(crowded.standardDeviation), \
    whose neighbouring components (\(Format.number(2 * sin(Double.pi / 8), digits: 2)) apart) overlap.
    """)
let exactRuns = guidance.run(exact, named: "exact", mixture: ring, ws: ws, mine: mine)
let crowdedRuns = guidance.run(
    ExactConditionalDenoiser(mixture: crowded, schedule: schedule), named: "exact", mixture: crowded, ws: ws, mine: mine
)
book.show(RingGuidance.table(exactRuns + crowdedRuns))
MineReport.lines(mine.guidedNoise).forEach(book.result)
let (plain, strongest) = (crowdedRuns.first!.score, crowdedRuns.last!.score)
let (ringPlain, ringStrongest) = (exactRuns.first!.score, exactRuns.last!.score)
// The same score for true draws of the crowded components, in the samples' label order.
var drawRNG = Xoshiro256(seed: seed, stream: 6)
let trueDraws = guidance.labels(classes: 8).map {
    crowded.means[$0] + crowded.standardDeviation * SIMD2(drawRNG.gaussian(), drawRNG.gaussian())
}
let trueAccuracy = ComponentFidelity(
    samples: trueDraws, labels: guidance.labels(classes: 8), mixture: crowded, seed: seed
).labelAccuracy
// The strongest run's class means: how much of their shift from μ_k points along μ_k, away from the centre.
let strongestLabels = guidance.labels(classes: 8)
let radialShift = Moments.mean(
    crowded.means.indices.map { k in
        let mine = zip(crowdedRuns.last!.points, strongestLabels).filter { $0.1 == k }.map(\.0)
        let center = mine.reduce(SIMD2<Double>.zero, +) / Double(mine.count)
        let mu = crowded.means[k]
        return ((center - mu) * mu).sum() / (mu * mu).sum().squareRoot()
    })
let shiftDirection =
    radialShift > 0.9 * strongest.meanShift
    ? "outward (\(Format.number(radialShift, digits: 3)) of it along μ_k), away from the other components"
    : "(\(Format.number(radialShift, digits: 3)) of it outward along μ_k)"
book.say("""
    At w = 0 the exact conditional denoiser samples each component: spread \
    \(Format.number(ringPlain.spread, digits: 3)) on the ring (s = \(ring.standardDeviation); the gap is the \
    sampler's own \
    error in 200 steps) and \(Format.number(plain.spread, digits: 3)) on the crowded one (s = \
    \(crowded.standardDeviation)), D² \
    \(Format.ratio(ringPlain.energyDistance / ringPlain.expectedFloor)) and \
    \(Format.ratio(plain.energyDistance / plain.expectedFloor)) \
    its floor. On the crowded ring only \(Format.number(100 * plain.labelAccuracy, digits: 3))% of these samples lie \
    nearest \
    their own component (\(Format.number(100 * trueAccuracy, digits: 3))% of \(count) true draws do); at w = \
    \(Format.number(ws.last!, digits: 2)) \
    \(Format.number(100 * strongest.labelAccuracy, digits: 3))% do, the spread is \
    \(Format.number(strongest.spread, digits: 3)) \
    and the class means moved \(Format.number(strongest.meanShift, digits: 3)) from μ_k, \(shiftDirection): \
    fidelity to the label bought with diversity, and no longer the data's distribution \
    (D² \(Format.ratio(strongest.energyDistance / strongest.expectedFloor)) its floor). On the ring, where the label \
    is \
    never in doubt, guidance has only diversity to take: spread \(Format.number(ringStrongest.spread, digits: 3)) and \
    a \
    shift of \(Format.number(ringStrongest.meanShift, digits: 3)) at w = \(Format.number(ws.last!, digits: 2)).
    """)

book.cell("What does guidance sample?")
let tiltDraws = quick ? 4000 : 40_000
let classifier = MixtureClassifier(mixture: ring, schedule: schedule)
book.say("""
    If the sampler drew from the tilted density of the data, p(x | y) p(y | x)^w at t = 0, the \
    numbers would be its spread and mean shift, computed here by importance sampling (\(tiltDraws) \
    draws of the component, weighted by p(y | x)^w).
    """)
var tiltRNG = Xoshiro256(seed: seed, stream: 7)
var tiltTable = TextTable(columns: [
    "s (data)", "w", "tilted spread", "sampled spread", "tilted mean shift", "sampled mean shift",
])
var tiltCSV = CSVTable(columns: [
    "data_std", "w", "tilted_spread", "sampled_spread", "tilted_mean_shift", "sampled_mean_shift",
])
var tilts: [TiltedComponent] = []
for run in exactRuns + crowdedRuns {
    let tilt = TiltedComponent(
        mixture: run.mixture, component: 0, guidanceScale: run.w, count: tiltDraws, using: &tiltRNG)
    tilts.append(tilt)
    tiltTable.append([
        Format.number(run.mixture.standardDeviation, digits: 2), Format.number(run.w, digits: 2),
        Format.number(tilt.spread, digits: 3), Format.number(run.score.spread, digits: 3),
        Format.number(tilt.meanShift, digits: 3), Format.number(run.score.meanShift, digits: 3),
    ])
    tiltCSV.append([
        .number(run.mixture.standardDeviation), .number(run.w), .number(tilt.spread), .number(run.score.spread),
        .number(tilt.meanShift), .number(run.score.meanShift),
    ])
}
book.show(tiltTable)
book.save(
    data: tiltCSV, as: "tilted_density", caption: "The tilted density at t = 0 against the guided samples, per w.")
let ringTilt = tilts[ws.count - 1]
// p(y | x) two standard deviations from μ_y toward a neighbour, clean and at a noisy t.
let neighbourDirection = (ring.means[1] - ring.means[0]) / (2 * sin(Double.pi / 8))
let cleanCertainty = classifier.probabilities(ring.means[0] + 2 * ring.standardDeviation * neighbourDirection, t: 0)[0]
let noisyT = 300
let noisyCertainty = classifier.probabilities(schedule.sqrtAlphaBar(noisyT) * ring.means[0], t: noisyT)[0]
book.say("""
    On the ring the tilt at t = 0 is next to nothing: two standard deviations from μ_y toward a \
    neighbour, p(y | x) is still \(Format.number(cleanCertainty, digits: 6)), so the tilted spread stays \
    \(Format.number(ringTilt.spread, digits: 3)) at w = \(Format.number(ws.last!, digits: 2)). Yet the samples' \
    spread is \
    \(Format.number(ringStrongest.spread, digits: 3)) and their mean moved \
    \(Format.number(ringStrongest.meanShift, digits: 3)). \
    Guidance tilts q_t at every t, and q_t is where the label is in doubt: at t = \(noisyT), even at the \
    component's own centre √ᾱ_t μ_y, p_t(y | x) is only \(Format.number(noisyCertainty, digits: 3)). Pushed there, \
    early \
    in the chain, the samples do not end at the tilted density of the data (Bradley & Nakkiran 2024 \
    show this in general: guidance does not sample p(x | y)^{1+w} p(x)^{−w}). The formula says \
    which way guidance pushes at each t, not where the samples land.
    """)

let ringNetwork = RingNetwork.train(quick: quick, seed: seed, book: book)
book.cell("A conditional network on the ring")
let networkRuns = guidance.run(ringNetwork, named: "network", mixture: ring, ws: ws)
book.show(RingGuidance.table(networkRuns))
let (networkPlain, networkStrongest) = (networkRuns.first!.score, networkRuns.last!.score)
let gapT = 100
let gaps = GuidanceGap.measure(
    [("network", ringNetwork), ("exact", exact)], mixture: ring, t: gapT, count: count, seed: seed)
book.result(
    "mean ‖ε(x_t, t, y) − ε(x_t, t)‖ over noisy data at t = \(gapT): network \(Format.number(gaps[0], digits: 3)), exact \(Format.number(gaps[1], digits: 3))"
)
if mine.dropLabels != nil {
    // The network's training drops each label to ∅ = 8 with this probability (Ho & Salimans 2022, Algorithm 1).
    let p = TrainingConfiguration.conditionalRing.labelDropout
    let dropped = mine.drop(
        guidance.labels(classes: 8), probability: p, nullLabel: 8, rng: Xoshiro256(seed: seed, stream: 10))
    book.result(
        "label dropout\(MineReport.mark(mine.dropLabels)) as in the network's training (p = \(Format.number(p, digits: 2))) "
            + "on this cell's \(count) labels: "
            + "\(dropped.filter { $0 == 8 }.count) dropped to ∅ (p × \(count) = \(Format.number(p * Double(count), digits: 4)) expected)"
    )
    MineReport.lines(mine.dropLabels).forEach(book.result)
}
book.say("""
    At w = 0 the network's samples score \(Format.number(100 * networkPlain.labelAccuracy, digits: 3))% label \
    accuracy and \
    spread \(Format.number(networkPlain.spread, digits: 3)) (exact: \
    \(Format.number(100 * ringPlain.labelAccuracy, digits: 3))% \
    and \(Format.number(ringPlain.spread, digits: 3))); at w = \(Format.number(ws.last!, digits: 2)), \
    \(Format.number(networkStrongest.spread, digits: 3)) (exact: \(Format.number(ringStrongest.spread, digits: 3))). \
    Guidance \
    amplifies the difference ε(x, y) − ε(x), and the network's is \(Format.number(gaps[0] / gaps[1], digits: 2)) times \
    the exact one at t = \(gapT) on average. \
    \(GuidanceAttribution.pushArgument(exactRuns, networkRuns, ratio: gaps[0] / gaps[1])) \
    Which half of ε̃ = (1 + w) ε(x, y) − w ε(x) narrows the samples? Each half in turn taken from the \
    exact denoiser, the other from the network, by the same sampler from the same noise:
    """)
let attribution = GuidanceAttribution.measure(
    guidance, exact: exact, network: ringNetwork, mixture: ring,
    ws: [0.0, 1, 4, 8].filter(ws.contains), exactRuns: exactRuns, networkRuns: networkRuns)
book.show(GuidanceAttribution.table(attribution))
book.save(
    data: GuidanceAttribution.csv(attribution), as: "guidance_attribution",
    caption: "Guidance with ε(x, y) and ε(x) each from the exact denoiser or the network: label accuracy and spread "
        + "(also along the radius through μ_k and across it) per w.")
book.say(GuidanceAttribution.verdict(attribution))
let allRuns = exactRuns + crowdedRuns + networkRuns
book.save(
    RingGuidance.metricsFigure(allRuns, mark: MineReport.mark(mine.guidedNoise)),
    data: RingGuidance.metricsTable(allRuns), as: "guidance_2d",
    caption: "Label accuracy, spread and D² over its floor against w, for each denoiser and data.")
let (samplesFigure, samplesCSV) = RingGuidance.samplesFigure(
    allRuns,
    title: "Classifier-free guidance, coloured by requested component (axes −2…2); white dots: the means μ_k"
        + MineReport.mark(mine.guidedNoise), namePanels: true)
book.save(
    samplesFigure, data: samplesCSV, as: "guidance_samples",
    caption:
        "Rows: exact ring, exact crowded ring, network ring; columns: w. The network's samples narrow across the ring "
        + "into needles along the radius as w grows; cell 5 measures both widths.")

book.cell("Classifier guidance, for comparison")
book.say("""
    Before classifier-free guidance, Dhariwal & Nichol (2021, Algorithm 2 and eq. 14) steered an \
    unconditional model with a classifier trained on noisy samples: ε̂ = ε(x_t) − √(1 − ᾱ_t) s \
    ∇ log p_t(y | x_t). Here the classifier is exact, p_t(k | x) = softmax_k(−‖x − √ᾱ_t μ_k‖²/(2 v_t)). \
    Since ∇ log q_t(x | y) = ∇ log q_t(x) + ∇ log p_t(y | x), classifier guidance at s = 1 + w with \
    exact parts is classifier-free guidance at w.
    """)
let matchedWs = quick ? [0.0, 4] : [0.0, 1, 4]
let labels = guidance.labels(classes: 8)
let exactClassifierRuns = matchedWs.map { w in
    guidance.score(
        ClassifierGuidance(predictor: exact.unconditional, classifier: classifier, labels: labels, scale: 1 + w),
        denoiser: "exact ε(x) + classifier", mixture: ring, w: 1 + w)
}
let sameAsFree = zip(exactClassifierRuns, matchedWs).map { run, w in
    zip(run.points, exactRuns[ws.firstIndex(of: w)!].points).map { (a: SIMD2<Double>, b: SIMD2<Double>) in
        max(abs(a.x - b.x), abs(a.y - b.y))
    }.max()!
}.max()!
book.result(
    "exact parts: the largest difference between a classifier-guided sample (s = 1 + w) and its classifier-free twin (w) is \(String(format: "%.1e", sameAsFree))"
)
if mine.classifierGuidedNoise != nil {
    let xt = [probe.x, probe.y]
    let classifierGuided = mine.classifierGuided(
        eps: exact.unconditional.predictNoise(xt: xt, t: probeT, dimension: 2),
        gradient: classifier.logProbabilityGradient(xt: xt, t: probeT, dimension: 2, labels: [probeLabel]),
        t: probeT, scale: 1 + probeW, schedule: schedule)
    book.result("""
        at the first cell's x_t = (0.3, 0.5), t = \(probeT), y = \(probeLabel): classifier-guided ε̂ at s = \
        \(Format.number(1 + probeW, digits: 2)) = \
        (\(Format.number(classifierGuided[0])), \(Format.number(classifierGuided[1]))); classifier-free ε̃ at w = \
        \(Format.number(probeW, digits: 2)) = \
        (\(Format.number(guidedAtProbe[0])), \(Format.number(guidedAtProbe[1])))
        """)
    MineReport.lines(mine.classifierGuidedNoise).forEach(book.result)
}
let networkClassifierRuns = matchedWs.map { w in
    guidance.score(
        ClassifierGuidance(predictor: ringNetwork.unconditional, classifier: classifier, labels: labels, scale: 1 + w),
        denoiser: "network ε(x) + classifier", mixture: ring, w: 1 + w)
}
book.show(RingGuidance.table(networkClassifierRuns, strength: "s"))
let (freeMatched, classifierMatched) = (
    networkRuns[ws.firstIndex(of: matchedWs.last!)!].score, networkClassifierRuns.last!.score
)
let unconditionalScore = EnergyDistanceComparison(
    samples: sampler.run(predictor: ringNetwork.unconditional, count: count, dimension: 2, seed: seed).points,
    seed: seed &+ 2
) { n, rng in
    ring.sample(count: n, using: &rng)
}
book.result(
    "the network's unconditional samples (no label, no guidance): D² \(Format.ratio(unconditionalScore.distance / unconditionalScore.expectedFloor)) the expected floor against the whole ring"
)
book.say("""
    Classifier guidance leans on the unconditional ε: at s = 1, which asks for p(x | y) itself, the \
    network's samples spread \(Format.number(networkClassifierRuns[0].score.spread, digits: 3)) (truth \
    \(ring.standardDeviation); \
    classifier-free at w = 0, which never calls ε(x): \(Format.number(networkPlain.spread, digits: 3))). The network's \
    unconditional half learned from the \
    \(Format.number(100 * TrainingConfiguration.conditionalRing.labelDropout, digits: 2))% \
    of samples whose label was dropped, and its samples alone score D² \
    \(Format.ratio(unconditionalScore.distance / unconditionalScore.expectedFloor)) their expected floor. At s = \
    \(Format.number(1 + matchedWs.last!, digits: 2)): spread \(Format.number(classifierMatched.spread, digits: 3)), \
    against \
    \(Format.number(freeMatched.spread, digits: 3)) for classifier-free guidance at w = \
    \(Format.number(matchedWs.last!, digits: 2)). \
    In practice there is no exact classifier: Dhariwal & Nichol trained one on noisy images, and Ho & \
    Salimans replaced it by the generative model's own two predictions.
    """)
let (classifierFigure, classifierCSV) = RingGuidance.samplesFigure(
    networkClassifierRuns,
    title: "Classifier guidance: network ε(x) + exact classifier", strength: "s")
book.save(
    classifierFigure, data: classifierCSV, as: "classifier_guidance",
    caption:
        "Classifier-guided samples of the ring network at s = 1 + w (axes −2…2); compare the network row of guidance_samples."
)

book.cell("Digits on demand")
let network = loaded ?? DigitModel.train(options, book: book)
let shape = network.shape
book.say("""
    The image model is Lesson 07's U-Net (\(shape.width) and \(2 * shape.width) channels, \(network.parameterCount) \
    weights), \
    made class-conditional the same way: a learned table of \(network.classCount + 1) rows, the 10 digits and "no \
    label", added to the time embedding's bias in each of its blocks; trained on the built-in digits with \
    each label dropped with probability \(TrainingConfiguration.conditionalDigits.labelDropout).
    """)
let digitsCell = DigitsCell(
    network: network, book: book, digits: options.label.map { [$0] } ?? Array(0...9), quick: quick, seed: seed)
digitsCell.run(training: DigitModel.trainingImages(quick: quick, seed: seed))

book.finish(exercises: ["guidedNoise", "dropLabels", "classifierGuidedNoise"])
