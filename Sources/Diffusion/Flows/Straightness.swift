/// The straightness of a flow (Liu et al. 2023, "Flow Straight and Fast"):
///
///     S(Z) = ∫_0^1 E ‖(Z_1 − Z_0) − Ż_t‖² dt,
///
/// the mean squared gap between the velocity along each path and the straight-line
/// displacement between its two ends; 0 exactly when every path is a straight line run at
/// constant speed, so that one Euler step lands where the whole path does. Here the paths run
/// from the noise (or source) at t = 1 to the data at t = 0 and Ż_t = v(Z_t, t).
/// Estimated on `steps` Euler steps from `start`: the mean over steps and samples of
/// ‖(Z_1 − Z_0) − v(Z_{t_i}, t_i)‖², with Z_0 the end of those same steps.
/// - Parameters:
///   - field: The velocity field.
///   - start: Z_1, flat.
///   - dimension: Values per sample.
///   - steps: Euler steps from t = 1 to t = 0.
/// - Returns: S and the states at t = 0.
public func straightness(_ field: some VelocityField, from start: [Double], dimension: Int,
                         steps: Int) -> (straightness: Double, end: [Double]) {
    precondition(steps >= 1 && !start.isEmpty && start.count % dimension == 0, "Straightness needs steps and whole samples.")
    var x = start, velocities: [[Double]] = []
    let h = 1 / Double(steps)
    for i in 0..<steps {
        let v = field.velocity(xt: x, t: 1 - Double(i) * h, dimension: dimension)
        velocities.append(v)
        for j in x.indices { x[j] -= h * v[j] }
    }
    // Z_1 − Z_0 = start − end, over a unit of time
    var total = 0.0
    for v in velocities {
        for j in x.indices {
            let gap = (start[j] - x[j]) - v[j]
            total += gap * gap
        }
    }
    return (total / Double(steps * start.count / dimension), x)
}
