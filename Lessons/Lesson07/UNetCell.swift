import Diffusion
import Foundation
import Plot
import Workbook

/// What a skip connection carries: the U-Net's maps for one image at one t, and what the
/// network leaves out.
struct UNetCell {
    let book: Notebook
    let network: NoiseNetwork

    /// Shows the maps of `x0` noised to step `t` with `noise`.
    func run(x0: [Double], t: Int, noise: [Double]) {
        let schedule = network.schedule
        let xt = schedule.qSample(x0: x0, t: t, noise: noise)
        guard let maps = network.unetActivations(xt: xt, t: t) else { return }
        book.cell("The parts of the network: down, up, and the skip")
        let fine = maps.skip.side
        let coarse = maps.coarse.side
        let side = Int(Double(xt.count).squareRoot())
        // Receptive fields in pixels, r ← r + (kernel − 1) · (pixels per position) layer by layer:
        // the 2×2 patch, conv_in and the encoder's 3×3 convolutions at 2 pixels per position, the
        // 2×2 stride-2 down step, the middle's 3×3 convolutions at 4 pixels per position.
        let depth = network.shape.depth
        let step = side / fine
        let coarseStep = side / coarse
        let fineView = step + 2 * step + depth * 2 * 2 * step
        let coarseView = fineView + step + depth * 2 * 2 * coarseStep
        // A window centred on a corner position's own pixels reaches the far corner.
        let seesAll = (coarseView - coarseStep) / 2 >= side - coarseStep
        book.say("""
            The U-Net (Ronneberger et al. 2015) works at two scales. The fine grid has \(fine)×\(fine) \
            positions of \(maps.skip.channels) channels, each position a \(step)×\(step) patch of pixels; a \
            2×2 convolution of stride 2 takes it down to \(coarse)×\(coarse) positions of \
            \(maps.coarse.channels) channels. Counting the 3×3 convolutions on the way, a fine position \
            after the encoder sees \(fineView)×\(fineView) pixels around it, a coarse position after the \
            middle block \
            \(coarseView)×\(coarseView)\(seesAll ? ": from any position, every pixel of the \(side)×\(side) image" : ""). The way up maps each coarse position back to its 2×2 fine positions and adds the result \
            to the fine maps kept from before the way down: the skip connection. One held-out digit at \
            t = \(t) (ᾱ_t = \(Format.number(schedule.alphaBar(t), digits: 2))), the 8 channels of each map \
            that vary most over positions, each tile scaled to its own largest |value| (gray is 0):
            """)
        let skip = strongest(maps.skip)
        let below = maps.upsampled
        let deep = strongest(maps.coarse)
        let x0Hat = schedule.predictX0(xt: xt, t: t, eps: maps.output)
        var rows: [[[Double]]] = [[x0, xt, maps.output, x0Hat]]
        rows.append(skip.map { enlarge(maps.skip.channel($0), side: fine, to: side) })
        rows.append(skip.map { enlarge(below.channel($0), side: fine, to: side) })
        rows.append(skip.map { c in enlarge(zip(maps.skip.channel(c), below.channel(c)).map(+), side: fine, to: side) })
        rows.append(deep.map { enlarge(maps.coarse.channel($0), side: coarse, to: side) })
        rows = [rows[0]] + rows.dropFirst().map { $0.map(normalized) }
        let labels = ["x_0 / x_t / ε̂ / x̂_0", "skip: fine h", "from below: U d", "sum: decoder input", "coarse d"]
        let columns = (0..<8).map { "#\($0 + 1)" }
        var grid = ImageGrid(
            title: "Inside the U-Net at t = \(t); rows 2–5: each tile scaled to its own largest |value|",
            tiles: rows, tileWidth: side, tileHeight: side, rowLabels: labels, columnLabels: columns)
        grid.scale = 4
        book.save(
            grid, data: tileTable(rows, rowLabels: labels, columnLabels: columns), as: "unet_features",
            caption:
                "Row 1: the digit, x_t, ε̂ and x̂_0. Rows 2–4: the same 8 fine channels (\(skip.map(String.init).joined(separator: ", "))); row 5: 8 of the \(maps.coarse.channels) coarse channels (each tile scaled to its largest |value|; fine maps drawn 2× and coarse 4× enlarged)."
        )
        let (a, b) = (squaredNorm(maps.skip.values), squaredNorm(below.values))
        book.result(
            "the decoder's input is skip + from below; their squared norms: \(Format.number(a, digits: 3)) and \(Format.number(b, digits: 3))"
        )
        let paths =
            min(a, b) >= 0.1 * max(a, b)
            ? "Both paths feed the decoder in earnest: neither norm is a tenth of the other."
            : "One path carries most of the decoder's input here: the other's norm is under a tenth of it."
        book.say("""
            \(paths) The skip brings maps computed from a \
            \(fineView)×\(fineView)-pixel view, the local picture of the strokes at full resolution; the \
            path from below brings maps computed from the whole image, each coarse value spread back \
            over 2×2 fine positions. The decoder block adds them and draws ε̂ from the sum.
            """)
        leftOut(seesAll: seesAll)
    }

    /// What DDPM's U-Net has and this one does not, and what it would buy.
    private func leftOut(seesAll: Bool) {
        book.cell("The parts of the network: what this U-Net leaves out")
        book.say("""
            DDPM's network (Ho et al. 2020, Appendix B) has two more parts. Group normalization (Wu & \
            He 2018) in every residual block rescales each group of channels to mean 0 and variance 1 \
            per image: activations keep one scale however deep the network, which steadies training, \
            and unlike batch normalization it does not depend on the batch. Self-attention (Vaswani et \
            al. 2017), at DDPM's 16×16 feature maps, lets every position read every other in one \
            layer, where a 3×3 convolution reaches only its neighbours; Dhariwal & Nichol 2021 (§3) \
            improved sample quality with attention at more resolutions. This network has two levels \
            of \(network.shape.depth) block \
            each\(seesAll ? "; its coarse level already reaches across the whole image (above)" : ""); \
            it trains without normalization, its gradients clipped to norm \
            \(Format.number(TrainingConfiguration.digits.clipNorm ?? 0, digits: 2)). Neither part was tried here.
            """)
    }

    /// The 8 channels of `map` whose values vary most over positions.
    private func strongest(_ map: UNetActivations.Map) -> [Int] {
        let spread = (0..<map.channels).map { Moments.variance(map.channel($0)) }
        return Array((0..<map.channels).sorted { spread[$0] > spread[$1] }.prefix(8))
    }

    /// A `side`×`side` map drawn at `target`×`target`, each value repeated over a square.
    private func enlarge(_ values: [Double], side: Int, to target: Int) -> [Double] {
        let factor = target / side
        return (0..<(target * target)).map { values[(($0 / target) / factor) * side + ($0 % target) / factor] }
    }

    /// Scaled to its largest |value| (left as is when all zero).
    private func normalized(_ values: [Double]) -> [Double] {
        let largest = values.map(abs).max() ?? 0
        return largest > 0 ? values.map { $0 / largest } : values
    }

    private func squaredNorm(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 } }
}
