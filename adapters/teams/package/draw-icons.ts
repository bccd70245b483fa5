import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodePng } from "./png.js";

/**
 * Draws the two Teams icons (run once; the PNGs are committed): color.png, 192×192, a white
 * check mark on Delegate blue; outline.png, 32×32, the same mark in white on transparent.
 */
const HERE = dirname(fileURLToPath(import.meta.url));

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
const toSegment = (px: number, py: number, ax: number, ay: number, bx: number, by: number): number => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
};

/** The check mark in unit coordinates, stroke width `w`. */
const onMark = (u: number, v: number, w: number): boolean =>
  toSegment(u, v, 0.25, 0.52, 0.43, 0.7) < w || toSegment(u, v, 0.43, 0.7, 0.76, 0.32) < w;

const color = encodePng(192, 192, (x, y) => {
  const u = (x + 0.5) / 192;
  const v = (y + 0.5) / 192;
  return onMark(u, v, 0.06) ? [255, 255, 255, 255] : [31, 78, 121, 255];
});
const outline = encodePng(32, 32, (x, y) => {
  const u = (x + 0.5) / 32;
  const v = (y + 0.5) / 32;
  return onMark(u, v, 0.08) ? [255, 255, 255, 255] : [0, 0, 0, 0];
});
writeFileSync(join(HERE, "..", "appPackage", "color.png"), color);
writeFileSync(join(HERE, "..", "appPackage", "outline.png"), outline);
