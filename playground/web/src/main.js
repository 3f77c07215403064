// The playground page: an editor on the left; the diagram, findings, explanation and
// what-if on the right, all remade from one infrac call (in a worker) after each edit.
//
//   keystroke ─► schedule ─► worker: infrac.preview(JSON) ─► render panes ─► timings
//
// Updates never queue up: while one is in flight, later edits wait and only the newest
// text is sent next, so the worker's pace is the only limit and the seed designs update
// on every keystroke. Designs whose updates take longer than SLOW_MS also wait that long
// after an edit (at most 400 ms), so a large SVG is not swapped in on every key.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, syntaxTree, HighlightStyle, bracketMatching, indentOnInput } from "@codemirror/language";
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { setDiagnostics, lintKeymap, lintGutter } from "@codemirror/lint";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { tags } from "@lezer/highlight";
import { infra } from "./infra-language.js";
import { Diagram } from "./diagram.js";
import { encode, decode } from "./share.js";
import { save, png } from "./downloads.js";
import { dropZone, readDesign } from "./files.js";
import examples from "examples"; // bundled at build time from examples/*.infra

const $ = (selector) => document.querySelector(selector);
const SLOW_MS = 100;

// ---- the worker ------------------------------------------------------------------------

const worker = new Worker("worker.js", { type: "module" });
let nextId = 1;
const pending = new Map();
let fonts = null;
const workerReady = new Promise((resolve, reject) => {
  worker.addEventListener("message", function first({ data }) {
    if (!("ready" in data)) return;
    worker.removeEventListener("message", first);
    if (!data.ready) return reject(new Error(data.error));
    fonts = data.fonts;
    resolve();
  });
});
worker.addEventListener("message", ({ data }) => {
  const answer = pending.get(data.id);
  if (!answer) return;
  pending.delete(data.id);
  data.ok ? answer.resolve(data) : answer.reject(new Error(data.error));
});
function ask(op, request) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, request });
  });
}

// ---- state -----------------------------------------------------------------------------

const state = {
  name: "design.infra",
  theme: initialTheme(),
  fail: [], // item paths taken down in the what-if
  last: null, // the last answer that compiled
  answer: null, // the last answer
  fitNext: true,
  busy: false,
  dirty: false,
  editAt: null, // when the oldest edit not yet shown was made
  lastTotal: 0,
  timer: 0,
};
// For tests and the curious: every update's timings, and the latest answer.
const timings = [];
window.__infrac = {
  timings,
  state,
  text: () => view.state.doc.toString(),
  // Every edit shown: nothing waiting, in flight or edited since.
  idle: () => !state.waiting && !state.busy && !state.dirty && state.editAt === null,
};

// ---- the editor ------------------------------------------------------------------------

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--tok-keyword)", fontWeight: "bold" },
  { tag: tags.comment, color: "var(--tok-comment)", fontStyle: "italic" },
  { tag: tags.string, color: "var(--tok-string)" },
  { tag: tags.number, color: "var(--tok-number)" },
  { tag: [tags.bool, tags.atom], color: "var(--tok-atom)" },
  { tag: tags.propertyName, color: "var(--tok-property)" },
  { tag: tags.typeName, color: "var(--tok-type)" },
  { tag: [tags.operator, tags.definitionOperator], color: "var(--tok-operator)" },
  { tag: tags.special(tags.variableName), color: "var(--tok-value)" },
]);

const completion = autocompletion({
  override: [
    async (context) => {
      const word = context.matchBefore(/[\w.@]*/);
      const token = syntaxTree(context.state).resolveInner(context.pos, -1).name;
      if (/comment|string/.test(token)) return null;
      if (!context.explicit && word.from === word.to && !/[=:>\s]$/.test(context.state.sliceDoc(context.pos - 1, context.pos))) {
        return null;
      }
      const text = context.state.doc.toString();
      const offset = new TextEncoder().encode(text.slice(0, context.pos)).length;
      const { value } = await ask("complete", { text, offset });
      if (!Array.isArray(value)) return null;
      return {
        from: word.from,
        options: value.map((c) => ({ label: c.label, type: COMPLETION_TYPES[c.kind], detail: c.detail })),
        validFor: /^[\w.@]*$/,
      };
    },
  ],
});
const COMPLETION_TYPES = { kind: "keyword", attribute: "property", value: "constant", item: "variable", protocol: "type" };

const editorTheme = new Compartment();
const view = new EditorView({
  parent: $("#editor"),
  state: EditorState.create({
    doc: "",
    extensions: [
      lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), drawSelection(),
      indentOnInput(), bracketMatching(), closeBrackets(), highlightActiveLine(), highlightSelectionMatches(),
      infra, syntaxHighlighting(highlight), completion, lintGutter(),
      keymap.of([
        { key: "Shift-Alt-f", run: () => (formatDesign(), true) },
        ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
        ...completionKeymap, ...lintKeymap, indentWithTab,
      ]),
      editorTheme.of([]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) edited();
      }),
      EditorView.contentAttributes.of({ "aria-label": "the design, in .infra" }),
    ],
  }),
});

function setText(text, name) {
  if (name) state.name = name;
  state.fitNext = true;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
  view.scrollDOM.scrollTop = 0;
}

// ---- updates ---------------------------------------------------------------------------

function edited() {
  state.editAt ??= performance.now();
  schedule();
  shareSoon();
}

function schedule(delay = state.lastTotal > SLOW_MS ? Math.min(400, state.lastTotal) : 0) {
  if (state.busy) {
    state.dirty = true;
    return;
  }
  if (state.waiting && delay === 0 && !state.timer) return; // one is queued already
  clearTimeout(state.timer);
  state.timer = 0;
  state.waiting = true;
  if (delay > 0) {
    state.timer = setTimeout(() => {
      state.timer = 0;
      update();
    }, delay);
  } else {
    queueMicrotask(update); // after the editor's transaction, without a timer's delay
  }
}

async function update() {
  if (state.busy) {
    state.dirty = true;
    return;
  }
  state.waiting = false;
  state.busy = true;
  state.dirty = false;
  const editAt = state.editAt ?? performance.now();
  state.editAt = null;
  const sent = performance.now();
  const known = state.last ? new Set(state.last.failable.map((f) => f.path)) : null;
  const fail = known ? state.fail.filter((p) => known.has(p)) : state.fail;
  try {
    const { value: answer, ms: wasm } = await ask("preview", {
      name: state.name,
      text: view.state.doc.toString(),
      today: today(),
      theme: state.theme,
      fail,
    });
    const arrived = performance.now();
    render(answer);
    const done = performance.now();
    const timing = {
      wasm, // the infrac call in the worker, JSON included
      dom: done - arrived, // the panes and the editor's underlines
      total: done - sent, // request to panes updated
      sinceEdit: done - editAt, // the edit to panes updated (waiting for a busy worker included)
      bytes: view.state.doc.length,
    };
    timings.push(timing);
    state.lastTotal = timing.total;
    showTiming(answer, timing);
  } catch (error) {
    $("#status").textContent = `infrac failed: ${error.message}`;
  } finally {
    state.busy = false;
    if (state.dirty) schedule();
  }
}

// Each pane is rebuilt only when what it shows changed: most keystrokes (a comment, a
// half-typed word that still compiles to the same design) change none of them.
const shown = {};
function changed(pane, key) {
  if (shown[pane] === key) return false;
  shown[pane] = key;
  return true;
}

function render(answer) {
  state.answer = answer;
  if (answer.status === "checked") {
    state.last = answer;
    const known = new Set(answer.failable.map((f) => f.path));
    state.fail = state.fail.filter((p) => known.has(p));
    document.body.classList.remove("stale");
    if (changed("diagram", answer.svg + JSON.stringify(answer.targets) + state.fail.join()) || state.fitNext) {
      state.diagram.show(answer.svg, answer.targets, state.fail, { fit: state.fitNext });
    }
    state.fitNext = false;
    if (changed("explanation", answer.explanation)) $("#explanation").innerHTML = answer.explanation;
    $("#diagram-title").textContent = answer.title;
    if (changed("findings", JSON.stringify(answer.findings))) renderFindings(answer.findings, []);
    if (changed("whatif", JSON.stringify([answer.failable, answer.whatif, state.fail]))) renderWhatIf(answer);
    underline(answer.findings, []);
  } else if (answer.status === "failed") {
    // Keep the last good diagram, marked out of date, and show the errors.
    document.body.classList.add("stale");
    if (changed("findings", JSON.stringify(answer.errors))) renderFindings([], answer.errors);
    underline([], answer.errors);
  } else {
    $("#status").textContent = `infrac: ${answer.message}`;
  }
}

// Diagnostics in the editor: compile errors, then findings, each underlined at its span
// with its message and its help (the did-you-mean).
function underline(findings, errors) {
  const doc = view.state.doc;
  const diagnostics = [];
  for (const e of errors) {
    const range = toRange(doc, e.span);
    if (!range) continue;
    diagnostics.push({
      ...range, severity: "error", source: e.code, markClass: "cm-compile-error",
      message: e.help ? `${e.message}\n${e.help}` : e.message,
    });
  }
  for (const f of findings) {
    const range = toRange(doc, f.focus ?? f.span);
    if (!range) continue;
    diagnostics.push({
      ...range, severity: { error: "error", warning: "warning", note: "info" }[f.severity] ?? "info",
      source: f.rule, message: `${f.message}\n${f.help}`,
    });
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

// A line/column span (columns count characters) as document offsets (UTF-16 units).
function toRange(doc, span) {
  if (!span) return null;
  const at = ({ line, column }) => {
    const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
    const chars = [...l.text].slice(0, Math.max(column - 1, 0)).join("");
    return l.from + chars.length;
  };
  const from = at(span.start);
  let to = at(span.end);
  if (to <= from) to = Math.min(from + 1, doc.length);
  return { from, to: Math.max(to, from) };
}

function jumpTo(span) {
  const range = toRange(view.state.doc, span);
  if (!range) return;
  view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true });
  view.focus();
}

function renderFindings(findings, errors) {
  const list = $("#findings-list");
  list.replaceChildren();
  const item = (severity, title, message, help, span, focus) => {
    const li = document.createElement("li");
    li.className = `finding ${severity}`;
    const button = document.createElement("button");
    button.type = "button";
    const where = span ? `line ${span.start.line}` : "";
    button.innerHTML = `<span class="severity"></span><span class="rule"></span><span class="where"></span><span class="message"></span><span class="help"></span>`;
    button.querySelector(".severity").textContent = severity;
    button.querySelector(".rule").textContent = title;
    button.querySelector(".where").textContent = where;
    button.querySelector(".message").textContent = plain(message);
    button.querySelector(".help").textContent = help ? plain(help) : "";
    button.addEventListener("click", () => jumpTo(focus ?? span));
    li.append(button);
    list.append(li);
  };
  for (const e of errors) item("error", "does not compile", e.message, e.help, e.span);
  for (const f of findings) item(f.severity, `${f.rule} · ${f.component}`, f.message, f.help, f.span, f.focus);
  const counts = errors.length
    ? `${errors.length} compile error${errors.length === 1 ? "" : "s"}`
    : findings.length
      ? summaryText(state.last.summary)
      : "no findings";
  $("#findings-count").textContent = counts;
  $("#findings-empty").hidden = findings.length + errors.length > 0;
}

function summaryText(s) {
  const part = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [part(s.errors, "error"), part(s.warnings, "warning"), part(s.notes, "note")].join(", ");
}

// Messages mark names with `backticks`; the list shows them as code.
function plain(text) {
  return text.replace(/`/g, "");
}

// ---- what-if ---------------------------------------------------------------------------

function toggleFailure(path) {
  state.fail = state.fail.includes(path) ? state.fail.filter((p) => p !== path) : [...state.fail, path];
  schedule(0);
  shareSoon();
}

function renderWhatIf(answer) {
  const picker = $("#whatif-items");
  picker.replaceChildren();
  for (const { path, kind } of answer.failable) {
    const label = document.createElement("label");
    label.className = "pick";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = path;
    box.checked = state.fail.includes(path);
    box.addEventListener("change", () => toggleFailure(path));
    const name = document.createElement("code");
    name.textContent = path;
    const what = document.createElement("small");
    what.textContent = kind.replace(/_/g, " ");
    label.append(box, name, what);
    picker.append(label);
  }
  const result = $("#whatif-result");
  result.replaceChildren();
  const banner = $("#failure-banner");
  const whatif = answer.whatif;
  banner.hidden = !whatif;
  $("#whatif-count").textContent = state.fail.length ? `${state.fail.length} down` : "";
  if (!whatif) {
    result.textContent = "Nothing is failed. Click a server, component or cluster in the diagram, or tick it here.";
    return;
  }
  banner.querySelector("span").textContent = whatif.summary;
  if (!whatif.simulation) return;
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>journey</th><th>after the failure</th></tr></thead><tbody></tbody>";
  for (const t of whatif.simulation.tasks) {
    const tr = document.createElement("tr");
    const verdict = !t.worked ? "not in this design" : t.works ? "still works" : `breaks: ${plain(t.why ?? "")}`;
    tr.className = t.worked && !t.works ? "broken" : "works";
    tr.innerHTML = "<td></td><td></td>";
    tr.children[0].textContent = t.task.replace(/_/g, " ");
    tr.children[1].textContent = verdict;
    table.tBodies[0].append(tr);
  }
  const down = document.createElement("p");
  down.textContent = `Down: ${whatif.simulation.down.join(", ")}.` +
    (whatif.simulation.cut_off.length ? ` Up but unreachable: ${whatif.simulation.cut_off.join(", ")}.` : "");
  result.append(table, down);
}

// ---- sharing ---------------------------------------------------------------------------

let shareTimer = 0;
function shareSoon() {
  clearTimeout(shareTimer);
  shareTimer = setTimeout(async () => {
    const fragment = await encode({ text: view.state.doc.toString(), fail: state.fail });
    window.history.replaceState(null, "", `#${fragment}`);
  }, 250);
}

async function copyLink() {
  clearTimeout(shareTimer);
  const fragment = await encode({ text: view.state.doc.toString(), fail: state.fail });
  window.history.replaceState(null, "", `#${fragment}`);
  try {
    await navigator.clipboard.writeText(location.href);
    flash("Link copied: it holds the whole design.");
  } catch {
    flash("The address bar holds the link to this design.");
  }
}

// ---- the rest of the page --------------------------------------------------------------

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function initialTheme() {
  const saved = localStorage.getItem("infrac-theme");
  if (saved === "light" || saved === "dark") return saved;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

function applyTheme() {
  document.documentElement.dataset.theme = state.theme;
  $("#theme").textContent = state.theme === "dark" ? "Light" : "Dark";
  $("#theme").setAttribute("aria-label", `switch to the ${state.theme === "dark" ? "light" : "dark"} theme`);
}

function stem() {
  return state.name.replace(/^.*[\\/]/, "").replace(/\.infra$/, "") || "design";
}

function flash(message) {
  const el = $("#flash");
  el.textContent = message;
  el.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => (el.hidden = true), 4000);
}

function showTiming(answer, t) {
  const what = answer.status === "checked" ? summaryText(answer.summary) : answer.status === "failed" ? `${answer.errors.length} compile error${answer.errors.length === 1 ? "" : "s"}` : "";
  $("#status").textContent = `${what} · updated in ${t.total.toFixed(1)} ms (infrac ${t.wasm.toFixed(1)} ms, page ${t.dom.toFixed(1)} ms)`;
}

async function formatDesign() {
  const { value } = await ask("format", { name: state.name, text: view.state.doc.toString() });
  if (value.status === "formatted") {
    if (value.text !== view.state.doc.toString()) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value.text } });
    }
    flash("Formatted.");
  } else {
    flash("It does not parse yet, so it cannot be formatted: fix the errors first.");
  }
}

function exampleLabel(e) {
  const seed = e.file.match(/^(\d)-(.*)\.infra$/);
  const words = (seed ? seed[2] : e.file.replace(/\.infra$/, "")).replace(/_/g, " ");
  return seed ? `Task ${seed[1]}` : words;
}

function buildExamples() {
  const seeds = $("#seeds");
  const others = $("#examples");
  for (const e of examples) {
    const seed = /^\d-/.test(e.file);
    if (seed) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = exampleLabel(e);
      b.title = e.title || e.file;
      b.dataset.example = e.file;
      b.addEventListener("click", () => loadExample(e));
      seeds.append(b);
    } else {
      const o = document.createElement("option");
      o.value = e.file;
      o.textContent = exampleLabel(e);
      others.append(o);
    }
  }
  others.addEventListener("change", () => {
    const e = examples.find((x) => x.file === others.value);
    others.value = "";
    if (e) loadExample(e);
  });
}

function loadExample(e) {
  for (const b of document.querySelectorAll("#seeds button")) {
    b.setAttribute("aria-current", b.dataset.example === e.file);
  }
  state.fail = [];
  state.last = null;
  setText(e.text, e.file);
}

function wire() {
  state.diagram = new Diagram($("#viewport"), { onPick: toggleFailure });
  $("#zoom-in").addEventListener("click", () => state.diagram.zoom(1.25));
  $("#zoom-out").addEventListener("click", () => state.diagram.zoom(0.8));
  $("#zoom-fit").addEventListener("click", () => state.diagram.fit());
  $("#theme").addEventListener("click", () => {
    state.theme = state.theme === "dark" ? "light" : "dark";
    localStorage.setItem("infrac-theme", state.theme);
    applyTheme();
    schedule(0);
  });
  $("#format").addEventListener("click", formatDesign);
  $("#share").addEventListener("click", copyLink);
  $("#clear-failures").addEventListener("click", () => {
    state.fail = [];
    schedule(0);
    shareSoon();
  });
  $("#download-svg").addEventListener("click", () => state.last && save(`${stem()}.svg`, "image/svg+xml", state.last.svg));
  $("#download-md").addEventListener("click", () => state.last && save(`${stem()}.md`, "text/markdown", state.last.markdown));
  $("#download-infra").addEventListener("click", () => save(`${stem()}.infra`, "text/plain", view.state.doc.toString()));
  $("#download-png").addEventListener("click", async () => {
    if (!state.last) return;
    try {
      save(`${stem()}.png`, "image/png", await png(state.last.svg, fonts));
    } catch (error) {
      flash(`No PNG: ${error.message}`);
    }
  });
  $("#open").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) opened(await readDesign(file));
  });
  dropZone(document.body, $("#drop"), opened);
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => selectTab(tab));
  }
  // Links inside the explanation point at its own headings: scroll there instead of
  // changing the fragment, which holds the design.
  $("#explanation").addEventListener("click", (e) => {
    const a = e.target.closest("a[href^='#']");
    if (!a) return;
    e.preventDefault();
    const want = a.getAttribute("href").slice(1).toLowerCase();
    const heading = [...$("#explanation").querySelectorAll("h2, h3")].find(
      (h) => h.textContent.trim().toLowerCase().replace(/\s+/g, "-") === want,
    );
    heading?.scrollIntoView({ block: "start" });
  });
  window.addEventListener("hashchange", () => fromFragment());
}

function selectTab(tab) {
  for (const t of document.querySelectorAll("[role=tab]")) {
    const on = t === tab;
    t.setAttribute("aria-selected", on);
    $(`#${t.getAttribute("aria-controls")}`).hidden = !on;
  }
}

function opened(result) {
  if (result.error) return flash(result.error);
  state.fail = [];
  state.last = null;
  setText(result.text, result.name);
}

async function fromFragment() {
  const shared = location.hash.length > 1 ? await decode(location.hash) : null;
  if (!shared) return false;
  if (shared.error) {
    flash(shared.error);
    return false;
  }
  if (shared.text === view.state.doc.toString() && shared.fail.join() === state.fail.join()) return true;
  state.fail = shared.fail;
  state.last = null;
  setText(shared.text, "shared.infra");
  return true;
}

async function main() {
  applyTheme();
  buildExamples();
  wire();
  try {
    await workerReady;
    // eslint-disable-next-line no-undef -- defined by build.mjs
    $("#build").textContent = `infrac ${BUILD}`;
    for (const [i, weight] of ["normal", "bold"].entries()) {
      // A copy: the PNG download inlines the same bytes later.
      const face = new FontFace("DejaVu Sans", fonts[i].slice(0), { weight });
      document.fonts.add(face);
      await face.load();
    }
  } catch (error) {
    $("#status").textContent = `The infrac module did not load: ${error.message}`;
    return;
  }
  if (!(await fromFragment())) loadExample(examples.find((e) => e.file.startsWith("0-")) ?? examples[0]);
  document.body.classList.add("ready");
}

main();
