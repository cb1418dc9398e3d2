"""Two builds of the workbook side by side: `Benchmarks unet --threads T` of each, alternating,
R rounds; each side's best steps/s per thread count, and CPU milliseconds per step from the
child's getrusage (its 40 timed and 4 warm-up steps).

    python3 bench/unet_side_by_side.py BASELINE/Benchmarks BRANCH/Benchmarks [ROUNDS]

BASELINE and BRANCH are the release builds (`swift build -c release --product Benchmarks`) of
two checkouts, e.g. a `git worktree` of an older commit beside this one."""
import json, resource, subprocess, sys
if len(sys.argv) < 3:
    sys.exit(__doc__)
R = int(sys.argv[3]) if len(sys.argv) > 3 else 3
sides = {"baseline": sys.argv[1], "branch": sys.argv[2]}
best, cpu = {}, {}
for r in range(R):
    for threads in (1, 2):
        order = list(sides) if r % 2 == 0 else list(reversed(sides))
        for side in order:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            out = subprocess.run([sides[side], "unet", "--threads", str(threads)], capture_output=True, text=True, check=True).stdout
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            m = json.loads(out.splitlines()[-1])
            c = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / (m["steps"] + max(1, min(200, m["steps"] // 10)))
            key = (side, threads)
            best[key] = max(best.get(key, 0), m["steps_per_s"]); cpu[key] = min(cpu.get(key, 9e9), c)
            print(json.dumps({"round": r + 1, "side": side, "threads": threads, "steps_per_s": round(m["steps_per_s"], 2),
                              "cpu_ms_per_step": round(1000 * c, 1), "last_loss": m["last_loss"]}), flush=True)
print("\nbest steps/s (min CPU ms per step)")
for t in (1, 2):
    b, n = best[("baseline", t)], best[("branch", t)]
    print(f"threads {t}: baseline {b:.1f} ({1000*cpu[('baseline', t)]:.1f} ms)  branch {n:.1f} ({1000*cpu[('branch', t)]:.1f} ms)  ratio {n/b:.2f}x  CPU ratio {cpu[('baseline', t)]/cpu[('branch', t)]:.2f}x")
