"""Runs the workbook's `Benchmarks` and the PyTorch versions of the same networks
(torch_networks.py) back to back, alternating, on the same machine, and prints each side's
best steps/s per thread count and the ratio Swift / PyTorch at each side's best thread count.

usage: python bench/compare.py [tutorial default unet] [--rounds 3] [--steps N]
       (run from the repository root, with the Python that has torch; builds Benchmarks first)
"""
import argparse, json, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
p.add_argument("models", nargs="*", default=["tutorial", "default", "unet"])
p.add_argument("--rounds", type=int, default=3, help="alternations of the two sides (the best of each is kept)")
p.add_argument("--steps", type=int, help="timed steps per measurement (default: each side's default)")
a = p.parse_args()

subprocess.run(["swift", "build", "-c", "release", "--product", "Benchmarks"], cwd=ROOT, check=True,
               stdout=subprocess.DEVNULL)
steps = ["--steps", str(a.steps)] if a.steps else []
swift = [os.path.join(ROOT, ".build", "release", "Benchmarks"), *a.models, "--threads", "1", "2", *steps]
torch = [sys.executable, os.path.join(ROOT, "bench", "torch_networks.py"), *a.models, "--threads", "1", "2", *steps]

best = {}  # (side, name, threads) -> steps/s
per_cpu = {}  # (side, name) -> steps per CPU-second with one thread
for round in range(a.rounds):
    for side, command in (("swift", swift), ("torch", torch)) if round % 2 == 0 else (("torch", torch), ("swift", swift)):
        out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = json.loads(line)
            key = (side, m["name"], m["threads"])
            best[key] = max(best.get(key, 0), m["steps_per_s"])
            if m["threads"] == 1:
                per_cpu[(side, m["name"])] = max(per_cpu.get((side, m["name"]), 0), m["steps"] / m["cpu_seconds"])
            print(json.dumps({"round": round + 1, "side": side, **{k: m[k] for k in ("name", "threads", "steps_per_s")}}), flush=True)

print(f"\nsteps/s (wall clock, best of {a.rounds}); ratio = best Swift / best PyTorch, each at its best thread count;")
print("per CPU-s = one-thread steps per CPU-second (what a quiet core would do), and its ratio")
print(f"{'network':16} {'Swift 1 thr':>12} {'Swift 2 thr':>12} {'torch 1 thr':>12} {'torch 2 thr':>12} {'ratio':>7}"
      f" {'Swift/CPU-s':>12} {'torch/CPU-s':>12} {'ratio':>7}")
for name in sorted({k[1] for k in best}):
    row = [best.get((side, name, t), float("nan")) for side in ("swift", "torch") for t in (1, 2)]
    ratio = max(row[0], row[1]) / max(row[2], row[3])
    cpu = [per_cpu.get((side, name), float("nan")) for side in ("swift", "torch")]
    print(f"{name:16} {row[0]:12.1f} {row[1]:12.1f} {row[2]:12.1f} {row[3]:12.1f} {ratio:6.2f}x"
          f" {cpu[0]:12.1f} {cpu[1]:12.1f} {cpu[0] / cpu[1]:6.2f}x")
