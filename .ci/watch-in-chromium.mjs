// `infrac watch` in headless Chromium: the page shows the design, follows an edit
// without a reload, says when a save changed nothing, and shows compile errors with
// their source.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, renameSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [infrac, example, shot] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), "infrac-watch-"));
const file = join(dir, "design.infra");
copyFileSync(example, file);
const watch = spawn(infrac, ["watch", file, "--port", "0", "--today", "2026-11-23"]);
const address = await new Promise((resolve, reject) => {
  let out = "";
  watch.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/[0-9.:]+\//);
    if (m) resolve(m[0]);
  });
  watch.on("exit", (code) => reject(new Error(`infrac watch exited ${code}`)));
  setTimeout(() => reject(new Error("no address printed")), 10000);
});
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(address);
  const before = await page.textContent("h1");
  if (!before.includes("Simple web stack")) problems.push(`unexpected title: ${before}`);
  if (!(await page.$("#content svg g.node"))) problems.push("no diagram");
  // Save as editors do: write beside, rename over.
  const edited = readFileSync(file, "utf8").replaceAll("srv1", "frontend9");
  writeFileSync(file + ".tmp", edited);
  renameSync(file + ".tmp", file);
  await page.waitForFunction(() => document.body.innerText.includes("frontend9"), null, { timeout: 15000 })
    .catch(() => problems.push("the page did not follow the edit"));
  // Saving the same text again: the page says so instead of waiting.
  writeFileSync(file, edited);
  await page.waitForFunction(
    () => document.getElementById("infrac-status").textContent.includes("nothing on this page changed"),
    null, { timeout: 15000 })
    .catch(() => problems.push("a save that changed nothing was not said"));
  writeFileSync(file, edited.replace("server frontend9 {", "server frontend9 { oops"));
  await page.waitForSelector("pre.errors", { timeout: 15000 })
    .catch(() => problems.push("compile errors not shown"));
  const errors = (await page.textContent("pre.errors").catch(() => "")) || "";
  if (!errors.includes("oops")) problems.push("the error lacks its source excerpt");
  if (loads !== 1) problems.push(`the page reloaded (${loads} loads)`);
  await page.screenshot({ path: shot, fullPage: false });
} finally {
  await browser.close();
  watch.kill();
}
if (problems.length) {
  console.log("FAIL infrac watch");
  for (const p of problems) console.log(`  ${p}`);
  process.exit(1);
}
console.log("ok   infrac watch: live page follows edits, says when nothing changed, shows errors");
