// Compile each D2 file with D2's ELK layout (@terrastruct/d2, its WASM build) and save a
// PNG of it as headless Chromium draws it at 1 CSS px per unit (D2's SVG sets its text in
// web fonts that only a browser reads). Usage: node d2_png.mjs OUT_DIR FILE.d2...
import { D2 } from '@terrastruct/d2';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [outDir, ...inputs] = process.argv.slice(2);
const d2 = new D2();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ deviceScaleFactor: 2 });
for (const input of inputs) {
  const result = await d2.compile(fs.readFileSync(input, 'utf8'), { layout: 'elk' });
  const svg = await d2.render(result.diagram, { ...result.renderOptions, scale: 1, pad: 16, noXMLTag: true });
  await page.setContent(`<html><body style="margin:0;background:#fff">${svg}</body></html>`);
  const out = path.join(outDir, path.basename(input, '.d2') + '.png');
  await (await page.$('svg')).screenshot({ path: out });
  console.log(out);
}
await browser.close();
process.exit(0);
