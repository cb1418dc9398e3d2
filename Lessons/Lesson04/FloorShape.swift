// Lesson 04: why the ring's loss floor dips and then rises again before it falls to 0.
import Diffusion
import Plot
import Workbook

/// Splits the floor of the ring into its two parts and says where each dominates. For a mixture
/// of equal isotropic Gaussians N(μ_k, s² I), the law of total variance gives
/// Var(x_0 | x_t) = Var(x_0 | x_t, k) + Var(μ_k | x_t): the first is the same for every cluster,
/// s²(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t) (the posterior of one Gaussian), so the floor's within-cluster part
/// is exactly ᾱ_t/(1 − ᾱ_t) times it, ᾱ_t s²/(ᾱ_t s² + 1 − ᾱ_t) per dimension, and the rest is the
/// doubt about which cluster x_0 came from. Returns the within-cluster part as a line to draw.
func explainFloorShape(
    book: Notebook, mixture: GaussianMixture, schedule: NoiseSchedule,
    times: [Int], floors: [Double]
) -> LineSeries {
    let s2 = mixture.standardDeviation * mixture.standardDeviation
    let gap = mixture.means[0] - mixture.means[1]
    let neighbourGap = (gap * gap).sum().squareRoot()
    let within = times.map { t in schedule.alphaBar(t) * s2 / (schedule.alphaBar(t) * s2 + 1 - schedule.alphaBar(t)) }
    book.say("""
        Why does the floor dip and rise again? By the law of total variance, Var(x_0 | x_t) = \
        Var(x_0 | x_t, cluster) + Var(cluster's mean | x_t). Each cluster is N(μ_k, s² I) with s = \
        \(mixture.standardDeviation), and one Gaussian's posterior variance is s²(1 − ᾱ_t)/(ᾱ_t s² + 1 − ᾱ_t) \
        whichever cluster it is, so the floor's within-cluster part is exactly ᾱ_t s²/(ᾱ_t s² + 1 − ᾱ_t): \
        it only falls as t grows. The rest is the doubt about which cluster x_0 came from, which grows \
        as the noise √(1 − ᾱ_t) reaches toward half the gap between neighbouring clusters \
        (\(Format.number(neighbourGap / 2, digits: 2)) here, half of \(Format.number(neighbourGap, digits: 2))), \
        where their noisy copies start to overlap, and shrinks again as the factor \
        ᾱ_t/(1 − ᾱ_t) goes to 0:
        """)
    var table = TextTable(columns: ["t", "√(1 − ᾱ_t)", "floor", "within a cluster", "which cluster"])
    // The first local minimum of the measured floor, and the largest value after it.
    if let dip = times.indices.dropFirst().dropLast().first(where: {
        floors[$0] < floors[$0 - 1] && floors[$0] <= floors[$0 + 1]
    }),
        let bump = times.indices.filter({ $0 > dip }).max(by: { floors[$0] < floors[$1] })
    {
        for k in [0, dip, bump, times.count - 1] {
            let t = times[k]
            table.append([
                "\(t)", Format.number((1 - schedule.alphaBar(t)).squareRoot(), digits: 3),
                Format.number(floors[k], digits: 3),
                Format.number(within[k], digits: 3), Format.number(floors[k] - within[k], digits: 3),
            ])
        }
        book.show(table)
        book.say("""
            At t = \(times[dip]) the falling within-cluster part and the rising doubt about the cluster \
            together make a dip; at t = \(times[bump]), where the floor peaks again among the measured t, \
            the doubt is \(Format.number(100 * (floors[bump] - within[bump]) / floors[bump], digits: 2))% of it.
            """)
    }
    return LineSeries(
        label: "floor's within-cluster part (exact)", xs: times.map(Double.init), ys: within, color: .gray,
        style: .dotted)
}
