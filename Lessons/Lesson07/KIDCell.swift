import Diffusion
import Foundation
import Plot
import Workbook

/// The classifier of the quality cell, and the confident share it gave each source.
struct Verdict {
    let classifier: ImageClassifier
    let confidentShare: [String: Double]
    let threshold: Double
}

/// Two cells after the quality cell: the Kernel Inception Distance (Bińkowski et al. 2018) of
/// each source on the classifier's penultimate features, and how it relates to the energy
/// distance of Lessons 05 and 06 (both are MMDs; Sejdinovic et al. 2013).
struct KIDCell {
    let images: LessonImages
    let book: Notebook
    let seed: UInt64
    /// Rows of the real training images the sources are compared with.
    let referenceCount = 1000
    let subsets = 100

    func run(_ verdict: Verdict, generated: [(name: String, samples: [Double])]) {
        let classifier = verdict.classifier
        let d = classifier.hidden
        let reference = classifier.features(Array(images.training.flat.prefix(referenceCount * images.pixels)))
        let size = generated.map { $0.samples.count / images.pixels }.min() ?? 0
        // The real held-out digits, and as many of them that carry one label only: confident, but one kind.
        var sources = generated + [(name: "real", samples: images.heldOut.flat)]
        let ones = images.heldOut.labels.indices.filter { images.heldOut.labels[$0] == 1 }.prefix(size)
        if ones.count == size {
            sources.append((name: "real 1s only", samples: ones.flatMap { images.heldOut.images[$0] }))
        }
        let features = sources.map { classifier.features($0.samples) }

        book.cell("KID: the Keras example's score, on our classifier's features")
        book.say("""
            The Keras DDIM example scores its samples with the Kernel Inception Distance (Bińkowski \
            et al. 2018): feed real and generated images to a trained network, keep its penultimate \
            layer, and measure how far apart the two clouds of features are by the MMD² (Gretton et \
            al. 2012) with the kernel k(x, y) = (xᵀy/d + 1)³. The estimate is unbiased: two samples \
            of one distribution score 0 on average, and a single draw can fall below 0. Our network \
            is the classifier above; its features are its \(d) hidden units. Each source is compared \
            with \(referenceCount) training images, over \(subsets) random subsets of \(size) images \
            from each (± is the spread over the subsets; a source of only \(size) images enters every \
            subset whole, so its ± shows how the reference's subsets vary, not its own sampling noise).
            """)
        var table = TextTable(columns: [
            "source", "images", "KID", "± (std over subsets)", "confident (p ≥ \(verdict.threshold))",
        ])
        var csv = CSVTable(columns: ["source", "samples", "kid", "kid_std"])
        var kids: [String: KernelInceptionDistance] = [:]
        for (source, x) in zip(sources, features) {
            let kid = KernelInceptionDistance(
                x, reference, dimension: d, subsets: subsets, subsetSize: size, seed: seed)
            kids[source.name] = kid
            let count = x.count / d
            let share =
                verdict.confidentShare[source.name]
                ?? ClassifierScore(classifier: classifier, images: source.samples, threshold: verdict.threshold)
                .confidentShare
            table.append([
                source.name, "\(count)", Format.number(kid.mean, digits: 3),
                Format.number(kid.standardDeviation, digits: 2),
                Format.number(100 * share, digits: 3) + "%",
            ])
            csv.append([.text(csvName(source.name)), .int(count), .number(kid.mean), .number(kid.standardDeviation)])
        }
        book.show(table)
        // KID's units: MMD² = ‖μ_P − μ_Q‖² in the kernel's space, where the real digits' mean embedding has ‖μ‖² = E k(X, X′).
        let scale = meanKernel(reference, dimension: d, kernel: .cubicPolynomial)
        book.result(
            "E k(X, X′) over pairs of the \(referenceCount) training images' features: \(Format.number(scale, digits: 3))"
        )
        book.say("""
            KID's units are the kernel's: MMD² is the squared distance ‖μ_P − μ_Q‖² between the two \
            sets' mean embeddings in the kernel's space (Gretton et al. 2012, Lemma 4), and the real \
            digits' own embedding has squared length E k(X, X′) = \(Format.number(scale, digits: 3)). So \
            a KID of 1 here is \(Format.number(100 / scale, digits: 2))% of that. The number depends on \
            the feature network and its scale: it compares sources under one network, not with the \
            KIDs of papers (Bińkowski et al. report them ×10³, on Inception's features).
            """)
        book.save(
            data: csv, as: "kid",
            caption:
                "KID of each source against \(referenceCount) training images, its standard deviation over \(subsets) subsets of \(size)."
        )
        if let real = kids["real"] {
            // How many of the floor's spreads each source lies from 0.
            let spreads = { (kid: KernelInceptionDistance) in kid.mean / real.standardDeviation }
            let within = generated.filter { abs(spreads(kids[$0.name]!)) < 1 }.map(\.name)
            let above = generated.filter { spreads(kids[$0.name]!) >= 1 }
            // Against a source's own ± as well: how far from 0 it lies in each yardstick.
            let describe = { (name: String) -> String in
                let kid = kids[name]!
                let clear = kid.mean >= 2 * max(real.standardDeviation, kid.standardDeviation)
                return
                    "\(name)'s \(Format.number(kid.mean, digits: 3)) is \(Format.number(spreads(kid), digits: 2)) times the real "
                    + "digits' spread (\(Format.number(real.standardDeviation, digits: 3)), how far a \(size)-image KID strays by chance) and "
                    + "\(Format.number(kid.mean / kid.standardDeviation, digits: 2)) times its own ± (\(Format.number(kid.standardDeviation, digits: 2)))"
                    + (clear
                        ? ": clearly above the data."
                        : ": a hint that it is farther from the data, not a clear ranking.")
            }
            book.say("""
                The real held-out digits set the floor: \(Format.number(real.mean, digits: 2)) ± \
                \(Format.number(real.standardDeviation, digits: 2))\(abs(real.mean) < 2 * real.standardDeviation
                    ? ", around 0 as an unbiased estimate should be" : ", not 0: in the classifier's features held-out digits differ from the training images it learned"). \
                \(within.isEmpty ? "" : "At \(size) images KID cannot tell \(within.joined(separator: " or ")) from real digits: within one real-digit spread of 0. ")\
                \(above.map { describe($0.name) }.joined(separator: " "))
                """)
            if let one = kids["real 1s only"] {
                let share = ClassifierScore(
                    classifier: classifier, images: sources.last!.samples, threshold: verdict.threshold
                ).confidentShare
                book.say("""
                    The last row is \(size) real 1s: \(Format.number(100 * share, digits: 3))% confident, yet KID \
                    \(Format.number(one.mean, digits: 3)), \
                    \(Format.number(one.mean / real.standardDeviation, digits: 2)) times \
                    the real digits' spread above 0. The confident share judges images one by one; KID compares the \
                    whole set with \
                    the data, so it also sees which digits are missing.
                    """)
            }
        }
        compareWithEnergyDistance(
            sources.map(\.name), features, reference, dimension: d, noise: kids["real"]?.standardDeviation)
    }

    /// The same features scored by two kernels, each with both estimates: KID's cubic kernel
    /// and the energy distance's ‖x‖ + ‖y‖ − ‖x − y‖.
    /// `noise`: the real digits' KID spread, how far a KID of this many images strays by chance.
    private func compareWithEnergyDistance(
        _ names: [String], _ features: [[Double]], _ reference: [Double], dimension d: Int,
        noise: Double?
    ) {
        book.cell("KID and the energy distance: two MMDs")
        book.say("""
            Lessons 05 and 06 scored 2D samples with the energy distance D² = 2E‖X − Y‖ − E‖X − X′‖ − \
            E‖Y − Y′‖. It is an MMD² too, with the kernel k(x, y) = ‖x‖ + ‖y‖ − ‖x − y‖ (Sejdinovic et \
            al. 2013; the ‖x‖ and ‖y‖ terms cancel). The scores differ in two ways: the kernel, and the \
            estimate. Lesson 05 averaged over every pair, (i, i) included (the V-statistic), which two \
            samples of one distribution put above 0: the floor it printed. KID leaves those pairs out \
            (the U-statistic, Gretton et al. 2012, Lemma 6), whose mean is 0. Both kernels, both \
            estimates, each source against the \(referenceCount) training images:
            """)
        var table = TextTable(columns: [
            "source", "cubic, unbiased (KID)", "cubic, all pairs", "energy, unbiased", "energy, all pairs (Lesson 05)",
        ])
        var csv = CSVTable(columns: [
            "source", "samples", "cubic_unbiased", "cubic_biased", "energy_unbiased", "energy_biased",
        ])
        let values = features.map { x in
            [MMDKernel.cubicPolynomial, .distance].flatMap { kernel in
                [MMDEstimate.unbiased, .biased].map {
                    mmdSquared(x, reference, dimension: d, kernel: kernel, estimate: $0)
                }
            }
        }
        let cubic = values.map { $0[0] }
        let energy = values.map { $0[2] }
        for (name, (x, values)) in zip(names, zip(features, values)) {
            table.append([name] + values.map { Format.number($0, digits: 3) })
            csv.append([.text(csvName(name)), .int(x.count / d)] + values.map { .number($0) })
        }
        book.show(table)
        book.save(
            data: csv, as: "mmd_kernels",
            caption:
                "MMD² of each source's features against the training images: two kernels, unbiased and all-pairs estimates."
        )
        let order = { (scores: [Double]) in names.indices.sorted { scores[$0] < scores[$1] }.map { names[$0] } }
        if let real = names.firstIndex(of: "real") {
            let row = { (k: Int) in Format.number(values[real][k], digits: 2) }
            book.result(
                "real digits: all pairs \(row(1)) (cubic) and \(row(3)) (energy), above 0; without the pairs (i, i) \(row(0)) and \(row(2))"
            )
        }
        let (byCubic, byEnergy) = (order(cubic), order(energy))
        book.say(
            byCubic == byEnergy
                ? "Both kernels put the unbiased scores in one order, lowest first: \(byCubic.joined(separator: " < ")); "
                    + "not every step of it is more than noise."
                : "The kernels order the unbiased scores differently, lowest first: cubic \(byCubic.joined(separator: " < ")); "
                    + "energy \(byEnergy.joined(separator: " < ")).")
        guard let real = names.firstIndex(of: "real"), let noise else { return }
        // An order means something only beyond the noise: each source against real, in the real digits' KID spreads.
        let counts = features.map { $0.count / d }
        let verdicts = names.indices.filter { $0 != real }.map { i -> String in
            let z = (cubic[i] - cubic[real]) / noise
            return "\(names[i]) \(Format.number(cubic[i], digits: 3)), \(Format.number(z, digits: 2)) spreads "
                + (abs(z) < 2
                    ? "from real: not told apart"
                    : abs(z) < 3
                        ? "from real: at the edge of the noise"
                        : (z > 0 ? "above real: worse" : "below real: closer to the data"))
        }
        // The all-pairs estimate minus the unbiased one: the pairs (i, i), whose weight falls as 1/n.
        let bias = values.map { $0[1] - $0[0] }
        let sizes = names.indices.map { "\(names[$0]) (\(counts[$0]) images) \(Format.number(bias[$0], digits: 3))" }
        // Pairs of sources whose order the all-pairs cubic column reverses.
        let allPairs = values.map { $0[1] }
        let flips = names.indices.flatMap { i in
            names.indices.compactMap { j -> String? in
                cubic[i] < cubic[j] && allPairs[i] > allPairs[j] ? "\(names[j]) before \(names[i])" : nil
            }
        }
        book.say("""
            What the cubic column can rank is what lies beyond the noise of a KID of this many images, \
            about the real digits' spread \(Format.number(noise, digits: 3)) above: \
            \(verdicts.joined(separator: "; ")). \
            The all-pairs columns rank by more than the images: each adds to the unbiased score the \
            pairs (i, i), a bias of (mean k(x_i, x_i) − mean_{i≠j} k(x_i, x_j))/n for a source of n images, \
            which falls as 1/n and grows with the set's own spread (the \(referenceCount) training images \
            add the same to every row). All pairs minus unbiased, cubic: \
            \(sizes.joined(separator: ", "))\(flips.isEmpty ? "." : ". So the all-pairs column puts "
                + flips.joined(separator: " and ") + ", the reverse of the unbiased order: the smaller set pays the larger bias.")
            """)
    }

    /// A source's name in a CSV: lower case, underscores for spaces ("real 1s only" → real_1s_only).
    private func csvName(_ name: String) -> String { name.lowercased().replacingOccurrences(of: " ", with: "_") }
}
