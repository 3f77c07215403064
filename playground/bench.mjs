// The infrac call the page makes per keystroke, timed outside the browser: Node loads
// dist/infrac.wasm through the page's own glue and previews each example repeatedly.
// CPU time (process.cpuUsage) is the figure to compare: on a shared machine the wall
// clock also counts other processes' turns.
//
//   node playground/bench.mjs [ROUNDS]     (after playground/build.sh)
import { readFile, readdir } from "node:fs/promises";
import { Infrac } from "./web/src/wasm.js";

const here = new URL(".", import.meta.url).pathname;
const rounds = Number(process.argv[2] ?? 50);
const infrac = await Infrac.load(await readFile(`${here}dist/infrac.wasm`));
const files = (await readdir(`${here}../examples`)).filter((f) => f.endsWith(".infra")).sort();
// Warm up first: V8 compiles the module's hot functions again, optimised, on background
// threads, and that CPU time would land on the first rounds.
for (let i = 0; i < 20; i++) {
  for (const file of files) {
    const text = await readFile(`${here}../examples/${file}`, "utf8");
    infrac.preview({ name: file, text, today: "2026-11-23", theme: "light", fail: [] });
  }
}
console.log(`example                                            bytes  CPU median  CPU min  wall median   (${rounds} rounds of preview: check + SVG + explanation + JSON)`);
for (const file of files) {
  const text = await readFile(`${here}../examples/${file}`, "utf8");
  const request = { name: file, text, today: "2026-11-23", theme: "light", fail: [] };
  const answer = infrac.preview(request);
  if (answer.status !== "checked") throw new Error(`${file}: ${answer.status}`);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    infrac.preview(request);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const cell = (x, w) => `${x.toFixed(2)} ms`.padStart(w);
  console.log(`${file.padEnd(48)} ${String(text.length).padStart(7)} ${cell(median(cpu), 11)} ${cell(cpu[0], 8)} ${cell(median(wall), 12)}`);
}
