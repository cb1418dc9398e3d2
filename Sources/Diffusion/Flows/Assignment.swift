/// The assignment problem: a permutation σ of 0…n − 1 that minimizes Σ_i C[i][σ(i)] for an
/// n × n cost matrix C (row-major). Solved exactly by the Hungarian method in its O(n³)
/// shortest-augmenting-path form (Kuhn 1955; Munkres 1957; the potentials of Edmonds & Karp
/// 1972): rows join one at a time, each along a shortest path in reduced costs
/// C[i][j] − u_i − v_j ≥ 0, after which the potentials are updated so every reduced cost stays
/// non-negative and those on the matching are 0, the certificate of optimality.
/// - Parameters:
///   - cost: C, n × n values, row after row.
///   - n: The number of rows and columns.
/// - Returns: σ, the column assigned to each row.
public func optimalAssignment(cost: [Double], n: Int) -> [Int] {
    precondition(n >= 1 && cost.count == n * n, "The assignment problem needs an n × n cost matrix (n ≥ 1).")
    precondition(cost.allSatisfy(\.isFinite), "The assignment problem needs finite costs.")
    // Columns 1…n are real; column 0 is a virtual start. rowOf[j] is the row matched to column j.
    var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: n + 1)
    var rowOf = [Int](repeating: 0, count: n + 1), previous = [Int](repeating: 0, count: n + 1)
    var distance = [Double](repeating: 0, count: n + 1), used = [Bool](repeating: false, count: n + 1)
    for row in 1...n {
        // 1. grow a shortest-path tree from the free row, Dijkstra on reduced costs
        rowOf[0] = row
        var column = 0
        for j in 0...n { distance[j] = .infinity; used[j] = false }
        repeat {
            used[column] = true
            let i = rowOf[column]
            var delta = Double.infinity, next = 0
            for j in 1...n where !used[j] {
                let reduced = cost[(i - 1) * n + j - 1] - u[i] - v[j]
                if reduced < distance[j] { distance[j] = reduced; previous[j] = column }
                if distance[j] < delta { delta = distance[j]; next = j }
            }
            // 2. move the potentials by the shortest distance: tree edges stay tight
            for j in 0...n {
                if used[j] { u[rowOf[j]] += delta; v[j] -= delta } else { distance[j] -= delta }
            }
            column = next
        } while rowOf[column] != 0
        // 3. augment along the path back to the virtual column
        repeat {
            let before = previous[column]
            rowOf[column] = rowOf[before]
            column = before
        } while column != 0
    }
    var assignment = [Int](repeating: 0, count: n)
    for j in 1...n { assignment[rowOf[j] - 1] = j - 1 }
    return assignment
}

/// Minibatch optimal-transport coupling (Tong et al. 2023, "Improving and Generalizing
/// Flow-Based Generative Models with Minibatch Optimal Transport", OT-CFM; Pooladian et al. 2023,
/// "Multisample Flow Matching"): the points are cut into consecutive batches of `batch`, and
/// within each batch the sources are re-ordered by the exact assignment that minimizes the total
/// squared distance Σ_i ‖x_0,i − x_1,σ(i)‖² to the targets.
/// - Parameters:
///   - sources: The points at t = 1 (noise), as many as `targets`.
///   - targets: The data points at t = 0.
///   - batch: The batch size within which pairs are matched.
/// - Returns: The sources, re-ordered so source i goes with target i.
public func minibatchOptimalTransport(sources: [SIMD2<Double>], targets: [SIMD2<Double>], batch: Int) -> [SIMD2<Double>] {
    precondition(sources.count == targets.count, "Minibatch OT pairs as many sources as targets.")
    precondition(batch >= 1, "The OT batch needs at least one point.")
    var paired = sources
    for start in stride(from: 0, to: targets.count, by: batch) {
        let end = min(targets.count, start + batch), n = end - start
        var cost = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                let d = targets[start + i] - sources[start + j]
                cost[i * n + j] = (d * d).sum()
            }
        }
        for (i, j) in optimalAssignment(cost: cost, n: n).enumerated() { paired[start + i] = sources[start + j] }
    }
    return paired
}
