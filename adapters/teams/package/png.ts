import { deflateSync } from "node:zlib";
import { crc32 } from "./crc32.js";

/** A minimal PNG encoder (8-bit RGBA, no interlace), enough for the Teams app icons. */
const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/** `pixel(x, y)` → [r, g, b, a], each 0–255. */
export const encodePng = (
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer => {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
};

/** Width, height and colour type of a PNG, from its header (for checks). */
export const pngInfo = (png: Buffer): { width: number; height: number; colorType: number } => ({
  width: png.readUInt32BE(16),
  height: png.readUInt32BE(20),
  colorType: png[25] ?? -1,
});
