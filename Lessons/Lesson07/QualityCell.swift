import Diffusion
import Foundation
import Plot
import Workbook

/// The lesson's last cell: a small classifier, trained on the real training images, judges
/// generated and held-out real images alike.
struct QualityCell {
    let images: LessonImages
    let book: Notebook
    let quick: Bool
    let seed: UInt64

    /// The threshold on max_k p(k | image) for a confident label.
    let threshold = 0.9

    /// The classifier and its confident shares, or nil without labels to train it on.
    /// `twin`: DDPM run again from the same x_T as `generated[0]`, with other noise at every step.
    /// `chains`: the traced DDPM chains of the x̂_0 cell, with x_t and x̂_0 every few steps.
    func run(generated: [(name: String, samples: [Double])], twin: [Double], chains: SamplingResult) -> Verdict? {
        book.cell("How good are the digits? A classifier's opinion")
        guard images.labelled else {
            book.say(
                "These images have no labels (no --idx-labels), so there is no classifier to judge the samples: skipped."
            )
            return nil
        }
        var settings = ClassifierTraining()
        settings.epochs = quick ? 10 : 12
        settings.seed = seed
        let started = Date()
        let classifier = ImageClassifier.train(
            images: images.training.flat, labels: images.training.labels,
            pixels: images.pixels, settings: settings)
        let accuracy = classifier.accuracy(images.heldOut.flat, labels: images.heldOut.labels)
        book.say("""
            Sample-quality scores for images (the Inception Score, FID) lean on a large network \
            trained on ImageNet. Ours is small: a perceptron \(classifier.inputs) → \(classifier.hidden) \
            (ReLU) → \(classifier.classes) with a softmax, trained with cross-entropy on the \
            \(images.training.count) training images (\(settings.epochs) epochs, \
            \(Format.seconds(Date().timeIntervalSince(started)))). A generated image counts as a \
            recognizable digit when the classifier gives one label a probability of at least \
            \(threshold); the label histogram shows whether every digit is drawn, and equally often.
            """)
        book.result(
            "classifier accuracy on the \(images.heldOut.count) held-out real images: \(Format.number(100 * accuracy, digits: 3))%"
        )
        let sources = generated + [(name: "real", samples: images.heldOut.flat)]
        let scores = sources.map { ClassifierScore(classifier: classifier, images: $0.samples, threshold: threshold) }
        var table = TextTable(
            columns: ["source", "images", "confident (p ≥ \(threshold))", "mean p", "classes"]
                + (0..<classifier.classes).map { "\($0)" })
        var csv = CSVTable(
            columns: ["source", "samples", "confident_share", "mean_confidence", "classes_present"]
                + (0..<classifier.classes).map { "count_\($0)" })
        for (source, score) in zip(sources, scores) {
            table.append(
                [
                    source.name, "\(score.count)", Format.number(100 * score.confidentShare, digits: 3) + "%",
                    Format.number(score.meanConfidence, digits: 3), "\(score.classesPresent)",
                ] + score.labelCounts.map(String.init))
            csv.append(
                [
                    .text(source.name.lowercased()), .int(score.count), .number(score.confidentShare),
                    .number(score.meanConfidence),
                    .int(score.classesPresent),
                ] + score.labelCounts.map { .int($0) })
        }
        book.show(table)
        if generated.count == 2 { twins(classifier, generated, twin: twin) }
        settling(classifier, chains: chains)
        let confidences = sources.map { classifier.classify($0.samples).map(\.confidence) }
        book.save(
            figure(sources.map(\.name), scores, confidences: confidences), data: csv, as: "image_quality",
            caption:
                "Left: the share of images the classifier gives each label; right: the share it labels with p ≥ τ, "
                + "for every threshold τ (dashed: the table's \(threshold)).")
        book.say("""
            The real images set the ceiling: a perfect generator would score as they do. A \
            classifier sees only what it was trained on, so a confident label is a necessary sign \
            of a good digit, not a proof: look at the grids too.
            """)
        return Verdict(
            classifier: classifier,
            confidentShare: Dictionary(uniqueKeysWithValues: zip(sources.map(\.name), scores.map(\.confidentShare))),
            threshold: threshold)
    }

    /// How often two samples from the same x_T get the same label: DDPM and its twin (other noise; `twin` holds the
    /// twins of DDPM's first samples), DDPM and
    /// DDIM. Beside each, the rate two independent labels drawn with the two runs' label frequencies p and q
    /// agree, Σ_k p_k q_k, and its binomial standard error √(r(1 − r)/n) for n pairs; twins.csv.
    private func twins(_ classifier: ImageClassifier, _ generated: [(name: String, samples: [Double])], twin: [Double])
    {
        let labels = { (samples: [Double]) in classifier.classify(samples).map(\.label) }
        let (ddpm, ddim) = (generated[0].name, generated[1].name)
        let first = labels(generated[0].samples)
        let again = labels(twin)
        let pairs = [
            (
                name: "\(ddpm)-\(ddpm)", what: "\(ddpm) and \(ddpm) again with other noise",
                a: Array(first.prefix(again.count)), b: again
            ),
            (name: "\(ddpm)-\(ddim)", what: "\(ddpm) and \(ddim)", a: first, b: labels(generated[1].samples)),
        ]
        var csv = CSVTable(columns: ["pair", "agreement", "independent_rate"])
        var excess: [Double] = []
        for pair in pairs {
            let n = Double(pair.a.count)
            let frequencies = { (labels: [Int]) in
                (0..<classifier.classes).map { k in Double(labels.filter { $0 == k }.count) / n }
            }
            let same = zip(pair.a, pair.b).filter { $0 == $1 }.count
            let independent = zip(frequencies(pair.a), frequencies(pair.b)).map(*).reduce(0, +)
            let error = (independent * (1 - independent) / n).squareRoot()
            excess.append((Double(same) / n - independent) / error)
            csv.append([.text(pair.name.lowercased()), .number(Double(same) / n), .number(independent)])
            book.result(
                "\(pair.what), from the same x_T: the same label in \(same) of \(pair.a.count) pairs; "
                    + "independent labels would agree in \(Format.number(100 * independent, digits: 3))% ± "
                    + "\(Format.number(100 * error, digits: 2)) (Σ_k p_k q_k of the two runs' label shares)")
        }
        book.save(
            data: csv, as: "twins",
            caption: "Pairs of samples from the same x_T (ddpm-ddpm: \(again.count) pairs, "
                + "ddpm-ddim: \(first.count)): the share with the same label, and Σ_k p_k q_k, the share two labels drawn "
                + "independently with the two runs' label frequencies would give.")
        let twinsDecide = excess[0] >= 2
        let crossDecide = excess[1] >= 2
        book.say(
            (twinsDecide
                ? "\(ddpm)'s twins agree \(Format.number(excess[0], digits: 2)) standard errors more often than independent labels: "
                    + "through fresh noise at every step, x_T still carries part of the digit. "
                : "\(ddpm)'s twins agree about as often as independent labels (\(Format.number(excess[0], digits: 2)) standard errors "
                    + "apart): after fresh noise at every step, x_T hardly decides the digit. ")
                + (crossDecide
                    ? "\(ddpm) and \(ddim) from one x_T agree above chance too."
                    : twinsDecide
                        ? "Yet \(ddpm) and \(ddim) from one x_T agree no more than chance: the two samplers lead the same x_T to different digits."
                        : "That \(ddpm) and \(ddim) from one x_T agree no more than chance then follows, though \(ddim)'s digit is a function of x_T.")
        )
    }

    /// When the digit's identity settles along the traced chains: the largest t from which on the
    /// label of x̂_0 is the final sample's at every recorded step, and how much x_t then resembles
    /// that final image (their correlation).
    private func settling(_ classifier: ImageClassifier, chains: SamplingResult) {
        let pixels = images.pixels
        let count = chains.count
        let frames = chains.trajectory.filter { $0.predictedX0 != nil }
        guard !frames.isEmpty, count > 0 else { return }
        let final = classifier.classify(chains.samples).map(\.label)
        let labels = frames.map { classifier.classify($0.predictedX0!).map(\.label) }
        var settled: [(t: Int, correlation: Double)] = []
        for i in 0..<count {
            // The first recorded step (from T down) after which every label is the final one.
            guard
                let k = frames.indices.first(where: { k in
                    frames.indices.filter { $0 >= k }.allSatisfy { labels[$0][i] == final[i] }
                })
            else { continue }
            let range = (i * pixels)..<((i + 1) * pixels)
            settled.append(
                (frames[k].t, Moments.correlation(Array(frames[k].samples[range]), Array(chains.samples[range]))))
        }
        guard !settled.isEmpty else { return }
        let ts = settled.map(\.t).sorted()
        let median = ts[ts.count / 2]
        let correlation = Moments.mean(settled.map(\.correlation))
        book.result(
            "the \(count) traced DDPM chains of the x̂_0 cell: x̂_0's label stops changing at t = "
                + settled.map { "\($0.t)" }.joined(separator: ", ")
                + " (median \(median)); there x_t's correlation with the "
                + "chain's final image is \(Format.number(correlation, digits: 2)) on average")
        book.say(
            correlation < 0.5
                ? "Along the traced chains the digit's identity settles at t = \(median) (median), while x_t is still mostly noise: "
                    + "its correlation with the final image is \(Format.number(correlation, digits: 2)), which accounts for "
                    + "\(Format.number(100 * correlation * correlation, digits: 2))% of its variance. The steps after it draw that digit."
                : "Along the traced chains the digit's identity settles at t = \(median) (median), when x_t already resembles the final "
                    + "image (correlation \(Format.number(correlation, digits: 2))).")
    }

    /// Left: the label histogram of each source side by side, bars drawn as thick line segments; its legend
    /// names the sources. Right: each source's share labelled with p ≥ τ for every threshold τ, in the same colours.
    private func figure(_ names: [String], _ scores: [ClassifierScore], confidences: [[Double]]) -> Figure {
        let width = 0.8 / Double(names.count)
        var histogram = Panel(title: "Labels the classifier gives", xLabel: "label", yLabel: "share of images")
        var confident = Panel(
            title: "Labelled with p ≥ τ (colours as on the left)", xLabel: "threshold τ on max_k p(k | image)",
            yLabel: "share of images")
        let taus = (0...100).map { 0.5 + 0.5 * Double($0) / 100 }
        for (s, (name, score)) in zip(names, scores).enumerated() {
            let color = Color.palette[s % Color.palette.count]
            for (label, count) in score.labelCounts.enumerated() {
                let x = Double(label) - 0.4 + width * (Double(s) + 0.5)
                let share = Double(count) / Double(score.count)
                histogram.lines.append(
                    LineSeries(label: label == 0 ? name : nil, xs: [x, x], ys: [0, share], color: color, width: 10))
            }
            let ys = taus.map { tau in Double(confidences[s].filter { $0 >= tau }.count) / Double(confidences[s].count)
            }
            confident.lines.append(LineSeries(xs: taus, ys: ys, color: color))
        }
        histogram.xRange = -0.6...9.6
        let largestShare = scores.map { Double($0.labelCounts.max() ?? 0) / Double($0.count) }.max() ?? 0
        // Head room above the bars for the legend.
        histogram.yRange = 0...max(0.2, 1.4 * largestShare)
        confident.lines.append(
            LineSeries(xs: [threshold, threshold], ys: [0, 1.05], color: .gray, style: .dashed, width: 1))
        confident.xRange = 0.5...1
        confident.yRange = 0...1.05
        confident.showLegend = false
        var figure = Figure(
            title: "The classifier's view of generated and real images", panels: [histogram, confident])
        figure.panelWidth = 520
        return figure
    }
}
