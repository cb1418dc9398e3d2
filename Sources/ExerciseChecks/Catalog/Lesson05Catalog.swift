import Diffusion
import Exercises

/// Lesson 05's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson05Catalog {
    public static var all: [ExerciseEntry] { [reverseVariance.entry, ddpmStep.entry, predictX0Clipped.entry, ddpmSample.entry] }

    public static var reverseVariance: Exercise<SigmaSquared> {
        Exercise(name: "reverseVariance", lesson: "Lesson05",
                 student: Exercises.reverseVariance(t:betas:alphaBars:useBetaTilde:),
                 reference: { t, betas, _, useBetaTilde in NoiseSchedule(betas: betas).sigmaSquared(t, useBetaTilde: useBetaTilde) },
                 check: checkReverseVariance,
                 mistakes: [
                     Mistake("the variance choice is swapped") { t, betas, _, useBetaTilde in
                         NoiseSchedule(betas: betas).sigmaSquared(t, useBetaTilde: !useBetaTilde)
                     },
                     Mistake("without a square root") { t, betas, _, useBetaTilde in
                         NoiseSchedule(betas: betas).sigmaSquared(t, useBetaTilde: useBetaTilde).squareRoot()
                     },
                     Mistake("ᾱ_0 = 1") { t, betas, alphaBars, useBetaTilde in
                         let previous = t > 1 ? alphaBars[t - 2] : 0
                         return useBetaTilde ? betas[t - 1] * (1 - previous) / (1 - alphaBars[t - 1]) : betas[t - 1]
                     },
                 ])
    }

    public static var ddpmStep: Exercise<DDPMStep> {
        Exercise(name: "ddpmStep", lesson: "Lesson05",
                 student: Exercises.ddpmStep(xt:t:epsHat:z:betas:alphaBars:useBetaTilde:),
                 reference: { xt, t, epsHat, z, betas, _, useBetaTilde in
                     ReverseStep.ddpm(schedule: NoiseSchedule(betas: betas), t: t, variance: useBetaTilde ? .betaTilde : .beta)
                         .update(xt: xt, eps: epsHat, noise: z)
                 },
                 check: checkDDPMStep,
                 mistakes: [
                     Mistake("z = 0 at t = 1") { xt, t, epsHat, z, betas, _, useBetaTilde in
                         noisyMean(xt, t, epsHat, z, betas, useBetaTilde) { $0.squareRoot() }
                     },
                     Mistake("σ_t = √σ_t² multiplies z") { xt, t, epsHat, z, betas, _, useBetaTilde in
                         noisyMean(xt, t, epsHat, z, betas, useBetaTilde) { t == 1 ? 0 : $0 }
                     },
                     Mistake("add σ_t z") { xt, t, epsHat, _, betas, _, _ in
                         NoiseSchedule(betas: betas).meanFromEps(xt: xt, t: t, eps: epsHat)
                     },
                     Mistake("ᾱ_t where α_t belongs", alphaBarForAlpha),
                     // β̃_t written with alphaBars[t - 2] for ᾱ_{t−1}: right until t = 1, where it reads alphaBars[-1].
                     Mistake("alphaBars[t - 2] at t = 1", traps: true) { xt, t, epsHat, z, betas, alphaBars, useBetaTilde in
                         let b = betas[t - 1], a = alphaBars[t - 1]
                         let variance = useBetaTilde ? b * (1 - alphaBars[t - 2]) / (1 - a) : b
                         let sigma = t == 1 ? 0 : variance.squareRoot()
                         return zip(NoiseSchedule(betas: betas).meanFromEps(xt: xt, t: t, eps: epsHat), z).map { $0 + sigma * $1 }
                     },
                 ])
    }

    public static var predictX0Clipped: Exercise<PredictX0Clipped> {
        Exercise(name: "predictX0Clipped", lesson: "Lesson05",
                 student: Exercises.predictX0Clipped(xt:t:epsHat:alphaBars:),
                 reference: { xt, t, epsHat, alphaBars in
                     ReverseStep.ddpm(schedule: NoiseSchedule(alphaBars: alphaBars), t: t, variance: .beta, clipping: .range(-1...1))
                         .predictedX0(xt: xt, eps: epsHat)
                 },
                 check: checkPredictX0Clipped,
                 mistakes: [
                     Mistake("clip every value of x̂_0") { xt, t, epsHat, alphaBars in
                         NoiseSchedule(alphaBars: alphaBars).predictX0(xt: xt, t: t, eps: epsHat)
                     },
                     Mistake("not 0…1") { xt, t, epsHat, alphaBars in
                         NoiseSchedule(alphaBars: alphaBars).predictX0(xt: xt, t: t, eps: epsHat).map { min(max($0, 0), 1) }
                     },
                     Mistake("not x_t before") { xt, t, epsHat, alphaBars in
                         let a = alphaBars[t - 1]
                         return zip(xt, epsHat).map { (min(max($0, -1), 1) - (1 - a).squareRoot() * $1) / a.squareRoot() }
                     },
                 ])
    }

    public static var ddpmSample: Exercise<DDPMSample> {
        Exercise(name: "ddpmSample", lesson: "Lesson05",
                 student: Exercises.ddpmSample(xT:epsHat:z:betas:alphaBars:useBetaTilde:),
                 reference: { xT, epsHat, z, betas, _, useBetaTilde in
                     DDPMSampler(schedule: NoiseSchedule(betas: betas), variance: useBetaTilde ? .betaTilde : .beta).steps.reduce(xT) { x, step in
                         step.update(xt: x, eps: epsHat(x, step.from), noise: z(step.from))
                     }
                 },
                 check: checkDDPMSample,
                 mistakes: [
                     Mistake("your loop asked epsHat for t = 1, 2, 3") { xT, epsHat, z, betas, _, useBetaTilde in
                         (1...betas.count).reduce(xT) { x, t in
                             noisyMean(x, t, epsHat(x, t), z(t), betas, useBetaTilde) { t == 1 ? 0 : $0.squareRoot() }
                         }
                     },
                     Mistake("your loop asked epsHat for t = 9, 8") { xT, epsHat, z, betas, _, useBetaTilde in
                         (1..<betas.count).reversed().reduce(xT) { x, t in
                             noisyMean(x, t, epsHat(x, t), z(t), betas, useBetaTilde) { t == 1 ? 0 : $0.squareRoot() }
                         }
                     },
                     Mistake("z = 0 at t = 1") { xT, epsHat, z, betas, _, useBetaTilde in
                         (1...betas.count).reversed().reduce(xT) { x, t in
                             noisyMean(x, t, epsHat(x, t), z(t), betas, useBetaTilde) { $0.squareRoot() }
                         }
                     },
                     // The loop of Algorithm 2, calling a ddpmStep with a mistake of its own.
                     Mistake("your loop is right, but ddpmStep is not") { xT, epsHat, z, betas, alphaBars, useBetaTilde in
                         (1...betas.count).reversed().reduce(xT) { x, t in
                             alphaBarForAlpha(x, t, epsHat(x, t), z(t), betas, alphaBars, useBetaTilde)
                         }
                     },
                     // `while t >= 1` without `t -= 1`: the loop never ends.
                     Mistake("t never decreases", hangs: true) { xT, epsHat, z, betas, _, useBetaTilde in
                         var x = xT
                         let t = betas.count
                         while t >= 1 { x = noisyMean(x, t, epsHat(x, t), z(t), betas, useBetaTilde) { $0.squareRoot() } }
                         return x
                     },
                 ])
    }

    /// ddpmStep with ᾱ_t where α_t belongs: x_{t−1} = (x_t − β_t/√(1 − ᾱ_t) ε̂)/√ᾱ_t + σ_t z.
    private static func alphaBarForAlpha(_ xt: [Double], _ t: Int, _ epsHat: [Double], _ z: [Double], _ betas: [Double],
                                         _ alphaBars: [Double], _ useBetaTilde: Bool) -> [Double] {
        let schedule = NoiseSchedule(betas: betas), a = alphaBars[t - 1], b = betas[t - 1]
        let sigma = t == 1 ? 0 : schedule.sigmaSquared(t, useBetaTilde: useBetaTilde).squareRoot()
        return (0..<xt.count).map { (xt[$0] - b / (1 - a).squareRoot() * epsHat[$0]) / a.squareRoot() + sigma * z[$0] }
    }

    /// eq. 11's mean plus `scale(σ_t²)` z: the wrong answers vary only how the noise is scaled.
    private static func noisyMean(_ xt: [Double], _ t: Int, _ epsHat: [Double], _ z: [Double], _ betas: [Double],
                                  _ useBetaTilde: Bool, scale: (Double) -> Double) -> [Double] {
        let schedule = NoiseSchedule(betas: betas)
        let sigma = scale(schedule.sigmaSquared(t, useBetaTilde: useBetaTilde))
        return zip(schedule.meanFromEps(xt: xt, t: t, eps: epsHat), z).map { $0 + sigma * $1 }
    }
}
