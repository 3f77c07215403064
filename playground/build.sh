#!/usr/bin/env bash
# Build the playground — infrac's core as WebAssembly and the page around it — into
# playground/dist/ (index.html and its assets; nothing is fetched from elsewhere at run
# time). With --serve [PORT] it then serves dist/ on 127.0.0.1 (default port 8080).
#
# Needs Node.js and npm, and a Rust that can build for wasm32-unknown-unknown: rustup's
# target (`rustup target add wasm32-unknown-unknown`) if installed, else Debian's
# (`apt-get install rustc-web cargo-web rust-web-src lld`), which builds the standard
# library from source on the first build (~5 min on 2 cores; kept in the target dir).
# PLAYGROUND_WASM_OPT=1 runs wasm-opt -O3 (Debian `binaryen`) on the module: measured
# here it saves 1.5% gzipped (1,469,883 → 1,448,235 bytes) and takes 8.5 minutes, so
# it is off by default.
#
# Environment: PLAYGROUND_TARGET_DIR (default playground/wasm/target).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
dist=$here/dist
target=${PLAYGROUND_TARGET_DIR:-$here/wasm/target}
triple=wasm32-unknown-unknown

serve=""
case "${1:-}" in
  --serve) serve=${2:-8080} ;;
  "") ;;
  *) echo "usage: playground/build.sh [--serve [PORT]]" >&2; exit 2 ;;
esac

step() { echo "== playground: $*"; }

# --- the WebAssembly module --------------------------------------------------------
wasm_build() {
  # rustup with the target installed: the ordinary build.
  if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx "$triple"; then
    cargo build --release --locked --target "$triple" \
      --manifest-path "$here/wasm/Cargo.toml" --target-dir "$target"
    return
  fi
  # Debian's toolchain: std for wasm32 is built from its source (see shared WASM.md).
  if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] && command -v wasm-ld >/dev/null \
     && [ -d "$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
    env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld \
      /usr/bin/cargo build --release --locked --target "$triple" -Zbuild-std=std,panic_abort \
      --manifest-path "$here/wasm/Cargo.toml" --target-dir "$target"
    return
  fi
  echo "no Rust toolchain for $triple: run 'rustup target add $triple', or" >&2
  echo "'apt-get install rustc-web cargo-web rust-web-src lld' on Debian" >&2
  exit 1
}

step "building the WebAssembly module (target dir $target)"
wasm_build
module=$target/$triple/release/infrac_playground.wasm
mkdir -p "$dist"
rm -rf "${dist:?}"/*
if [ "${PLAYGROUND_WASM_OPT:-}" = 1 ]; then
  step "wasm-opt -O3 ($(wasm-opt --version))"
  # The Rust output uses these post-MVP features; wasm-opt must be told to keep them.
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-multivalue --enable-reference-types \
    "$module" -o "$dist/infrac.wasm"
else
  cp "$module" "$dist/infrac.wasm"
fi

# --- the page ------------------------------------------------------------------------
step "npm packages (playground/web/package-lock.json)"
cd "$here/web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
step "bundling the page with esbuild"
node build.mjs "$dist" "$root/examples"

raw=$(stat -c %s "$dist/infrac.wasm")
gz=$(gzip -9 -c "$dist/infrac.wasm" | wc -c)
js=$(cat "$dist"/*.js | gzip -9 | wc -c)
step "dist/infrac.wasm: $raw bytes, $gz gzipped; scripts: $js bytes gzipped"
# The budget: the module, with its embedded DejaVu fonts, under 3 MB gzipped.
if [ "$gz" -gt 3000000 ]; then
  echo "infrac.wasm is over its 3 MB gzipped budget" >&2
  exit 1
fi
step "built $dist"

if [ -n "$serve" ]; then
  step "serving on http://127.0.0.1:$serve/ (Ctrl-C stops)"
  exec node "$here/web/serve.mjs" "$dist" "$serve"
fi
