#!/usr/bin/env python3
"""infrac render against Graphviz dot on the same graphs, in the same run.

For each size the script writes the benchmark topology (bench/topology.py) as .infra,
exports it with `infrac render --format dot` — the very graph infrac lays out: servers
as clusters of their components, every flow an edge with its label — and times

    infrac render --expand X.infra -o X.svg      (parse, lint, lay out, paint)
    dot -Tsvg X.dot -o X.dot.svg                 (lay out, paint)

It reports wall time, peak memory (the child's max RSS), and in both SVGs the boxes
that overlap and the points where two different edges cross. An infrac net (one flow
hop to many receivers) is drawn as one path whose branches share their trunk; crossings
are counted between different paths, once per point, in both drawings.

Run by hand (not in CI): python3 bench/render_vs_dot.py [--sizes 10,100,300,1000,3000]
Needs Graphviz, GNU time and numpy: apt-get install graphviz time; pip install numpy
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import defaultdict

try:
    import numpy as np
except ImportError:
    sys.exit("numpy is needed to count crossings: pip install numpy")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import topology  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVG = "{http://www.w3.org/2000/svg}"
GNU_TIME = "/usr/bin/time"


def run(argv, repeat):
    """Best wall time of `repeat` runs, and the largest peak RSS in MB.

    Memory is read by GNU time: a child forked from this Python process would report
    the interpreter's pages as its own.
    """
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r") as report:
            start = time.perf_counter()
            proc = subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name] + argv,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                sys.exit(f"{argv[0]} failed: {proc.stderr}")
            kilobytes = float(report.read().strip().splitlines()[-1])
        best = min(best, elapsed)
        peak = max(peak, kilobytes / 1024.0)
    return best, peak


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
    """(boxes, edges): boxes as (x0, y0, x1, y1); edges as sets of segments."""
    root = ET.parse(path).getroot()
    boxes, edges = [], []
    for g in root.iter(SVG + "g"):
        cls = classes(g)
        if "node" in cls:
            box = node_box(g)
            if box:
                boxes.append(box)
        elif "edge" in cls:
            segments = set()
            for p in g.findall(SVG + "path"):
                for line in polylines(p.get("d", "")):
                    for a, b in zip(line, line[1:]):
                        if a != b:
                            segments.add((a, b) if a <= b else (b, a))
            if segments:
                edges.append(segments)
    return boxes, edges


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

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,300,1000,3000")
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
    header = ("| servers | components | edges | infrac | dot | time ratio | infrac peak | dot peak "
              "| crossings infrac / dot | overlaps infrac / dot |")
    print(header)
    print("|" + "---|" * 10)
    for size in [int(s) for s in args.sizes.split(",")]:
        base = os.path.join(work, f"bench{size}")
        with open(base + ".infra", "w") as f:
            f.write(topology.design(size))
        with open(base + ".dot", "w") as f:
            subprocess.run([args.infrac, "render", "--expand", base + ".infra", "--format", "dot"], stdout=f, check=True)
        repeat = 3 if size <= 1000 else 1
        t_infrac, m_infrac = run([args.infrac, "render", "--expand", base + ".infra", "-o", base + ".svg"], repeat)
        t_dot, m_dot = run(["dot", "-Tsvg", base + ".dot", "-o", base + ".dot.svg"], 1)
        boxes_i, edges_i = read_svg(base + ".svg")
        boxes_d, edges_d = read_svg(base + ".dot.svg")
        servers = len(re.findall(r"^server ", open(base + ".infra").read(), re.M))
        components = sum(1 for line in open(base + ".dot") if re.match(r"\s+n\d+_\d+ \[", line))
        edge_count = sum(1 for line in open(base + ".dot") if " -> " in line)
        print(f"| {servers} | {components} | {edge_count} | {t_infrac:.3f} s | {t_dot:.3f} s "
              f"| {t_infrac / t_dot:.3f}× | {m_infrac:.0f} MB | {m_dot:.0f} MB "
              f"| {crossings(edges_i)} / {crossings(edges_d)} | {overlaps(boxes_i)} / {overlaps(boxes_d)} |",
              flush=True)


if __name__ == "__main__":
    main()
