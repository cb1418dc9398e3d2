import Diffusion
import Workbook

/// Cell 1: where the data sits in each paper, and how to translate.
func conventionsCell(book: Notebook) {
    book.cell("Conventions first: where the data sits")
    book.say("""
        Flow matching and rectified flow move points from noise to data along a velocity field v(x, t), solving \
        dx/dt = v. The papers disagree on which end of t holds the data, so a formula copied from one into the \
        other's convention flips the sign of v. This lesson keeps the workbook's convention: data at t = 0, noise at \
        the other end (t = T in Lessons 01–09, t = 1 here), so sampling runs t downward, as in Esser et al. 2024 \
        ("Scaling Rectified Flow Transformers", §2 and §3; Stable Diffusion 3).
        """)
    var table = TextTable(columns: ["paper", "data at", "noise at", "path x_t", "velocity target", "sampling runs"])
    table.append([
        "Ho et al. 2020 (Lessons 01–09)", "t = 0", "t = T", "√ᾱ_t x_0 + √(1 − ᾱ_t) ε (eq. 4)",
        "— (learns ε)", "t = T → 0",
    ])
    table.append([
        "Lipman et al. 2023 (Flow Matching)", "t = 1 (x_1 ~ q)", "t = 0 (x_0 ~ N(0, I))",
        "(1 − (1 − σ_min) t) x_0 + t x_1 (eq. 22)", "x_1 − (1 − σ_min) x_0 (eq. 23)", "t = 0 → 1",
    ])
    table.append([
        "Liu et al. 2023 (Rectified Flow)", "t = 1 (X_1 ~ π_1)", "t = 0 (X_0 ~ π_0)",
        "t X_1 + (1 − t) X_0 (eq. 1)",
        "X_1 − X_0 (eq. 1)", "t = 0 → 1",
    ])
    table.append(["Esser et al. 2024 (SD3)", "t = 0", "t = 1", "(1 − t) x_0 + t ε (§3)", "ε − x_0", "t = 1 → 0"])
    table.append(["this lesson", "t = 0", "t = 1", "(1 − t) x_0 + t ε", "u = ε − x_0", "t = 1 → 0"])
    book.show(table)
    // The translation, computed: Liu et al.'s interpolant at s = 1 − t is this lesson's at t, and
    // their velocity target is minus ours.
    let x0: [Double] = [0.7, -0.7]
    let eps: [Double] = [-1.3, 0.4]
    let t = 0.3
    let ours = GaussianPath.linear.interpolate(x0: x0, noise: eps, t: t)
    // s X_1 + (1 − s) X_0 at s = 1 − t
    let theirs = zip(x0, eps).map { data, noise in (1 - t) * data + (1 - (1 - t)) * noise }
    let ourVelocity = GaussianPath.linear.conditionalVelocity(x0: x0, noise: eps, t: t)
    let theirVelocity = zip(x0, eps).map { $0 - $1 }  // X_1 − X_0 with X_1 the data
    book.say("""
        To read Lipman et al. (with σ_min = 0) or Liu et al. here, put s = 1 − t: their x at s is ours at t, and \
        since ds = −dt their velocity is minus ours. On one pair, x_0 = (0.7, −0.7), ε = (−1.3, 0.4), at t = 0.3:
        """)
    book.result(
        "ours: x_t = \(fmt(ours)), u = \(fmt(ourVelocity)); Liu et al. at s = 0.7: X_s = \(fmt(theirs)), "
            + "X_1 − X_0 = \(fmt(theirVelocity))")
}

/// "(0.1, −0.2)" with three decimals.
func fmt(_ v: [Double]) -> String {
    "(" + v.map { Format.number($0, digits: 3) }.joined(separator: ", ") + ")"
}
