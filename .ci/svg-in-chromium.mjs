// Load each SVG (or HTML report with an inline SVG) given on the command line in
// headless Chromium and check it.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const files = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failures = 0;
for (const file of files) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`outside request: ${r.url()}`); });
  const response = await page.goto(pathToFileURL(file).href);
  if (!response || !response.ok()) problems.push("did not load");
  const report = await page.evaluate(() => {
    const out = [];
    const svg = document.querySelector("svg");
    if (!svg) return { problems: ["no SVG"], boxes: 0 };
    if (document.documentElement.tagName === "HTML") {
      if (!document.querySelector("h1")) out.push("no title");
      if (document.querySelectorAll("h2").length < 3) out.push("fewer than three sections");
      if (!document.querySelector("table.findings, p")) out.push("no findings table");
    }
    const size = svg.getBoundingClientRect();
    if (!(size.width > 0 && size.height > 0)) out.push("the SVG has no size");
    const nodes = [...document.querySelectorAll("g.node")];
    if (nodes.length === 0) out.push("no boxes");
    if (document.querySelectorAll("g.edge path").length === 0) out.push("no edges");
    if (!document.querySelector("g.legend")) out.push("no legend");
    if (document.querySelector("script, foreignObject, iframe")) out.push("active content");
    for (const node of nodes) {
      const box = node.querySelector("rect").getBBox();
      if (!(box.width > 0 && box.height > 0)) out.push("a box without size");
      for (const text of node.querySelectorAll("text")) {
        const t = text.getBBox();
        if (!(t.width > 0)) out.push(`empty label in a box: ${text.textContent.trim()}`);
        if (t.x < box.x - 0.5 || t.x + t.width > box.x + box.width + 0.5) {
          out.push(`label overflows its box: "${text.textContent.trim()}" ` +
                   `(${t.x.toFixed(1)}–${(t.x + t.width).toFixed(1)} in ${box.x}–${box.x + box.width})`);
        }
      }
    }
    for (const path of document.querySelectorAll("g.edge path")) {
      if (!(path.getTotalLength() > 0)) out.push("an edge of no length");
    }
    // Ids: unique, and every hop starts on the box of its data-from and ends on the box
    // of its data-to (a component's box is its server's; a cluster's is its frame).
    const ids = [...document.querySelectorAll("svg [id]")].map((e) => e.id);
    if (new Set(ids).size !== ids.length) out.push("duplicate ids");
    // A stack of alike servers is drawn as its front box over offset cards; a hop may end
    // on any card of the pile, so a server's box is the union of its cards.
    const boxOf = (id) => {
      const el = document.getElementById(id);
      if (!el) return null;
      const owner = el.classList.contains("component") ? el.closest("g.node") : el;
      const rect = owner && owner.querySelector(":scope > rect.box, :scope > rect.frame");
      if (!rect) return null;
      if (!rect.classList.contains("box")) return rect.getBBox();
      const cards = [...owner.querySelectorAll(":scope > rect")].map((r) => r.getBBox());
      const x = Math.min(...cards.map((b) => b.x)), y = Math.min(...cards.map((b) => b.y));
      const right = Math.max(...cards.map((b) => b.x + b.width));
      const bottom = Math.max(...cards.map((b) => b.y + b.height));
      return { x, y, width: right - x, height: bottom - y };
    };
    const touches = (p, b) => {
      const e = 1.5;
      const inX = p.x >= b.x - e && p.x <= b.x + b.width + e;
      const inY = p.y >= b.y - e && p.y <= b.y + b.height + e;
      const onSide = (Math.abs(p.x - b.x) < e || Math.abs(p.x - b.x - b.width) < e) && inY;
      const onFace = (Math.abs(p.y - b.y) < e || Math.abs(p.y - b.y - b.height) < e) && inX;
      return onSide || onFace;
    };
    let hops = 0;
    for (const path of document.querySelectorAll("g.edge path[data-from]")) {
      hops++;
      const from = boxOf(path.dataset.from), to = boxOf(path.dataset.to);
      if (!from || !to) { out.push(`an edge names an element not drawn: ${path.dataset.from} -> ${path.dataset.to}`); continue; }
      const start = path.getPointAtLength(0), end = path.getPointAtLength(path.getTotalLength());
      if (!touches(start, from)) out.push(`${path.dataset.from} -> ${path.dataset.to} does not start on ${path.dataset.from}`);
      if (!touches(end, to)) out.push(`${path.dataset.from} -> ${path.dataset.to} does not end on ${path.dataset.to}`);
    }
    if (hops === 0) out.push("no edge names its ends");
    // Zone and region frames: each has a size and its title sits inside it.
    for (const frame of document.querySelectorAll("g.zone, g.region")) {
      const box = frame.querySelector(":scope > rect.frame").getBBox();
      const title = frame.querySelector(":scope > text.title").getBBox();
      if (!(box.width > 0 && box.height > 0)) out.push(`a frame without size: ${frame.id}`);
      if (title.x < box.x || title.x + title.width > box.x + box.width + 0.5 || title.y < box.y) {
        out.push(`a frame's title outside it: ${frame.id}`);
      }
    }
    return { problems: out, boxes: nodes.length, hops, font: getComputedStyle(svg).fontFamily };
  });
  problems.push(...report.problems);
  // A report fits its diagram into the column; its size buttons must make the smallest
  // edge label at least 12 px on screen.
  let sizes = "";
  if (file.endsWith(".html") && report.hops > 0) {
    await page.setViewportSize({ width: 1200, height: 900 });
    const smallest = () => page.evaluate(() => {
      const svg = document.querySelector(".diagram svg");
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const fonts = [...svg.querySelectorAll("g.label text")].map((t) => parseFloat(t.getAttribute("font-size")) * scale);
      return fonts.length ? Math.min(...fonts) : Infinity;
    });
    const fitted = await smallest();
    const choices = await page.$$eval(".zoom label", (ls) => ls.map((l) => l.getAttribute("for")));
    let best = fitted;
    for (const id of choices) {
      await page.click(`.zoom label[for="${id}"]`);
      best = Math.max(best, await smallest());
    }
    if (best < 12) problems.push(`edge labels stay below 12 px at every size (${fitted.toFixed(1)} px fitted, ${best.toFixed(1)} px at most)`);
    sizes = `, labels ${fitted.toFixed(1)} px fitted, ${best.toFixed(1)} px zoomed`;
    await page.click('.zoom label[for="zoom-fit"]').catch(() => {});
  }
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.screenshot({ path: file.replace(/\.(svg|html)$/, ".chromium.png"), timeout: 10000, fullPage: file.endsWith(".html") }).catch((e) => problems.push(`screenshot: ${e.message.split("\n")[0]}`));
  if (problems.length) {
    failures++;
    console.log(`FAIL ${file}`);
    for (const p of problems) console.log(`  ${p}`);
  } else {
    console.log(`ok   ${file}: ${report.boxes} boxes, ${report.hops} edges on their ends${sizes}`);
  }
  await page.close();
}
await browser.close();
process.exit(failures ? 1 : 0);
