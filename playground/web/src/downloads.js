// Downloads, made in the page: SVG and Markdown as infrac wrote them, the design as
// `.infra`, and PNG rasterised here from the SVG through a canvas, with the embedded
// DejaVu Sans inlined into the SVG so the picture uses the font its text was measured
// with (an SVG drawn as an image cannot see the page's fonts).

import { base64url } from "./share.js";

export function save(name, type, data) {
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The SVG with @font-face rules for the embedded fonts (as data: URLs).
export function withFonts(svg, fonts) {
  if (!fonts) return svg;
  const face = (bytes, weight) => {
    const b64 = base64url(new Uint8Array(bytes)).replace(/-/g, "+").replace(/_/g, "/");
    return `@font-face{font-family:'DejaVu Sans';font-weight:${weight};src:url(data:font/ttf;base64,${b64}) format('truetype')}`;
  };
  const style = `<style>${face(fonts[0], "normal")}${face(fonts[1], "bold")}</style>`;
  return svg.replace(/<svg\b[^>]*>/, (open) => open + style);
}

// A PNG of `svg` at `scale` × its size.
export async function png(svg, fonts, scale = 2) {
  const source = withFonts(svg, fonts);
  const url = URL.createObjectURL(new Blob([source], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(img.naturalWidth * scale);
    canvas.height = Math.ceil(img.naturalHeight * scale);
    const cx = canvas.getContext("2d");
    cx.scale(scale, scale);
    cx.drawImage(img, 0, 0);
    return await new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the canvas made no PNG"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
