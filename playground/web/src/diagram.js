// The diagram pane: the SVG infrac drew, with zoom (wheel, buttons), pan (drag) and
// fit, kept across re-renders so typing does not reset the view; and the parts of the
// drawing that can fail (servers, components, clusters), marked clickable from the
// `targets` infrac sends beside the SVG (see infrac::preview::Targets).

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;

export class Diagram {
  constructor(viewport, { onPick }) {
    this.viewport = viewport;
    this.canvas = viewport.querySelector(".canvas");
    this.onPick = onPick;
    this.view = { x: 0, y: 0, scale: 1 };
    this.size = null; // the SVG's own width and height
    this.fitOnNext = true;
    this.listen();
  }

  // Show `svg`; `fit` re-fits the view (a new design), otherwise the view is kept.
  show(svg, targets, failed, { fit = false } = {}) {
    this.canvas.innerHTML = svg;
    const el = this.canvas.querySelector("svg");
    if (!el) return;
    this.size = { w: el.width.baseVal.value, h: el.height.baseVal.value };
    markTargets(el, targets, new Set(failed));
    if (fit || this.fitOnNext) {
      this.fitOnNext = false;
      this.fit();
    } else {
      this.apply();
    }
  }

  fit() {
    if (!this.size) return;
    const { clientWidth: w, clientHeight: h } = this.viewport;
    const scale = clamp(Math.min((w - 16) / this.size.w, (h - 16) / this.size.h, 1.5));
    this.view = {
      scale,
      x: (w - this.size.w * scale) / 2,
      y: Math.max(8, (h - this.size.h * scale) / 2),
    };
    this.apply();
  }

  // Zoom by `factor` around the viewport point (px, py).
  zoom(factor, px = this.viewport.clientWidth / 2, py = this.viewport.clientHeight / 2) {
    const scale = clamp(this.view.scale * factor);
    const k = scale / this.view.scale;
    this.view = { scale, x: px - (px - this.view.x) * k, y: py - (py - this.view.y) * k };
    this.apply();
  }

  apply() {
    const { x, y, scale } = this.view;
    this.canvas.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
  }

  listen() {
    this.viewport.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        const r = this.viewport.getBoundingClientRect();
        this.zoom(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
      },
      { passive: false },
    );
    let drag = null;
    this.viewport.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y, moved: false };
    });
    this.viewport.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) this.viewport.setPointerCapture(e.pointerId);
      drag.moved = true;
      this.viewport.classList.add("panning");
      this.view = { ...this.view, x: drag.vx + dx, y: drag.vy + dy };
      this.apply();
    });
    const end = (e) => {
      const wasDrag = drag?.moved;
      drag = null;
      this.viewport.classList.remove("panning");
      if (wasDrag || e.type !== "pointerup") return;
      const part = e.target.closest?.("[data-item]");
      if (part) this.onPick(part.dataset.item);
    };
    this.viewport.addEventListener("pointerup", end);
    this.viewport.addEventListener("pointercancel", end);
    this.viewport.addEventListener("dblclick", (e) => {
      if (!e.target.closest?.("[data-item]")) this.fit();
    });
  }
}

function clamp(scale) {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

// Give each clickable part its item path. The painter writes clusters, boxes and rows in
// the order of infrac's scene, which is the order of `targets`.
function markTargets(svg, targets, failed) {
  if (!targets) return;
  const mark = (el, path) => {
    if (!el || !path) return;
    el.dataset.item = path;
    el.classList.add("pickable");
    if (failed.has(path)) el.classList.add("picked");
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = failed.has(path) ? `${path}: click to bring it back` : `${path}: click to fail it`;
    el.prepend(title);
  };
  svg.querySelectorAll("g.clusters > g.cluster").forEach((el, i) => mark(el, targets.clusters[i]));
  svg.querySelectorAll("g.nodes > g.node").forEach((el, i) => {
    mark(el, targets.boxes[i]);
    el.querySelectorAll(":scope > g.component").forEach((row, j) => mark(row, targets.rows[i]?.[j]));
  });
}
