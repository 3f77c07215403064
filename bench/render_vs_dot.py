#!/usr/bin/env python3
"""infrac render against Graphviz dot on the same graphs, in the same run.

Two generators, so dot is not only measured on what infrac's own export makes of a graph:

  clustered  bench/topology.py as .infra, given to dot through `infrac render --format
             dot` — the very graph infrac lays out: servers as clusters of their
             components, every flow an edge with its label;
  flat       bench/flat_topology.py, which writes the .infra and the DOT itself (one
             plain box per server, the same edges), without infrac.

For each size and generator it runs

    infrac render --expand X.infra -o X.svg      (parse, lint, lay out, paint)
    dot -Tsvg X.dot -o X.dot.svg                 (lay out, paint)

and reports CPU seconds (user + system, from the kernel's rusage of each tool's own
process), peak RSS (from a run under GNU time, `/usr/bin/time -f "%M"`), and in both SVGs the boxes that overlap and the points where two different nets cross.

What the counts count. A *net* is what infrac draws as one bundle: one flow hop from
one source to several targets (or several sources to one target). dot draws each hop
of a net as its own edge; every DOT edge carries its net in `class="net<k>"` (infrac's
export writes it, and so does the flat generator), and dot's edges are grouped by it —
so in both drawings a crossing is a point where paths of two different nets cross
properly (not at an end), counted once per point, and branches of one net never count
against each other. Boxes are read from rects, polygons, ellipses and paths (dot draws
`style=rounded` boxes as paths); an overlap is a pair of node boxes that intersect.

Run by hand (not in CI): python3 bench/render_vs_dot.py [--sizes 100,300,1000,3000]
    [--generators clustered,flat]
Needs Graphviz, GNU time and numpy: apt-get install graphviz time; pip install numpy
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict

try:
    import numpy as np
except ImportError:
    sys.exit("numpy is needed to count crossings: pip install numpy")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flat_topology  # noqa: E402
import topology  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"
GNU_TIME = "/usr/bin/time"


def run(argv, repeat):
    """Least CPU seconds (user + system) of `repeat` runs, and the peak RSS in MB.

    CPU time is the kernel's rusage of the tool's own process (`os.wait4` on a direct
    child, microseconds): its exec, its dynamic loading, its work and its exit, nothing
    else. It used to be taken around GNU time, which added GNU time's own start (about
    0.8 ms, as much as a whole `/bin/true`) to both tools: 4 % of dot's 100-server run,
    20 % of infrac's, so the ratio leaned towards 1. CPU time, not wall time: the machine
    is shared.

    Peak RSS comes from one further run under GNU time (`%M`): a child forked from this
    Python process would report the interpreter's pages as its own, GNU time's child does
    not. Its CPU time is not used.
    """
    best = float("inf")
    for _ in range(repeat):
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{argv[0]} failed: {stderr}")
        best = min(best, usage.ru_utime + usage.ru_stime)
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name] + argv, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kilobytes = float(report.read().strip().splitlines()[-1])
    return best, kilobytes / 1024.0


# ---- reading the drawings ----

NUM = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def polylines(d):
    """Polylines of an SVG path using M, L and C commands (absolute), cubics flattened."""
    lines, current, pos = [], [], None
    for cmd, args in re.findall(r"([MLC])([^MLC]*)", d):
        nums = [float(n) for n in NUM.findall(args)]
        if cmd == "M":
            if len(current) > 1:
                lines.append(current)
            pos = (nums[0], nums[1])
            current = [pos]
            nums = nums[2:]
            cmd = "L"
        if cmd == "L":
            for i in range(0, len(nums) - 1, 2):
                pos = (nums[i], nums[i + 1])
                current.append(pos)
        elif cmd == "C":
            for i in range(0, len(nums) - 5, 6):
                p0, p1, p2, p3 = pos, (nums[i], nums[i + 1]), (nums[i + 2], nums[i + 3]), (nums[i + 4], nums[i + 5])
                for k in range(1, 9):
                    t = k / 8.0
                    a, b, c, e = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
                    current.append((a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                                    a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1]))
                pos = p3
    if len(current) > 1:
        lines.append(current)
    return lines


def classes(el):
    return (el.get("class") or "").split()


def read_svg(path):
    """(boxes, nets): boxes as (x0, y0, x1, y1); nets as sets of segments.

    An infrac edge group is one net already. A dot edge names its net in its class
    (`net<k>`); dot edges of one net are merged into one set.
    """
    root = ET.parse(path).getroot()
    boxes, nets = [], {}
    for g in root.iter(SVG + "g"):
        cls = classes(g)
        if "node" in cls:
            box = node_box(g)
            if box:
                boxes.append(box)
        elif "edge" in cls:
            net = next((c for c in cls if c.startswith("net")), None) or ("own", len(nets))
            segments = nets.setdefault(net, set())
            for p in g.iter(SVG + "path"):
                for line in polylines(p.get("d", "")):
                    for a, b in zip(line, line[1:]):
                        if a != b:
                            segments.add((a, b) if a <= b else (b, a))
    return boxes, [s for s in nets.values() if s]


def node_box(g):
    rect = g.find(SVG + "rect")
    if rect is not None:
        x, y = float(rect.get("x")), float(rect.get("y"))
        return (x, y, x + float(rect.get("width")), y + float(rect.get("height")))
    for shape in g:
        if shape.tag == SVG + "polygon":
            pts = [float(n) for n in NUM.findall(shape.get("points", ""))]
            xs, ys = pts[0::2], pts[1::2]
            return (min(xs), min(ys), max(xs), max(ys))
        if shape.tag == SVG + "path":
            points = [p for line in polylines(shape.get("d", "")) for p in line]
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                return (min(xs), min(ys), max(xs), max(ys))
        if shape.tag == SVG + "ellipse":
            cx, cy = float(shape.get("cx")), float(shape.get("cy"))
            rx, ry = float(shape.get("rx")), float(shape.get("ry"))
            return (cx - rx, cy - ry, cx + rx, cy + ry)
    return None


def overlaps(boxes):
    boxes = sorted(boxes)
    count, active = 0, []
    for b in boxes:
        active = [a for a in active if a[2] > b[0] + 0.5]
        count += sum(1 for a in active if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5)
        active.append(b)
    return count


CELL = 32.0
PAIRS_PER_STEP = 2_000_000


def crossings(edges):
    """Points where segments of two different edges cross properly (not at endpoints).

    Segments are bucketed in a grid; each cell tests its pairs at once with numpy, and a
    crossing counts in the one cell that holds its point, so nothing is counted twice.
    Branches of one path overlap on their trunk; a point where they meet another path
    counts once.
    """
    grid = defaultdict(list)
    for e, segments in enumerate(edges):
        for (x0, y0), (x1, y1) in segments:
            for cx in range(int(min(x0, x1) // CELL), int(max(x0, x1) // CELL) + 1):
                for cy in range(int(min(y0, y1) // CELL), int(max(y0, y1) // CELL) + 1):
                    grid[(cx, cy)].append((x0, y0, x1, y1, e))
    found = []
    for (cx, cy), items in grid.items():
        if len(items) < 2:
            continue
        arr = np.array(items)
        chunk = max(1, PAIRS_PER_STEP // len(arr))
        for start in range(0, len(arr), chunk):
            a = arr[start:start + chunk, None, :]
            b = arr[None, :, :]
            ax, ay, bx, by, ea = a[..., 0], a[..., 1], a[..., 2], a[..., 3], a[..., 4]
            cx_, cy_, dx, dy, eb = b[..., 0], b[..., 1], b[..., 2], b[..., 3], b[..., 4]
            rx, ry, sx, sy = bx - ax, by - ay, dx - cx_, dy - cy_
            den = rx * sy - ry * sx
            with np.errstate(divide="ignore", invalid="ignore"):
                u = ((cx_ - ax) * sy - (cy_ - ay) * sx) / den
                v = ((cx_ - ax) * ry - (cy_ - ay) * rx) / den
                u = np.where(np.isfinite(u), u, -1.0)
                v = np.where(np.isfinite(v), v, -1.0)
            eps = 1e-6
            hit = (ea < eb) & (np.abs(den) > 1e-12) & (u > eps) & (u < 1 - eps) & (v > eps) & (v < 1 - eps)
            if not hit.any():
                continue
            px = (ax + u * rx)[hit]
            py = (ay + u * ry)[hit]
            own = (np.floor(px / CELL) == cx) & (np.floor(py / CELL) == cy)
            e1 = np.broadcast_to(ea, hit.shape)[hit][own]
            e2 = np.broadcast_to(eb, hit.shape)[hit][own]
            found.append(np.stack([e1, e2, np.round(px[own], 1), np.round(py[own], 1)], axis=1))
    if not found:
        return 0
    # Overlapping branches of one drawn path meet another path at one point: count it once.
    return int(np.unique(np.concatenate(found), axis=0).shape[0])


# ---- the run ----

def write_inputs(generator, size, base, infrac):
    """The design as .infra and as DOT, from the chosen generator."""
    if generator == "flat":
        infra, dot = flat_topology.infra(size), flat_topology.dot(size)
        with open(base + ".infra", "w") as f:
            f.write(infra)
        with open(base + ".dot", "w") as f:
            f.write(dot)
        return
    with open(base + ".infra", "w") as f:
        f.write(topology.design(size))
    with open(base + ".dot", "w") as f:
        subprocess.run([infrac, "render", "--expand", base + ".infra", "--format", "dot"], stdout=f, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000,3000")
    parser.add_argument("--generators", default="clustered,flat")
    parser.add_argument("--infrac", default=os.path.join(ROOT, "target/release/infrac"))
    parser.add_argument("--keep", help="keep the generated files in this directory")
    args = parser.parse_args()
    if not shutil.which("dot"):
        sys.exit("Graphviz is needed: apt-get install graphviz")
    if not os.path.exists(GNU_TIME):
        sys.exit("GNU time is needed for peak memory: apt-get install time")
    if not os.path.exists(args.infrac):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = args.keep or tempfile.mkdtemp(prefix="infrac-bench-")
    os.makedirs(work, exist_ok=True)
    dot_version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print(f"{dot_version}; infrac {args.infrac}; work files in {work}\n")
    header = ("| graph | servers | boxes | edges (nets) | infrac CPU | dot CPU | CPU ratio "
              "| infrac peak RSS | dot peak RSS | crossings infrac / dot | overlaps infrac / dot |")
    print(header)
    print("|" + "---|" * 11)
    for generator in args.generators.split(","):
        for size in [int(s) for s in args.sizes.split(",")]:
            base = os.path.join(work, f"{generator}{size}")
            write_inputs(generator, size, base, args.infrac)
            # Runs of a few milliseconds vary most on a shared machine: take more of them.
            repeat = 15 if size <= 100 else 5 if size <= 300 else 3 if size <= 1000 else 1
            t_infrac, m_infrac = run([args.infrac, "render", "--expand", base + ".infra", "-o", base + ".svg"], repeat)
            t_dot, m_dot = run(["dot", "-Tsvg", base + ".dot", "-o", base + ".dot.svg"], 1 if size > 300 else repeat)
            boxes_i, nets_i = read_svg(base + ".svg")
            boxes_d, nets_d = read_svg(base + ".dot.svg")
            servers = len(re.findall(r"^server ", open(base + ".infra").read(), re.M))
            dot_text = open(base + ".dot").read()
            edge_count = dot_text.count(" -> ")
            net_count = len(set(re.findall(r'class="(net\d+)"', dot_text)))
            print(f"| {generator} | {servers} | {len(boxes_d)} | {edge_count} ({net_count}) "
                  f"| {t_infrac * 1000:.1f} ms | {t_dot * 1000:.1f} ms | {t_infrac / max(t_dot, 1e-9):.3f}× "
                  f"| {m_infrac:.0f} MB | {m_dot:.0f} MB "
                  f"| {crossings(nets_i)} / {crossings(nets_d)} | {overlaps(boxes_i)} / {overlaps(boxes_d)} |",
                  flush=True)


if __name__ == "__main__":
    main()
