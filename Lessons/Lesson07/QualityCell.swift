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
    func run(generated: [(name: String, samples: [Double])]) -> Verdict? {
        book.cell("How good are the digits? A classifier's opinion")
        guard images.labelled else {
            book.say("These images have no labels (no --idx-labels), so there is no classifier to judge the samples: skipped.")
            return nil
        }
        var settings = ClassifierTraining()
        settings.epochs = quick ? 10 : 12
        settings.seed = seed
        let started = Date()
        let classifier = ImageClassifier.train(images: images.training.flat, labels: images.training.labels,
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
        book.result("classifier accuracy on the \(images.heldOut.count) held-out real images: \(Format.number(100 * accuracy, digits: 3))%")
        let sources = generated + [(name: "real", samples: images.heldOut.flat)]
        let scores = sources.map { ClassifierScore(classifier: classifier, images: $0.samples, threshold: threshold) }
        var table = TextTable(columns: ["source", "images", "confident (p ≥ \(threshold))", "mean p", "classes"] + (0..<classifier.classes).map { "\($0)" })
        var csv = CSVTable(columns: ["source", "samples", "confident_share", "mean_confidence", "classes_present"]
                                    + (0..<classifier.classes).map { "count_\($0)" })
        for (source, score) in zip(sources, scores) {
            table.append([source.name, "\(score.count)", Format.number(100 * score.confidentShare, digits: 3) + "%",
                          Format.number(score.meanConfidence, digits: 3), "\(score.classesPresent)"] + score.labelCounts.map(String.init))
            csv.append([.text(source.name.lowercased()), .int(score.count), .number(score.confidentShare), .number(score.meanConfidence),
                        .int(score.classesPresent)] + score.labelCounts.map { .int($0) })
        }
        book.show(table)
        if generated.count == 2 {
            let twins = zip(classifier.classify(generated[0].samples), classifier.classify(generated[1].samples))
            let same = twins.filter { $0.label == $1.label }.count
            // Σ_k p_k q_k: how often two labels drawn independently with these frequencies agree.
            let chance = zip(scores[0].labelCounts, scores[1].labelCounts)
                .map { Double($0) * Double($1) }.reduce(0, +) / Double(scores[0].count * scores[1].count)
            book.result("\(generated[0].name) and \(generated[1].name) samples from the same x_T get the same label in \(same) of \(scores[0].count) pairs; "
                        + "labels drawn independently with these frequencies would agree in \(Format.number(100 * chance, digits: 2))%"
                        + (Double(same) <= 1.5 * chance * Double(scores[0].count)
                           ? ": after \(generated[0].name)'s fresh noise at every step, x_T hardly decides the digit"
                           : ": well above chance, so x_T carries part of the digit through the noise"))
        }
        book.save(figure(sources.map(\.name), scores), data: csv, as: "image_quality",
                  caption: "Left: the share of images the classifier gives each label; right: the share it labels with p ≥ \(threshold).")
        book.say("""
            The real images set the ceiling: a perfect generator would score as they do. A \
            classifier sees only what it was trained on, so a confident label is a necessary sign \
            of a good digit, not a proof: look at the grids too.
            """)
        return Verdict(classifier: classifier, confidentShare: Dictionary(uniqueKeysWithValues: zip(sources.map(\.name), scores.map(\.confidentShare))),
                       threshold: threshold)
    }

    /// Bars drawn as thick line segments: the label histogram of each source side by side,
    /// and each source's confident share.
    private func figure(_ names: [String], _ scores: [ClassifierScore]) -> Figure {
        let width = 0.8 / Double(names.count)
        var histogram = Panel(title: "Labels the classifier gives", xLabel: "label", yLabel: "share of images")
        let key = names.enumerated().map { "\($0) = \($1)" }.joined(separator: ", ")
        var confident = Panel(title: "Labelled with p ≥ \(threshold)", xLabel: "source (\(key))", yLabel: "share of images")
        for (s, (name, score)) in zip(names, scores).enumerated() {
            let color = Color.palette[s % Color.palette.count]
            for (label, count) in score.labelCounts.enumerated() {
                let x = Double(label) - 0.4 + width * (Double(s) + 0.5), share = Double(count) / Double(score.count)
                histogram.lines.append(LineSeries(label: label == 0 ? name : nil, xs: [x, x], ys: [0, share], color: color, width: 10))
            }
            confident.lines.append(LineSeries(label: name, xs: [Double(s), Double(s)], ys: [0, score.confidentShare], color: color, width: 40))
        }
        histogram.xRange = -0.6...9.6
        let largestShare = scores.map { Double($0.labelCounts.max() ?? 0) / Double($0.count) }.max() ?? 0
        // Head room above the bars for the legend.
        histogram.yRange = 0...max(0.2, 1.4 * largestShare)
        confident.xRange = -1...Double(names.count)
        confident.yRange = 0...1
        confident.showLegend = true
        var figure = Figure(title: "The classifier's view of generated and real images", panels: [histogram, confident])
        figure.panelWidth = 520
        return figure
    }
}
