/// A diversity number for class-conditional samples: the mean distance between two samples
/// of the same class, as a root-mean-square difference per value (‖x_i − x_j‖ / √d), over
/// all pairs within each class, then averaged over the classes. Identical samples score 0;
/// samples that collapse onto one picture per class lose their diversity, which guidance
/// trades for fidelity (Ho & Salimans 2022, §4).
public func withinClassDistance(_ samples: [Double], labels: [Int], dimension d: Int) -> Double {
    precondition(d >= 1 && samples.count == labels.count * d, "Each sample of \(d) values needs one label.")
    var byClass: [Int: [Int]] = [:]
    for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
    // In label order: a Dictionary's order changes from run to run, and so would the sum's last bits.
    let classes = byClass.keys.sorted().compactMap { byClass[$0] }.filter { $0.count >= 2 }
    precondition(!classes.isEmpty, "A within-class distance needs a class with at least two samples.")
    let perClass = classes.map { members -> Double in
        var total = 0.0, pairs = 0
        samples.withUnsafeBufferPointer { x in
            for (a, i) in members.enumerated() {
                for j in members[(a + 1)...] {
                    var squared = 0.0
                    for k in 0..<d {
                        let difference = x[i &* d &+ k] - x[j &* d &+ k]
                        squared += difference * difference
                    }
                    total += (squared / Double(d)).squareRoot()
                    pairs += 1
                }
            }
        }
        return total / Double(pairs)
    }
    return perClass.reduce(0, +) / Double(perClass.count)
}
