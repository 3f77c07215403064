// Runs infrac in a Web Worker, so a large design never freezes typing: the page posts
// {id, op, request} and gets {id, ok, value, ms} back. If the module traps (a bug in
// infrac: panics abort), the worker answers with the error and loads a fresh instance,
// since a trapped instance's memory cannot be trusted.

import { Infrac } from "./wasm.js";

let module; // the compiled WebAssembly.Module, kept to re-instantiate after a trap
let infrac;

async function start() {
  const response = await fetch(new URL("infrac.wasm", self.location.href));
  if (!response.ok) throw new Error(`infrac.wasm: HTTP ${response.status}`);
  try {
    module = await WebAssembly.compileStreaming(response.clone());
  } catch {
    // A server that does not send application/wasm: compile from the bytes.
    module = await WebAssembly.compile(await response.arrayBuffer());
  }
  infrac = new Infrac(await WebAssembly.instantiate(module, {}));
  const fonts = [infrac.font(0), infrac.font(1)];
  self.postMessage({ ready: true, fonts }, fonts);
}

const ready = start().catch((error) => {
  self.postMessage({ ready: false, error: String(error) });
  throw error;
});

self.onmessage = async ({ data: { id, op, request } }) => {
  await ready;
  const t0 = performance.now();
  try {
    let value;
    switch (op) {
      case "preview":
        value = infrac.preview(request);
        break;
      case "complete":
        value = infrac.complete(request.text, request.offset);
        break;
      case "format":
        value = infrac.format(request.name, request.text);
        break;
      default:
        throw new Error(`unknown operation ${op}`);
    }
    self.postMessage({ id, ok: true, value, ms: performance.now() - t0 });
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      infrac = new Infrac(await WebAssembly.instantiate(module, {}));
    }
    self.postMessage({ id, ok: false, error: String(error), ms: performance.now() - t0 });
  }
};
