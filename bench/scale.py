#!/usr/bin/env python3
"""CPU time of one infrac command over design sizes, for one or two builds side by side.

    python3 bench/scale.py --shape topology --sizes 92,292,992,2992 \
        --base /tmp/infrac-main -- whatif --fail-each --format json

runs `infrac <args> design.infra` on each size of the chosen shape (bench/topology.py:
the layered cells; bench/wide_cluster.py: one wide active-active cluster) and prints,
per size, the child's CPU time (user + system, from wait4, best of --repeat runs: the
machine is shared, so wall time says little), the growth from the previous size as an
exponent (time ∝ n^k), the child's peak resident set (wait4's ru_maxrss, in MB, the
largest of the runs), and with --base the ratio of the base build's time to this one's.
Outputs of the two builds are compared byte for byte, so a speed-up that changes the
answer is reported as such.

Run by hand (not in CI). The binary defaults to target/release/infrac.
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import topology  # noqa: E402
import wide_cluster  # noqa: E402

SHAPES = {"topology": topology.design, "wide": wide_cluster.design}


def run_once(argv, timeout):
    """One run: its CPU seconds, peak RSS in MB and stdout, all from its own wait4 rusage
    (RUSAGE_CHILDREN's maxrss is the largest of every child so far, not this one's)."""
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL)
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode < 0:
            return math.inf, math.inf, None
        out.seek(0)
        return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read()


def cpu(argv, repeat, timeout):
    """Best CPU seconds of `repeat` runs, the largest peak RSS and the last run's stdout."""
    best, rss, out = math.inf, 0.0, b""
    for _ in range(repeat):
        t, peak, out = run_once(argv, timeout)
        if out is None:
            return math.inf, math.inf, None
        best, rss = min(best, t), max(rss, peak)
    return best, rss, out


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
        "  %10s  %6s  %7s" % (name + " CPU-s", "n^k", "peak MB") for name, _ in builds
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
                t, rss, out = cpu([binary] + opts.args + [path], opts.repeat, opts.timeout)
                times[name], outs[name] = t, out
                growth = ""
                if name in previous and math.isfinite(t) and math.isfinite(previous[name][1]):
                    pn, pt = previous[name]
                    if pt > 0 and t > 0:
                        growth = "%.2f" % (math.log(t / pt) / math.log(n / pn))
                line += "  %10s  %6s  %7s" % (
                    "%.3f" % t if math.isfinite(t) else "timeout",
                    growth,
                    "%.0f" % rss if math.isfinite(rss) else "-",
                )
                previous[name] = (n, t)
            if opts.base:
                ratio = times["base"] / times["this"] if times["this"] > 0 else math.inf
                same = "yes" if outs["base"] == outs["this"] else "NO"
                line += "  %7.1fx  %s" % (ratio, same)
            print(line, flush=True)


if __name__ == "__main__":
    main()
