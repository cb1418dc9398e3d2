import Diffusion
import Exercises
import Foundation

/// Lesson 10's exercises: the student's functions, the reference answers from the Diffusion
/// module, and plausible wrong answers with the hint each must draw.
public enum Lesson10Catalog {
    public static var all: [ExerciseEntry] { [interpolant.entry, conditionalVelocity.entry, velocityFromEps.entry, flowEulerStep.entry] }

    public static var interpolant: Exercise<Interpolant> {
        Exercise(name: "interpolant", lesson: "Lesson10",
                 student: Exercises.interpolant(x0:noise:t:),
                 reference: { GaussianPath.linear.interpolate(x0: $0, noise: $1, t: $2) },
                 check: checkInterpolant,
                 mistakes: [
                     Mistake("time reversed (t ↔ 1 − t)") { x0, eps, t in zip(x0, eps).map { t * $0 + (1 - t) * $1 } },
                     Mistake("the data keeps its full weight") { x0, eps, t in zip(x0, eps).map { $0 + t * $1 } },
                     Mistake("VP path's weights") { x0, eps, t in zip(x0, eps).map { (1 - t * t).squareRoot() * $0 + t * $1 } },
                 ])
    }

    public static var conditionalVelocity: Exercise<ConditionalVelocity> {
        Exercise(name: "conditionalVelocity", lesson: "Lesson10",
                 student: Exercises.conditionalVelocity(x0:noise:),
                 reference: { GaussianPath.linear.conditionalVelocity(x0: $0, noise: $1, t: 0.5) },
                 check: checkConditionalVelocity,
                 mistakes: [
                     Mistake("velocity sign flipped") { x0, eps in zip(x0, eps).map { $0 - $1 } },
                     Mistake("that is ε alone") { _, eps in eps },
                     Mistake("that is x_0 + ε") { x0, eps in zip(x0, eps).map { $0 + $1 } },
                 ])
    }

    public static var velocityFromEps: Exercise<VelocityFromEps> {
        Exercise(name: "velocityFromEps", lesson: "Lesson10",
                 student: Exercises.velocityFromEps(xt:eps:t:),
                 reference: { GaussianPath.linear.velocity(fromNoise: $1, xt: $0, t: $2) },
                 check: checkVelocityFromEps,
                 mistakes: [
                     Mistake("velocity sign flipped") { xt, eps, t in zip(eps, xt).map { ($1 - $0) / (1 - t) } },
                     Mistake("time reversed (t ↔ 1 − t)") { xt, eps, t in zip(eps, xt).map { ($0 - $1) / max(t, 1e-300) } },
                     Mistake("divide by (1 − t)") { xt, eps, _ in zip(eps, xt).map { $0 - $1 } },
                 ])
    }

    public static var flowEulerStep: Exercise<FlowEulerStep> {
        Exercise(name: "flowEulerStep", lesson: "Lesson10",
                 student: Exercises.flowEulerStep(x:velocity:t:tNext:),
                 reference: { FlowSolver.eulerStep(x: $0, velocity: $1, t: $2, s: $3) },
                 check: checkFlowEulerStep,
                 mistakes: [
                     Mistake("velocity sign flipped") { x, v, t, next in zip(x, v).map { $0 + (t - next) * $1 } },
                     Mistake("not the whole velocity") { x, v, _, _ in zip(x, v).map { $0 - $1 } },
                     Mistake("not −t") { x, v, t, _ in zip(x, v).map { $0 - t * $1 } },
                 ])
    }
}
