import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson01: the first cell's schedules (table, CSV, figure) are built from the
/// learner's answers in Sources/Exercises/Lesson01.swift: the linear schedule's β from
/// `linearBetas`, the ᾱ of the β schedules (linear, quadratic, sigmoid) from `alphaBars`, the
/// cosine schedule's ᾱ from `cosineAlphaBar`. A schedule made from ᾱ takes β_t = 1 − ᾱ_t/ᾱ_{t−1}
/// (capped at 0.999 for the cosine one, as Nichol & Dhariwal 2021, §3.2 do), so it matches the
/// reference to rounding. An answer whose values no schedule has (e.g. ᾱ_1 = 1, so β_1 = 0)
/// stops the lesson with one line before it writes anything. The later cells stay the module's.
/// Without `--mine`, or for an exercise not attempted, the module computes.
struct Mine {
    static let help =
        "Build the first cell's schedules from your linearBetas, alphaBars and cosineAlphaBar "
        + "(Sources/Exercises/Lesson01.swift), each compared with the reference; not attempted uses the reference."
    let linearBetas: YourAnswer<LinearBetas>?
    let alphaBars: YourAnswer<AlphaBars>?
    let cosineAlphaBar: YourAnswer<CosineAlphaBar>?
    /// The first cell's schedules, one per kind asked for.
    private(set) var schedules: [NoiseSchedule] = []

    /// Runs the checks and builds the schedules before the lesson writes anything; the
    /// exercises carry the answers, the learner's unless a test passes others.
    /// - Throws: `MineError` when an answer throws, or gives values no schedule has (a β outside (0, 1]).
    init(
        enabled: Bool, kinds: [ScheduleKind], options: ScheduleOptions,
        linearBetas: Exercise<LinearBetas> = Lesson01Catalog.linearBetas,
        alphaBars: Exercise<AlphaBars> = Lesson01Catalog.alphaBars,
        cosineAlphaBar: Exercise<CosineAlphaBar> = Lesson01Catalog.cosineAlphaBar
    ) throws(MineError) {
        self.linearBetas = enabled ? try YourAnswer(linearBetas) : nil
        self.alphaBars = enabled ? try YourAnswer(alphaBars) : nil
        self.cosineAlphaBar = enabled ? try YourAnswer(cosineAlphaBar) : nil
        for kind in kinds {
            schedules.append(try schedule(kind, reference: options.schedule(kind), options: options))
        }
    }

    private func schedule(_ kind: ScheduleKind, reference: NoiseSchedule, options: ScheduleOptions) throws(MineError)
        -> NoiseSchedule
    {
        let T = reference.timesteps
        let atStep = { (i: Int) in "t = \(i + 1) of the \(kind.rawValue) schedule" }
        var betas = reference.betas
        var yourAlphaBars: [Double]?
        if kind == .linear, let linearBetas {
            betas = try linearBetas.values(reference: reference.betas, at: atStep) {
                try $0(T, options.betaStart, options.betaEnd)
            }
        }
        if kind == .cosine, let cosineAlphaBar, cosineAlphaBar.isYours {
            // Eq. 17 is the module's ᾱ up to the first β capped at 0.999; the capped tail stays the module's.
            let uncapped = reference.betas.prefix { $0 < 0.999 }.count
            yourAlphaBars = try cosineAlphaBar.values(
                reference: Array(reference.alphaBars.prefix(uncapped)), at: atStep
            ) { f in
                try (1...uncapped).map { try f($0, T) }
            }
        } else if kind != .cosine, let alphaBars, alphaBars.isYours, Self.isValid(betas) {
            let expected = NoiseSchedule(betas: betas, kind: kind).alphaBars
            yourAlphaBars = try alphaBars.values(reference: expected, at: atStep) { try $0(betas) }
        }
        if let yours = yourAlphaBars {
            betas = zip(yours, [1] + yours.dropLast()).map { 1 - $0 / $1 } + betas.dropFirst(yours.count)
        }
        guard Self.isValid(betas) else {
            let culprit = yourAlphaBars == nil ? "linearBetas" : (kind == .cosine ? "cosineAlphaBar" : "alphaBars")
            let t = (betas.firstIndex { !($0 > 0 && $0 <= 1) } ?? 0) + 1
            let value = betas.indices.contains(t - 1) ? "β_\(t) = \(betas[t - 1])" : "\(betas.count) values of β"
            throw MineError(
                "your \(culprit) (Sources/Exercises/Lesson01.swift) gives the \(kind.rawValue) schedule \(value), "
                    + "outside (0, 1]: no schedule to draw; "
                    + "swift test --filter Lesson01 --disable-swift-testing names the mistake")
        }
        return yourAlphaBars == nil && betas == reference.betas ? reference : NoiseSchedule(betas: betas, kind: kind)
    }

    private static func isValid(_ betas: [Double]) -> Bool {
        betas.count >= 2 && betas.allSatisfy { $0 > 0 && $0 <= 1 }
    }
}
