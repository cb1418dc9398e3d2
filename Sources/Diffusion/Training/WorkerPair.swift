import Foundation

/// Work split in two parts that can run at the same time on two threads. A class, so
/// handing it to the helper thread is a reference (no closure context to allocate).
protocol PartitionedWork: AnyObject {
    /// Does part 0 or part 1; the two parts must write disjoint memory.
    func run(part: Int)
}

/// The calling thread plus one helper thread that waits for work, for forks that come
/// every few hundred microseconds (a training step). Waking a sleeping thread through
/// Dispatch costs tens of microseconds per fork, a large part of a step; the helper instead
/// polls for a short while (a few hundred microseconds) after each job before it sleeps,
/// so the next step finds it awake. Between polls a waiting thread yields its core, so when other programs
/// crowd the machine the polling does not take time from the thread doing the work.
final class WorkerPair {
    /// What the two threads share, guarded by `condition`'s lock.
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var job: PartitionedWork?
        var posted = 0
        var finished = 0
        var running = true
    }

    /// Polls of the shared state before a thread sleeps (each a lock, an unlock and a yield).
    private static let pollsBeforeSleeping = 1000
    private let state = State()

    init() {
        let state = self.state
        let helper = Thread {
            var seen = 0
            while true {
                state.condition.lock()
                Self.wait(state) { state.posted != seen || !state.running }
                guard state.running, let job = state.job else {
                    state.condition.unlock()
                    return
                }
                seen = state.posted
                state.condition.unlock()
                job.run(part: 1)
                state.condition.lock()
                state.finished = seen
                state.condition.broadcast()
                state.condition.unlock()
            }
        }
        helper.name = "Diffusion.WorkerPair"
        helper.start()
    }

    deinit {
        state.condition.lock()
        state.running = false
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Runs part 0 of `work` on the calling thread and part 1 on the helper, and returns when
    /// both are done.
    func run(_ work: PartitionedWork) {
        state.condition.lock()
        state.job = work
        state.posted += 1
        let ticket = state.posted
        state.condition.broadcast()
        state.condition.unlock()
        work.run(part: 0)
        state.condition.lock()
        Self.wait(state) { state.finished == ticket }
        state.job = nil
        state.condition.unlock()
    }

    /// With the lock held, polls until `ready()` (unlocking in between), then sleeps on the
    /// condition; returns with the lock held.
    private static func wait(_ state: State, until ready: () -> Bool) {
        var polls = 0
        while !ready() {
            if polls < pollsBeforeSleeping {
                state.condition.unlock()
                sched_yield()
                polls += 1
                state.condition.lock()
            } else {
                state.condition.wait()
            }
        }
    }
}
