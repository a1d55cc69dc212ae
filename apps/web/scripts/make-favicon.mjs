/**
 * Writes app/favicon.ico: the 32 × 32 raster of app/icon.svg, for browsers and tools that ask for /favicon.ico
 * whatever the page's <link rel="icon"> says (a 404 there is a console error in every browser).
 * Run it after changing icon.svg: `node apps/web/scripts/make-favicon.mjs`. Pure Node, no image libraries:
 * the shapes of icon.svg are drawn here with 4 × 4 supersampling into a 32-bit BMP inside an ICO container.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 32;
const SAMPLES = 4;
const rgb = (hex) => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];

/** Distance from p to the segment a–b. */
function segmentDistance([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare([x, y], size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return x >= 0 && y >= 0 && x <= size && y <= size && Math.hypot(x - cx, y - cy) <= radius;
}

// icon.svg, shape by shape, in paint order: later shapes cover earlier ones.
const arrows = [
  [
    [7, 10],
    [18, 10],
  ],
  [
    [18, 10],
    [15, 7],
  ],
  [
    [25, 22],
    [14, 22],
  ],
  [
    [14, 22],
    [17, 25],
  ],
];
const shapes = [
  { color: rgb('#1f4fd8'), covers: (p) => insideRoundedSquare(p, 32, 7) },
  { color: rgb('#ffffff'), covers: (p) => arrows.some(([a, b]) => segmentDistance(p, a, b) <= 1.3) },
  { color: rgb('#3ddc97'), covers: ([x, y]) => Math.hypot(x - 24, y - 10) <= 2.6 },
  { color: rgb('#ff6b6b'), covers: ([x, y]) => Math.hypot(x - 8, y - 22) <= 2.6 },
];

/** One pixel's premultiplied average over its samples, as [r, g, b, a] bytes. */
function pixel(px, py) {
  const sum = [0, 0, 0, 0];
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const p = [px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES];
      const top = shapes.findLast((s) => s.covers(p));
      if (!top) continue;
      top.color.forEach((c, i) => (sum[i] += c));
      sum[3] += 255;
    }
  }
  const n = SAMPLES * SAMPLES;
  const alpha = sum[3] / n;
  if (alpha === 0) return [0, 0, 0, 0];
  return [...sum.slice(0, 3).map((c) => Math.round(c / (sum[3] / 255))), Math.round(alpha)];
}

// BMP inside ICO: BITMAPINFOHEADER with a doubled height (colour rows + AND-mask rows), rows bottom-up, BGRA.
const maskRowBytes = Math.ceil(SIZE / 32) * 4;
const imageBytes = 40 + SIZE * SIZE * 4 + maskRowBytes * SIZE;
const ico = Buffer.alloc(6 + 16 + imageBytes);
ico.writeUInt16LE(0, 0); // reserved
ico.writeUInt16LE(1, 2); // type: icon
ico.writeUInt16LE(1, 4); // one image
ico.writeUInt8(SIZE, 6);
ico.writeUInt8(SIZE, 7);
ico.writeUInt16LE(1, 10); // colour planes
ico.writeUInt16LE(32, 12); // bits per pixel
ico.writeUInt32LE(imageBytes, 14);
ico.writeUInt32LE(22, 18); // image offset
let o = 22;
ico.writeUInt32LE(40, o);
ico.writeInt32LE(SIZE, o + 4);
ico.writeInt32LE(SIZE * 2, o + 8);
ico.writeUInt16LE(1, o + 12);
ico.writeUInt16LE(32, o + 14);
ico.writeUInt32LE(SIZE * SIZE * 4 + maskRowBytes * SIZE, o + 20);
o += 40;
for (let row = SIZE - 1; row >= 0; row--) {
  for (let col = 0; col < SIZE; col++) {
    const [r, g, b, a] = pixel(col, row);
    ico.writeUInt8(b, o);
    ico.writeUInt8(g, o + 1);
    ico.writeUInt8(r, o + 2);
    ico.writeUInt8(a, o + 3);
    o += 4;
  }
}
// The AND mask stays all zero: the alpha channel decides transparency.

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'app', 'favicon.ico');
writeFileSync(out, ico);
console.log(`wrote ${out} (${ico.length} bytes)`);
