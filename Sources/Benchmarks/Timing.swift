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
    for _ in 0..<max(1, trials) { best = min(best, try seconds(body)) }
    return best
}

/// CPU seconds the process has used so far (all threads): on a crowded machine, the time of a
/// one-thread run that other programs do not inflate by taking the core away.
func processorSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
