import Foundation

/// Wall-clock seconds of `body`, by the monotonic clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The fastest of `trials` timings: the least disturbed by the other work on a shared machine.
func bestOf(_ trials: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<trials { best = min(best, try seconds(body)) }
    return best
}

/// One result line: a JSON object with a `name` and its figures, keys in the given order.
func report(_ name: String, _ figures: KeyValuePairs<String, Any>) {
    var fields = ["\"name\": \"\(name)\""]
    for (key, value) in figures {
        switch value {
        case let number as Double: fields.append("\"\(key)\": \(number.isFinite ? String(format: "%.6g", number) : "null")")
        case let number as Int: fields.append("\"\(key)\": \(number)")
        default: fields.append("\"\(key)\": \"\(value)\"")
        }
    }
    print("{" + fields.joined(separator: ", ") + "}")
}
