// Bundle the page with esbuild into DIST: main.js (the page) and worker.js (infrac in a
// Web Worker), index.html and style.css. The examples in EXAMPLES (*.infra) are bundled
// in as the `examples` module, so every one of them is a click away with no request.
import { build } from "esbuild";
import { copyFile, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { execFileSync } from "node:child_process";

const [dist, examplesDir] = process.argv.slice(2);
if (!dist || !examplesDir) {
  console.error("usage: node build.mjs DIST EXAMPLES");
  process.exit(2);
}
const here = new URL(".", import.meta.url).pathname;
// The commit the page is built from, shown in its footer.
let commit = "dev";
try {
  commit = execFileSync("git", ["-C", here, "describe", "--always", "--dirty"], { encoding: "utf8" }).trim();
} catch {}

const examples = {
  name: "examples",
  setup(b) {
    b.onResolve({ filter: /^examples$/ }, () => ({ path: "examples", namespace: "examples" }));
    b.onLoad({ filter: /.*/, namespace: "examples" }, async () => {
      const files = (await readdir(examplesDir)).filter((f) => f.endsWith(".infra")).sort();
      const list = await Promise.all(
        files.map(async (file) => {
          const text = await readFile(join(examplesDir, file), "utf8");
          const title = (text.match(/^title\s*=\s*"([^"]*)"/m) || [])[1] ?? "";
          return { file, title, text };
        }),
      );
      return { contents: `export default ${JSON.stringify(list)};`, loader: "js", watchFiles: files.map((f) => join(examplesDir, f)) };
    });
  },
};

await build({
  entryPoints: { main: join(here, "src/main.js"), worker: join(here, "src/worker.js") },
  outdir: dist,
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["chrome111", "firefox113", "safari16.4"],
  plugins: [examples],
  define: { BUILD: JSON.stringify(commit) },
  legalComments: "eof",
  logLevel: "warning",
});
await copyFile(join(here, "index.html"), join(dist, "index.html"));
await copyFile(join(here, "style.css"), join(dist, "style.css"));
