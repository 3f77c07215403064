#!/usr/bin/env python3
"""CPU time of one infrac command over design sizes, for one or two builds side by side.

    python3 bench/scale.py --shape topology --sizes 92,292,992,2992 \
        --base /tmp/infrac-main -- whatif --fail-each --format json

runs `infrac <args> design.infra` on each size of the chosen shape (bench/topology.py:
the layered cells; bench/wide_cluster.py: one wide active-active cluster) and prints,
per size, the child's CPU time (user + system, from wait4, best of --repeat runs: the
machine is shared, so wall time says little), the growth from the previous size as an
exponent (time ∝ n^k), and with --base the ratio of the base build's time to this one's.
Outputs of the two builds are compared byte for byte, so a speed-up that changes the
answer is reported as such.

Run by hand (not in CI). The binary defaults to target/release/infrac.
"""

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import topology  # noqa: E402
import wide_cluster  # noqa: E402

SHAPES = {"topology": topology.design, "wide": wide_cluster.design}


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu(argv, repeat, timeout):
    """Best CPU seconds of `repeat` runs, and the last run's stdout.

    The children run one at a time and are reaped before the next starts, so the growth
    of RUSAGE_CHILDREN over one run is that run's CPU time.
    """
    best, out = math.inf, b""
    for _ in range(repeat):
        before = children_cpu()
        try:
            done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout)
        except subprocess.TimeoutExpired:
            return math.inf, None
        best = min(best, children_cpu() - before)
        out = done.stdout
    return best, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shape", choices=sorted(SHAPES), default="topology")
    parser.add_argument("--sizes", default="92,292,992,2992")
    parser.add_argument("--binary", default=os.path.join(HERE, "..", "target", "release", "infrac"))
    parser.add_argument("--base", help="another infrac build to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("args", nargs="+", help="the infrac command, before the file")
    opts = parser.parse_args()
    sizes = [int(s) for s in opts.sizes.split(",")]
    builds = [("this", opts.binary)] + ([("base", opts.base)] if opts.base else [])
    header = "%8s  %8s" % ("servers", "KB") + "".join(
        "  %10s  %6s" % (name + " CPU-s", "n^k") for name, _ in builds
    )
    print("shape: %s; command: infrac %s FILE" % (opts.shape, " ".join(opts.args)))
    print(header + ("  %7s  %s" % ("base/this", "same output") if opts.base else ""))
    previous = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            text = SHAPES[opts.shape](n)
            path = os.path.join(tmp, "d%d.infra" % n)
            with open(path, "w") as f:
                f.write(text)
            line = "%8d  %8d" % (n, len(text) // 1024)
            times, outs = {}, {}
            for name, binary in builds:
                t, out = cpu([binary] + opts.args + [path], opts.repeat, opts.timeout)
                times[name], outs[name] = t, out
                growth = ""
                if name in previous and math.isfinite(t) and math.isfinite(previous[name][1]):
                    pn, pt = previous[name]
                    if pt > 0 and t > 0:
                        growth = "%.2f" % (math.log(t / pt) / math.log(n / pn))
                line += "  %10s  %6s" % ("%.3f" % t if math.isfinite(t) else "timeout", growth)
                previous[name] = (n, t)
            if opts.base:
                ratio = times["base"] / times["this"] if times["this"] > 0 else math.inf
                same = "yes" if outs["base"] == outs["this"] else "NO"
                line += "  %7.1fx  %s" % (ratio, same)
            print(line, flush=True)


if __name__ == "__main__":
    main()
