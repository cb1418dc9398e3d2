import Diffusion

/// The solvers the lesson compares, each built for a budget of model calls.
enum SolverChoice: String, CaseIterable {
    case ddim, heun, dpmKarras, dpmKarrasLowerOrderFinal, dpmLogSNR

    /// The name in tables, the CSV and the legend.
    var name: String {
        switch self {
        case .ddim: return "DDIM (Euler on uniform t)"
        case .heun: return "Heun (Karras ρ = 7)"
        case .dpmKarras: return "DPM-Solver++(2M) (Karras ρ = 7)"
        case .dpmKarrasLowerOrderFinal: return "DPM-Solver++(2M) with lower-order final (Karras ρ = 7)"
        case .dpmLogSNR: return "DPM-Solver++(2M) (uniform log-SNR)"
        }
    }

    /// A short name for narrow tables.
    var short: String {
        switch self {
        case .ddim: return "DDIM"
        case .heun: return "Heun"
        case .dpmKarras: return "DPM++ Karras"
        case .dpmKarrasLowerOrderFinal: return "DPM++ Karras lower final"
        case .dpmLogSNR: return "DPM++ log-SNR"
        }
    }

    /// The solver that spends at most `calls` model calls. Heun pays two calls per step
    /// (one for the last, to σ = 0), so it gets (calls + 1)/2 steps.
    func solver(calls: Int, schedule: NoiseSchedule) -> any ProbabilityFlowSolver {
        switch self {
        case .ddim: return EulerSolver(schedule: schedule, steps: calls, grid: .uniform)
        case .heun: return HeunSolver(schedule: schedule, steps: (calls + 1) / 2, grid: .karras(rho: 7))
        case .dpmKarras: return DPMSolverPlusPlus2M(schedule: schedule, steps: calls, grid: .karras(rho: 7))
        case .dpmKarrasLowerOrderFinal:
            return DPMSolverPlusPlus2M(schedule: schedule, steps: calls, grid: .karras(rho: 7), firstOrderFinalSteps: 2)
        case .dpmLogSNR: return DPMSolverPlusPlus2M(schedule: schedule, steps: calls, grid: .logSNR)
        }
    }
}
