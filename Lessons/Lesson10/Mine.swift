import Diffusion
import ExerciseChecks
import Workbook

/// `--mine` for Lesson10: the loss cell makes every x_t with the learner's `interpolant` and
/// every target with `conditionalVelocity`; the equivalence cell turns each ε̂ into a velocity
/// with `velocityFromEps` and takes every Euler step of the flow with `flowEulerStep`; each is
/// compared with the reference. Training, the solvers' comparisons and the couplings stay the
/// module's. Without `--mine`, or when not attempted, the module computes.
struct Mine {
    static let help =
        "Make the loss cell's x_t and targets with your interpolant and conditionalVelocity, and the "
        + "equivalence cell's velocities and Euler steps with your velocityFromEps and flowEulerStep "
        + "(Sources/Exercises/Lesson10.swift), each compared with the reference; training and the other cells stay "
        + "the module's; not attempted uses the reference."
    let interpolant: YourAnswer<Interpolant>?
    let conditionalVelocity: YourAnswer<ConditionalVelocity>?
    let velocityFromEps: YourAnswer<VelocityFromEps>?
    let flowEulerStep: YourAnswer<FlowEulerStep>?

    /// Runs the checks, and each answer on the lesson's edge times, before the lesson writes
    /// anything; the exercises carry the answers, the learner's unless a test passes others.
    init(
        enabled: Bool, interpolant: Exercise<Interpolant> = Lesson10Catalog.interpolant,
        conditionalVelocity: Exercise<ConditionalVelocity> = Lesson10Catalog.conditionalVelocity,
        velocityFromEps: Exercise<VelocityFromEps> = Lesson10Catalog.velocityFromEps,
        flowEulerStep: Exercise<FlowEulerStep> = Lesson10Catalog.flowEulerStep
    ) throws(MineError) {
        let x = [0.5, -0.5]
        self.interpolant =
            enabled
            ? try YourAnswer(interpolant) { f in
                for t in [0.0, 1.0] {
                    _ = try f(
                        x, x,
                        t)
                }
            } : nil
        self.conditionalVelocity = enabled ? try YourAnswer(conditionalVelocity) { f in _ = try f(x, x) } : nil
        self.velocityFromEps =
            enabled
            ? try YourAnswer(velocityFromEps) { f in
                for t in [0.0, 0.99] {
                    _ = try f(
                        x, x,
                        t)
                }
            } : nil
        self.flowEulerStep = enabled ? try YourAnswer(flowEulerStep) { f in _ = try f(x, x, 1, 0) } : nil
    }

    /// x_t = (1 − t) x_0 + t ε.
    func interpolate(x0: [Double], noise: [Double], t: Double) -> [Double] {
        let reference = GaussianPath.linear.interpolate(x0: x0, noise: noise, t: t)
        guard let interpolant else { return reference }
        return orFail {
            try interpolant.values(
                reference: reference,
                at: "t = \(Format.number(t, digits: 3))"
            ) { try $0(x0, noise, t) }
        }
    }

    /// u = ε − x_0.
    func target(x0: [Double], noise: [Double]) -> [Double] {
        let reference = GaussianPath.linear.conditionalVelocity(x0: x0, noise: noise, t: 0.5)
        guard let conditionalVelocity else { return reference }
        return orFail { try conditionalVelocity.values(reference: reference, at: "value") { try $0(x0, noise) } }
    }

    /// v = (ε̂ − x_t)/(1 − t).
    func velocity(xt: [Double], eps: [Double], t: Double) -> [Double] {
        let reference = GaussianPath.linear.velocity(fromNoise: eps, xt: xt, t: t)
        guard let velocityFromEps else { return reference }
        return orFail {
            try velocityFromEps.values(
                reference: reference,
                at: "t = \(Format.number(t, digits: 4))"
            ) { try $0(xt, eps, t) }
        }
    }

    /// x + (t′ − t) v.
    func eulerStep(x: [Double], velocity: [Double], t: Double, tNext: Double) -> [Double] {
        let reference = FlowSolver.eulerStep(x: x, velocity: velocity, t: t, s: tNext)
        guard let flowEulerStep else { return reference }
        return orFail {
            try flowEulerStep.values(
                reference: reference,
                at: "t = \(Format.number(t, digits: 4))"
            ) { try $0(x, velocity, t, tNext) }
        }
    }
}
