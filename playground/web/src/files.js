// Files dropped on the page (or opened with the button) become the design.
//
// The hook for importers: `IMPORTERS` maps a file extension to a function from the
// file's text to `.infra` text. Only `.infra` is here today. When infrac's draw.io and
// Terraform importers land in the core, the WebAssembly module gains an export for each
// (text in, design out, like `preview`) and an entry here calls it; until then those
// files get a message saying so, not a pretend import.

export const IMPORTERS = {
  ".infra": async (text) => ({ text }),
};

// Formats infrac is learning to read; named so the page can say "not yet" precisely.
const COMING = { ".drawio": "draw.io", ".tf": "Terraform" };

export async function readDesign(file) {
  const ext = (file.name.match(/\.[^.]+$/) || [""])[0].toLowerCase();
  const importer = IMPORTERS[ext];
  if (!importer) {
    if (COMING[ext]) {
      return { error: `${file.name}: the playground cannot import ${COMING[ext]} files yet; paste or drop a .infra design` };
    }
    return { error: `${file.name}: not a design the playground reads (it reads .infra files)` };
  }
  if (file.size > 8 * 1024 * 1024) return { error: `${file.name}: too large for the playground (over 8 MB)` };
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return { error: `${file.name}: not UTF-8 text` };
  }
  return { name: file.name, ...(await importer(text)) };
}

// Make `target` accept dropped files; `onFile` gets each readDesign answer.
export function dropZone(target, overlay, onFile) {
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes("Files");
  target.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  target.addEventListener("dragover", (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  target.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  target.addEventListener("drop", async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer.files[0];
    if (file) onFile(await readDesign(file));
  });
}
