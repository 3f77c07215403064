// Drive the playground in headless Chromium as a student would: load it, pick task 1,
// see the diagram and the load balancer's single point of failure; type an error, see
// it underlined with its message and did-you-mean; fix it, see it go; complete a kind;
// fail lb1 by clicking it in the diagram; download the PNG; open the shared link in a
// fresh page and get the same design and failure. Every request must stay on the page's
// own origin. Prints the update latency per keystroke, measured in the page.
//
//   node playground-in-chromium.mjs URL OUT_DIR
import { chromium } from "playwright-core";
import { writeFile } from "node:fs/promises";

const [url, out] = process.argv.slice(2);
const origin = new URL(url).origin;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
  ],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const outside = [];
const problems = [];
// Anything not from the page's origin is refused and recorded (data: and blob: URLs are
// the page's own bytes, not requests).
await context.route("**/*", (route) => {
  const u = new URL(route.request().url());
  if (u.origin === origin) return route.continue();
  outside.push(u.href);
  return route.abort();
});
context.on("request", (request) => {
  const u = new URL(request.url());
  if (u.origin !== origin && u.protocol !== "data:" && u.protocol !== "blob:") outside.push(u.href);
});

let failures = 0;
let passes = 0;
function check(ok, what) {
  if (ok) {
    passes++;
    console.log(`ok: ${what}`);
  } else {
    failures++;
    console.log(`FAIL: ${what}`);
  }
}

// Wait until the page has shown the last edit.
const settled = (page) => page.waitForFunction(() => window.__infrac.idle());

async function open(page, address) {
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  await page.goto(address);
  await page.waitForSelector("body.ready", { timeout: 60_000 });
  await page.waitForSelector("#viewport svg");
}

const page = await context.newPage();
await open(page, url);
check(await page.locator("#seeds button").count() === 4, "the four seed tasks are one click away");
check(await page.locator("#examples option").count() > 1, "the other examples are listed");

// Task 1: the diagram and the single point of failure.
await page.click('#seeds button[data-example^="1-"]');
await page.waitForFunction(() => document.querySelector("#diagram-title")?.textContent.includes("Distributed"));
const svg = page.locator("#viewport svg");
const box = await svg.boundingBox();
check(box && box.width > 100 && box.height > 100, `the diagram is drawn (${box?.width}×${box?.height})`);
const spof = page.locator("#findings-list .finding.error", { hasText: "single-point-of-failure · lb1.haproxy" });
check(await spof.count() === 1, "the findings list lb1.haproxy as a single point of failure");
await spof.locator("button").click();
const selected = await page.evaluate(() => {
  const s = getSelection();
  return s ? s.toString() : "";
});
check(selected.includes("haproxy"), `clicking the finding selects its place in the editor (${JSON.stringify(selected)})`);

// Latency: one keystroke at a time in a comment, each waited for.
const editor = page.locator(".cm-content");
await editor.click();
await page.keyboard.press("Control+End");
await page.keyboard.press("Enter");
await page.keyboard.type("# ");
const before = await page.evaluate(() => window.__infrac.timings.length);
for (const ch of "latency probe") {
  const n = await page.evaluate(() => window.__infrac.timings.length);
  await page.keyboard.type(ch);
  await page.waitForFunction((n) => window.__infrac.timings.length > n, n);
}
const timings = (await page.evaluate(() => window.__infrac.timings)).slice(before);
const stats = (key) => {
  const xs = timings.map((t) => t[key]).sort((a, b) => a - b);
  const at = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, max ${xs[xs.length - 1].toFixed(1)} ms`;
};
console.log(`latency, task 1, ${timings.length} keystrokes: keystroke → panes updated ${stats("sinceEdit")}; request → panes updated ${stats("total")}; infrac call ${stats("wasm")}; page update ${stats("dom")}`);

// An error: underlined, with its message and its did-you-mean.
await page.keyboard.press("Escape");
await page.keyboard.press("Enter");
await page.keyboard.type("server oops { pubic_ip = 8.8.4.4 }");
await page.keyboard.press("Escape");
await settled(page);
await page.waitForSelector(".cm-compile-error");
const error = page.locator("#findings-list .finding.error", { hasText: "does not compile" });
await error.first().waitFor();
const errorText = await error.first().textContent();
check(/unknown attribute pubic_ip/.test(errorText) && /did you mean public_ip/.test(errorText),
  `the error is listed with its message and did-you-mean (${JSON.stringify(errorText)})`);
check(await page.locator("body.stale").count() === 1, "the diagram is marked out of date");
await page.hover(".cm-compile-error");
const tooltip = page.locator(".cm-tooltip-lint");
await tooltip.waitFor();
check(/unknown attribute `pubic_ip`[\s\S]*did you mean `public_ip`/.test(await tooltip.textContent()), "hovering the underline shows the message and the did-you-mean");

// Fix it: the underline and the error go.
await editor.click({ position: { x: 5, y: 5 } });
await page.keyboard.press("Control+End");
await page.keyboard.press("Shift+Home");
await page.keyboard.type("server oops { public_ip = 8.8.4.4 }");
await page.keyboard.press("Escape");
await settled(page);
await page.waitForFunction(() => !document.querySelector(".cm-compile-error"));
check(await page.locator("#findings-list", { hasText: "does not compile" }).count() === 0, "fixed: the compile error is gone");
check(await page.locator("body.stale").count() === 0, "fixed: the diagram is current again");

// Completion from the schema inside a server block.
await page.keyboard.press("Enter");
await page.keyboard.type("server x {");
await page.keyboard.press("Enter");
await page.keyboard.press("Control+Space");
const completions = page.locator(".cm-tooltip-autocomplete");
await completions.waitFor();
const offered = await completions.textContent();
check(offered.includes("web_server") && offered.includes("public_ip"), "completion offers the server's kinds and attributes");
await page.keyboard.press("Escape");
// Take the probe out again: from the end of the fixed line to the end.
const withProbe = await page.evaluate(() => window.__infrac.text());
await page.keyboard.press("Control+End");
for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowUp");
await page.keyboard.press("Shift+End");
await page.keyboard.press("Backspace");
const withoutProbe = await page.evaluate(() => window.__infrac.text());
await settled(page);
check(withoutProbe.endsWith("server oops { public_ip = 8.8.4.4 }") && withProbe.length > withoutProbe.length, "the completion probe is taken out");
await page.waitForFunction(() => !document.querySelector(".cm-compile-error") && !document.body.classList.contains("stale"));

// What-if: click lb1's box in the diagram.
await page.locator('#viewport g[data-item="lb1"] > text').first().click();
await page.waitForSelector("#failure-banner:not([hidden])");
const banner = await page.locator("#failure-banner").textContent();
check(/Simulated failure of lb1: .*requests.*break/.test(banner), `failing lb1 shows what breaks (${JSON.stringify(banner.trim())})`);
check(await page.locator('#viewport g.node.down[data-item="lb1"]').count() === 1, "lb1 is drawn down");
await page.click("#tab-whatif");
check(await page.locator('#whatif-items input[value="lb1"]:checked').count() === 1, "the picker shows lb1 ticked");
check(await page.locator("#whatif-result tr.broken").count() >= 1, "the what-if table lists the broken journeys");

// Downloads made in the page.
const [png] = await Promise.all([page.waitForEvent("download"), page.click("#download-png")]);
const pngPath = `${out}/download.png`;
await png.saveAs(pngPath);
const pngBytes = await (await import("node:fs/promises")).readFile(pngPath);
check(pngBytes.subarray(1, 4).toString() === "PNG" && pngBytes.length > 10_000, `the PNG download is a picture (${pngBytes.length} bytes)`);
const [md] = await Promise.all([page.waitForEvent("download"), page.click("#download-md")]);
check(md.suggestedFilename().endsWith(".md"), `the Markdown download is named ${md.suggestedFilename()}`);

// A file the playground cannot import yet is refused with a message.
await page.setInputFiles("#open", { name: "main.tf", mimeType: "text/plain", buffer: Buffer.from('resource "x" "y" {}') });
await page.waitForSelector("#flash:not([hidden])");
check(/cannot import Terraform files yet/.test(await page.locator("#flash").textContent()), "a .tf file gets a clear 'not yet'");

await page.screenshot({ path: `${out}/playground.png` });

// The shared link: a fresh page gets the same design and failure.
await page.waitForFunction(() => location.hash.includes("fail=lb1"));
await settled(page);
await page.waitForTimeout(400); // the fragment follows edits after 250 ms
const shared = page.url();
const text = await page.evaluate(() => window.__infrac.text());
const again = await context.newPage();
await open(again, shared);
check(await again.evaluate(() => window.__infrac.text()) === text, `the shared link (${shared.length} characters) reloads the same design`);
await again.waitForSelector("#failure-banner:not([hidden])");
check(/lb1/.test(await again.locator("#failure-banner").textContent()), "the shared link keeps the failure");

// Dark theme.
await again.click("#theme");
await again.waitForFunction(() => document.querySelector("#viewport svg rect")?.getAttribute("fill") !== "#ffffff");
check(await again.evaluate(() => document.documentElement.dataset.theme) === "dark", "the dark theme switches the page and the diagram");
await again.screenshot({ path: `${out}/playground-dark.png` });

check(outside.length === 0, `no request left the page${outside.length ? `: ${outside.join(", ")}` : ""}`);
check(problems.length === 0, `no page errors${problems.length ? `: ${problems.join("; ")}` : ""}`);
await writeFile(`${out}/timings.json`, JSON.stringify(timings, null, 1));
await browser.close();
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
