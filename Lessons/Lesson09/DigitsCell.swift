import Diffusion
import Foundation
import ImageData
import Plot
import Workbook

/// The digits cells: the conditional U-Net asked for each digit at several guidance
/// strengths, judged by a classifier trained as Lesson 07 trains it.
struct DigitsCell {
    let network: NoiseNetwork
    let book: Notebook
    let digits: [Int]
    let quick: Bool
    let seed: UInt64

    /// Guidance strengths of the table and the grid.
    let ws = [0.0, 1, 3, 8]
    /// The confidence a label needs to count as confident (as in Lesson 07).
    let threshold = 0.9
    let side = 16, pixels = 256

    /// One guidance strength's samples and what the classifier makes of them.
    struct Row {
        let w: Double
        let samples: [Double]
        let agreement: Double
        let confidentAgreement: Double
        let score: ClassifierScore
        let diversity: Double
        /// The same diversity on each image standardized to mean 0 and variance 1 (blind to contrast), and on the
        /// classifier's hidden features; the share of pixels within 0.1 of black or white.
        let shapeDiversity: Double, featureDiversity: Double, saturated: Double
    }

    func run(training: ImageSet) {
        let perDigit = quick ? 6 : (digits.count == 1 ? 60 : 20)
        let labels = digits.flatMap { Array(repeating: $0, count: perDigit) }
        let steps = 25
        let sampler = orFail {
            try DDIMSampler(schedule: network.schedule, steps: steps, eta: 0, clipping: .range(-1...1))
        }
        book.say("""
            The same guidance on images: one network, ε(x_t, t, y) for y = 0…9 and ε(x_t, t) through its \
            null label, combined as (1 + w) ε(x, y) − w ε(x). \(perDigit) samples per digit at each w \
            ∈ {\(ws.map { Format.number($0, digits: 2) }.joined(separator: ", "))}, by DDIM (S = \(steps), η = 0, x̂_0 \
            clipped to [−1, 1]) from the same x_T at every w.
            """)
        var settings = ClassifierTraining()
        settings.epochs = quick ? 10 : 12
        settings.seed = seed
        let started = Date()
        let classifier = ImageClassifier.train(
            images: training.images.flatMap { $0 }, labels: training.labels, pixels: pixels,
            settings: settings)
        var heldOutRNG = Xoshiro256(seed: seed, stream: 2)
        let heldOut = DigitImages.generate(count: 1000, using: &heldOutRNG)
        let heldOutFlat = heldOut.images.flatMap { $0 }
        book.result("""
            judge: Lesson 07's classifier (a perceptron \(classifier.inputs) → \(classifier.hidden) → \
            \(classifier.classes), \
            \(settings.epochs) epochs on the \(training.count) training digits, \
            \(Format.seconds(Date().timeIntervalSince(started)))), \
            \(Format.number(100 * classifier.accuracy(heldOutFlat, labels: heldOut.labels), digits: 3))% right on \
            1,000 held-out digits
            """)
        let rows = ws.map { w -> Row in
            let guided = ClassifierFreeGuidance(model: network, labels: labels, guidanceScale: w)
            let samples = sampler.run(predictor: guided, count: labels.count, dimension: pixels, seed: seed).samples
            let verdicts = classifier.classify(samples)
            let agree = zip(verdicts, labels).filter { $0.label == $1 }
            return Row(
                w: w, samples: samples, agreement: Double(agree.count) / Double(labels.count),
                confidentAgreement: Double(agree.filter { $0.0.confidence >= threshold }.count) / Double(labels.count),
                score: ClassifierScore(classifier: classifier, images: samples, threshold: threshold),
                diversity: withinClassDistance(samples, labels: labels, dimension: pixels),
                shapeDiversity: withinClassDistance(standardized(samples), labels: labels, dimension: pixels),
                featureDiversity: withinClassDistance(
                    classifier.features(samples), labels: labels, dimension: classifier.hidden),
                saturated: Double(samples.filter { abs($0) >= 0.9 }.count) / Double(samples.count))
        }
        let realLabels = heldOut.labels.filter { digits.contains($0) }
        let real = zip(heldOut.images, heldOut.labels).filter { digits.contains($0.1) }.flatMap(\.0)
        let realDiversity = withinClassDistance(real, labels: realLabels, dimension: pixels)
        // How far guidance moves each sample from its own w = 0 picture (the same x_T): RMS pixel difference.
        let moved = rows.map { row in
            Moments.mean(
                (0..<labels.count).map { i in
                    let range = (i * pixels)..<((i + 1) * pixels)
                    return
                        (zip(row.samples[range], rows[0].samples[range]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                        / Double(pixels)).squareRoot()
                })
        }
        // The share of samples whose nearest w = 0 picture of the same digit (RMS pixel difference) is their own.
        func distance(_ a: Int, _ b: [Double], _ c: Int, _ d: [Double]) -> Double {
            zip(b[(a * pixels)..<((a + 1) * pixels)], d[(c * pixels)..<((c + 1) * pixels)])
                .reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        let twins = rows.map { row in
            Double(
                labels.indices.filter { i in
                    let same = labels.indices.filter { labels[$0] == labels[i] }
                    return same.min {
                        distance(i, row.samples, $0, rows[0].samples)
                            < distance(
                                i, row.samples, $1,
                                rows[0].samples)
                    } == i
                }.count) / Double(labels.count)
        }
        report(rows, realDiversity: realDiversity, perDigit: perDigit)
        explainDiversity(rows, moved: moved, twins: twins)
        saveGrid(rows, perDigit: perDigit)
    }

    private func report(_ rows: [Row], realDiversity: Double, perDigit: Int) {
        var table = TextTable(columns: [
            "w", "agreement", "confident and agreeing", "confident (p ≥ \(threshold))", "mean p", "diversity",
        ])
        var csv = CSVTable(columns: [
            "w", "agreement", "confident_share", "diversity", "confident_agreement", "mean_confidence", "samples",
        ])
        for row in rows {
            table.append([
                Format.number(row.w, digits: 2), Format.number(100 * row.agreement, digits: 3) + "%",
                Format.number(100 * row.confidentAgreement, digits: 3) + "%",
                Format.number(100 * row.score.confidentShare, digits: 3) + "%",
                Format.number(row.score.meanConfidence, digits: 3), Format.number(row.diversity, digits: 3),
            ])
            csv.append([
                .number(row.w), .number(row.agreement), .number(row.score.confidentShare), .number(row.diversity),
                .number(row.confidentAgreement), .number(row.score.meanConfidence), .int(row.score.count),
            ])
        }
        table.append(["real", "", "", "", "", Format.number(realDiversity, digits: 3)])
        book.show(table)
        book.save(
            figure(rows, realDiversity: realDiversity), data: csv, as: "guidance_digits",
            caption: "Agreement with the requested digit, confident share and diversity against w.")
        let (first, last) = (rows.first!, rows.last!)
        let best = rows.max { $0.agreement < $1.agreement }!
        book.say("""
            Agreement is the share of samples the classifier labels as the digit asked for; diversity \
            the root-mean-square pixel difference between two samples of one digit (held-out real \
            digits: \(Format.number(realDiversity, digits: 3))). From w = \(Format.number(first.w, digits: 2)) to \
            \(Format.number(last.w, digits: 2)) agreement goes from \
            \(Format.number(100 * first.agreement, digits: 3))% to \
            \(Format.number(100 * last.agreement, digits: 3))% and diversity from \
            \(Format.number(first.diversity, digits: 3)) to \
            \(Format.number(last.diversity, digits: 3))\(last.agreement > first.agreement && last.diversity < first.diversity
                ? ": the trade of the ring, on pictures" : ""). Without guidance the label is a suggestion the \
            model follows \(Format.number(100 * first.agreement, digits: 3))% of the time; the best here is \
            \(Format.number(100 * best.agreement, digits: 3))% at w = \(Format.number(best.w, digits: 2)). With \
            \(perDigit) samples \
            per digit, one sample more or less moves agreement by \
            \(Format.number(100 / Double(digits.count * perDigit), digits: 2)) points.
            """)
    }

    /// Why diversity barely moves with w, and what the measure misses, from the numbers.
    private func explainDiversity(_ rows: [Row], moved: [Double], twins: [Double]) {
        var table = TextTable(columns: [
            "w", "moved from its w = 0 picture", "diversity", "standardized images", "classifier features",
            "pixels within 0.1 of ±1",
        ])
        var csv = CSVTable(columns: [
            "w", "moved_from_w0", "diversity", "standardized_diversity", "feature_diversity", "saturated_share",
            "nearest_own_w0_share",
        ])
        for (row, (move, twin)) in zip(rows, zip(moved, twins)) {
            table.append([
                Format.number(row.w, digits: 2), Format.number(move, digits: 3),
                Format.number(row.diversity, digits: 3),
                Format.number(row.shapeDiversity, digits: 3), Format.number(row.featureDiversity, digits: 3),
                Format.number(100 * row.saturated, digits: 3) + "%",
            ])
            csv.append([
                .number(row.w), .number(move), .number(row.diversity), .number(row.shapeDiversity),
                .number(row.featureDiversity),
                .number(row.saturated), .number(twin),
            ])
        }
        book.say("""
            The ring lost spread as w grew; do the digits lose diversity? Beside the pixel diversity: how far \
            guidance moves each sample from the picture the same x_T gave at w = 0, and the diversity \
            measured two more ways, on each image standardized to mean 0 and variance 1 (blind to \
            brightness and contrast) and on the classifier's hidden features:
            """)
        book.show(table)
        book.save(
            data: csv, as: "guidance_diversity",
            caption: "Per w: how far each sample moved from its w = 0 picture, and "
                + "the within-digit diversity on pixels, on standardized images and on the classifier's features, and the share "
                + "of samples nearest their own w = 0 picture.")
        guard rows.count >= 3 else { return }
        let first = rows[0]
        let middle = rows.dropFirst().last { $0.agreement >= rows.map(\.agreement).max()! } ?? rows[1]
        let index = rows.firstIndex { $0.w == middle.w }!
        let keepsPicture =
            twins[index] >= 0.9
            ? ": each x_T keeps its own picture (where the digit sits, its slant, "
                + "its typeface), and guidance redraws it in place"
            : twins[index] > 0.5
                ? ": most x_T keep their own picture (where the digit sits, its slant, its typeface), "
                    + "and guidance redraws it in place; the rest move nearer another sample's" : ""
        let change = { (a: Double, b: Double) in Format.number(100 * (b - a) / a, digits: 2) + "%" }
        var text = """
            Up to w = \(Format.number(middle.w, digits: 2)), where agreement peaks, guidance moves a sample by \
            \(Format.number(moved[index], digits: 3)) on average, against \
            \(Format.number(first.diversity, digits: 3)) between two \
            samples of one digit, and \(Format.number(100 * twins[index], digits: 3))% of its samples are still nearer \
            their own w = 0 picture than any other of their digit\(keepsPicture). DDIM with η = 0 makes x_0 a \
            function of x_T, and \
            the x_T are the same at every w. The diversity changes by \(change(first.diversity, middle.diversity)) on \
            pixels, \(change(first.shapeDiversity, middle.shapeDiversity)) on standardized images and \
            \(change(first.featureDiversity, middle.featureDiversity)) on features: what guidance buys here is the \
            \(Format.number(100 * (middle.agreement - first.agreement), digits: 2)) points of agreement, from samples \
            that were the wrong digit or none, not a narrower set of pictures.
            """
        if let last = rows.last, last.w > middle.w, last.diversity > middle.diversity {
            text += """
                \u{20}At w = \(Format.number(last.w, digits: 2)) the pixel diversity rises to \
                \(Format.number(last.diversity, digits: 3)) \
                while agreement falls to \(Format.number(100 * last.agreement, digits: 3))% and the pixels within 0.1 \
                of black or \
                white from \(Format.number(100 * middle.saturated, digits: 3))% to \
                \(Format.number(100 * last.saturated, digits: 3))%: \
                the strokes smear and double (the grid's last columns). A root-mean-square pixel difference counts \
                such defects as variety; it measures how different two pictures are, not how many different \
                good digits the model draws.
                """
        }
        book.say(text)
    }

    /// Agreement and confident share (left) and diversity (right) against w.
    private func figure(_ rows: [Row], realDiversity: Double) -> Figure {
        let ws = rows.map(\.w)
        var shares = Panel(
            title: "Does the digit match the label?", xLabel: "guidance strength w", yLabel: "share of samples")
        shares.lines = [
            LineSeries(label: "agreement", xs: ws, ys: rows.map(\.agreement)),
            LineSeries(label: "confident and agreeing", xs: ws, ys: rows.map(\.confidentAgreement)),
            LineSeries(label: "confident (p ≥ \(threshold))", xs: ws, ys: rows.map(\.score.confidentShare)),
        ]
        // Head room above 1 for the legend.
        shares.yRange = 0...1.45
        var diversity = Panel(
            title: "Diversity within a digit", xLabel: "guidance strength w", yLabel: "RMS pixel difference")
        diversity.lines = [
            LineSeries(label: "samples", xs: ws, ys: rows.map(\.diversity)),
            LineSeries(
                label: "real digits", xs: [ws.first!, ws.last!], ys: [realDiversity, realDiversity], color: .gray,
                style: .dashed, width: 1),
        ]
        let top = max(realDiversity, rows.map(\.diversity).max()!)
        diversity.yRange = 0...(1.4 * top)
        var figure = Figure(
            title: "Classifier-free guidance on digits: agreement and diversity against w", panels: [shares, diversity])
        figure.panelWidth = 440
        return figure
    }

    /// Each image of `flat` shifted and scaled to mean 0 and variance 1.
    private func standardized(_ flat: [Double]) -> [Double] {
        stride(from: 0, to: flat.count, by: pixels).flatMap { start -> [Double] in
            let image = Array(flat[start..<(start + pixels)])
            let mean = Moments.mean(image)
            let deviation = max(Moments.variance(image).squareRoot(), 1e-12)
            return image.map { ($0 - mean) / deviation }
        }
    }

    /// One row per digit; for each w, the first samples of that digit.
    private func saveGrid(_ rows: [Row], perDigit: Int) {
        let shown = min(perDigit, digits.count == 1 ? 10 : 6)
        var tiles: [[[Double]]] = []
        var columns: [String] = []
        for row in rows { columns += Array(repeating: "w=\(Format.number(row.w, digits: 2))", count: shown) }
        for d in digits.indices {
            var line: [[Double]] = []
            for row in rows {
                for k in 0..<shown {
                    let start = (d * perDigit + k) * pixels
                    line.append(Array(row.samples[start..<(start + pixels)]))
                }
            }
            tiles.append(line)
        }
        let rowLabels = digits.map { "asked for \($0)" }
        let title =
            "Digits on demand: \(shown) samples per digit at each w ("
            + rows.map { "w = \(Format.number($0.w, digits: 2))" }.joined(separator: ", ") + ", left to right)"
        book.save(
            digitGrid(title, tiles, side: side, rowLabels: rowLabels, columnLabels: columns),
            data: tileTable(tiles, rowLabels: rowLabels, columnLabels: columns), as: "digits_on_demand",
            caption: "Rows: the requested digit; columns: samples at w = "
                + rows.map { Format.number($0.w, digits: 2) }.joined(separator: ", ") + " from the same noise.")
    }
}
