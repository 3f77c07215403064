// The glue for infrac.wasm's exports (playground/wasm/src/lib.rs): every call writes a
// JSON request into the module's input buffer and reads a JSON answer from its output
// buffer. This is all the glue a "string in, string out" module needs.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Infrac {
  // `bytes`: the module's code (an ArrayBuffer or typed array), as Node reads it.
  static async load(bytes) {
    const { instance } = await WebAssembly.instantiate(bytes, {});
    return new Infrac(instance);
  }

  constructor(instance) {
    this.exports = instance.exports;
  }

  call(name, request) {
    const bytes = encoder.encode(JSON.stringify(request));
    const at = this.exports.input(bytes.length);
    // The memory may have grown (and its buffer been replaced) by `input`: view it after.
    new Uint8Array(this.exports.memory.buffer, at, bytes.length).set(bytes);
    const len = this.exports[name](bytes.length);
    return JSON.parse(this.output(len));
  }

  output(len) {
    const at = this.exports.output();
    return decoder.decode(new Uint8Array(this.exports.memory.buffer, at, len));
  }

  preview(request) {
    return this.call("preview", request);
  }

  complete(text, offset) {
    return this.call("complete", { text, offset });
  }

  format(name, text) {
    return this.call("format", { name, text });
  }

  // The embedded DejaVu Sans (0 regular, 1 bold), copied out of the module's memory.
  font(index) {
    const at = this.exports.font(index);
    const len = this.exports.font_len(index);
    return new Uint8Array(this.exports.memory.buffer, at, len).slice().buffer;
  }
}
