/// Reference numbers the tests match to 1e-12 relative: float64 values computed with NumPy
/// 2.4 from the papers' formulas by the script below (ᾱ_0 = 1, so β̃_1 = 0), which
/// reproduces every digit given here.
///
///     import numpy as np
///     def table(betas):
///         a = 1 - betas; ab = np.cumprod(a); abp = np.append(1.0, ab[:-1])
///         return (betas, ab, betas * (1 - abp) / (1 - ab),                  # β, ᾱ, β̃
///                 betas * np.sqrt(abp) / (1 - ab), (1 - abp) * np.sqrt(a) / (1 - ab))  # coefficients of x_0, x_t
///     linear = np.linspace(1e-4, 0.02, 1000)
///     f = lambda t: np.cos((t / 1000 + 0.008) / 1.008 * np.pi / 2) ** 2
///     cosine = np.array([min(1 - f(t) / f(t - 1), 0.999) for t in range(1, 1001)])
///     # rows: table(linear)[k][t - 1] and table(cosine)[k][t - 1] for t in 1, 2, 10, 100, 488, 1000
///     ab = np.cumprod(1 - linear); at, ap = ab[500], ab[480]
///     for eta in (0.0, 0.5, 1.0):
///         sigma = eta * np.sqrt((1 - ap) / (1 - at) * (1 - at / ap))
///         x0 = (xt - np.sqrt(1 - at) * eps) / np.sqrt(at)
///         x_prev = np.sqrt(ap) * x0 + np.sqrt(1 - ap - sigma ** 2) * eps + sigma * z
///
/// Lesson tests (Tests/LessonTests/FoundationLessonTests.swift) read a few of the same numbers
/// back from the lessons' CSVs.
enum ReferenceValues {
    /// One row of a schedule's table at paper time t.
    struct Row { let t: Int; let beta, alphaBar, betaTilde, coefX0, coefXt: Double }

    /// The linear schedule, T = 1000, β from 10⁻⁴ to 0.02 (Ho et al. 2020, §4).
    static let linearRows = [
        Row(t: 1, beta: 1.000000000000000e-04, alphaBar: 9.999000000000000e-01, betaTilde: 0, coefX0: 1.000000000000110e+00, coefXt: 0),
        Row(t: 2, beta: 1.199199199199199e-04, alphaBar: 9.997800920720721e-01, betaTilde: 5.453187661302193e-05, coefX0: 5.452914995102903e-01, coefXt: 4.547084989905303e-01),
        Row(t: 10, beta: 2.792792792792793e-04, alphaBar: 9.981052047858344e-01, betaTilde: 2.381820278234531e-04, coefX0: 1.472737174308455e-01, coefXt: 8.527262261023779e-01),
        Row(t: 100, beta: 2.072072072072072e-03, alphaBar: 8.970181456749600e-01, betaTilde: 2.034596259490786e-03, coefX0: 1.907634531731179e-02, coefXt: 9.808960213164570e-01),
        Row(t: 488, beta: 9.801001001001000e-03, alphaBar: 8.858573232059309e-02, betaTilde: 9.791571985690041e-03, coefX0: 3.216438552813049e-03, coefXt: 9.941301128045488e-01),
        Row(t: 1000, beta: 2.000000000000000e-02, alphaBar: 4.035829765375676e-05, betaTilde: 1.999998352656061e-02, coefX0: 1.283514871722468e-04, coefXt: 9.899486782675173e-01),
    ]

    /// The cosine schedule, T = 1000, s = 0.008, β capped at 0.999 (Nichol & Dhariwal 2021, eq. 17).
    static let cosineRows = [
        Row(t: 1, beta: 4.128422482196914e-05, alphaBar: 9.999587157751780e-01, betaTilde: 0, coefX0: 1.000000000000000e+00, coefXt: 0),
        Row(t: 2, beta: 4.614175273665033e-05, alphaBar: 9.999125759273678e-01, betaTilde: 2.178949614569182e-05, coefX0: 5.277814093344871e-01, coefXt: 4.722185904267593e-01),
        Row(t: 10, beta: 8.501117934167635e-05, alphaBar: 9.993687184016583e-01, betaTilde: 7.356945118997592e-05, coefX0: 1.346276445759206e-01, coefXt: 8.653723496168824e-01),
        Row(t: 100, beta: 5.269048088566430e-04, alphaBar: 9.720927371139696e-01, betaTilde: 5.172290804028280e-04, coefX0: 1.862015166334651e-02, coefXt: 9.813780184044767e-01),
        Row(t: 488, beta: 3.030568438702641e-03, alphaBar: 5.125449999747288e-01, betaTilde: 3.020882006985139e-03, coefX0: 4.457739091582073e-03, coefXt: 9.952921703608526e-01),
        Row(t: 1000, beta: 9.990000000000000e-01, alphaBar: 2.428766907034857e-09, betaTilde: 9.989975760881921e-01, coefX0: 1.556891715490170e-03, coefXt: 3.162269987413465e-02),
    ]

    /// One DDIM update (Song et al. 2021, eq. 12 with σ of eq. 16) on the linear schedule,
    /// T = 1000, from paper t = 501 to 481 (array indices 500 → 480; a stride of 20, S = 50):
    /// the inputs x_t, ε̂ and the fresh noise z, then σ and x_{t−1} for three η.
    static let ddimXt = [0.0012301533574825742, 0.2987455375084699, -0.2741378553622176, -0.8905918387572742, -0.45467078517172255, -0.9916465549964624]
    static let ddimEps = [0.060143602597438485, 1.3402152455545335, -0.49220651855132963, -0.6204748998199404, 0.4898420501851982, 0.35688700816006075]
    static let ddimZ = [0.10541424899789856, -0.9304680447082047, -0.02925182246327349, 0.6953031944582878, -1.344214547285082, -0.45761576104021817]
    static let ddimUpdates: [(eta: Double, sigma: Double, xPrev: [Double])] = [
        (0.0, 0, [-0.005201798341651409, 0.18371444948729088, -0.24903816487077896, -0.9157877428944585, -0.5555160499263988, -1.133987861286391]),
        (0.5, 2.101327165627112e-01, [0.015536037474131605, -0.04329730669245807, -0.24361994228074688, -0.755102985532835, -0.84948893585494, -1.2385333962300829]),
        (1.0, 4.202654331254225e-01, [0.03321469836543408, -0.33847845571768287, -0.2131658759070199, -0.5628580759218751, -1.1683773980404066, -1.361231814258345]),
    ]
}
