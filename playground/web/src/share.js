// The design in the URL fragment, so a link shares it: `#d=` + base64url of the text
// compressed with raw DEFLATE (the browser's CompressionStream; nothing to download), or
// `#t=` + base64url of the plain UTF-8 where CompressionStream is missing. What-if
// failures ride along as `&fail=a,b`. The fragment never leaves the browser.

export async function encode({ text, fail = [] }) {
  const bytes = new TextEncoder().encode(text);
  let fragment;
  if (typeof CompressionStream === "function") {
    fragment = "d=" + base64url(await pipe(bytes, new CompressionStream("deflate-raw")));
  } else {
    fragment = "t=" + base64url(bytes);
  }
  if (fail.length) fragment += "&fail=" + fail.map(encodeURIComponent).join(",");
  return fragment;
}

// The shared design in `hash` (with or without its `#`), or null when there is none or it
// cannot be read (a truncated link).
export async function decode(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const fail = (params.get("fail") || "").split(",").filter(Boolean);
  try {
    if (params.has("d")) {
      const bytes = await pipe(unbase64url(params.get("d")), new DecompressionStream("deflate-raw"));
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), fail };
    }
    if (params.has("t")) {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(unbase64url(params.get("t"))), fail };
    }
  } catch {
    return { error: "the link's design is damaged (was it cut short?)", fail };
  }
  return null;
}

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function base64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unbase64url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export { base64url };
