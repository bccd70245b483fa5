import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { PacketDocument } from "./packet-document.js";

/*
 * Lays a packet out as a PDF with pdfkit. Imported lazily (src/packets/packet-command.ts): the
 * library and its fonts cost memory only once someone asks for a packet.
 *
 * Fonts: Helvetica (built into every PDF reader) draws Western European text and is fast; a line
 * with any other character (Greek, Cyrillic, Central European names…) is drawn with DejaVu Sans,
 * embedded as a subset, so it prints as typed and can be searched and copied. DejaVu is not used
 * for everything because laying text out with an embedded font is about ten times slower.
 */
const require = createRequire(import.meta.url);
const DEJAVU = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const DEJAVU_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

/** What the standard fonts' WinAnsi encoding can draw: ASCII, Latin-1 and a few typographic marks. */
const WIN_ANSI =
  /^[\n\t\x20-\x7e\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]*$/;

const fontFor = (text: string, bold: boolean): string =>
  WIN_ANSI.test(text) ? (bold ? "Helvetica-Bold" : "Helvetica") : bold ? DEJAVU_BOLD : DEJAVU;

const MARGIN = 56;

/** Characters the fonts cannot draw become visible placeholders, never silent gaps. */
const printable = (text: string): string =>
  text.replace(/\p{Cc}/gu, (c) => (c === "\n" || c === "\t" ? c : "?")).replace(/[\u00a0\u202f]/g, " ");

export const renderPacketPdf = async (
  doc: PacketDocument,
  meta: { author: string; createdAt: Date; footer: string },
): Promise<Uint8Array> => {
  const pdf = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: { Title: doc.title, Author: meta.author, Creator: "Delegate", CreationDate: meta.createdAt },
  });
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on("end", () => resolve());
    pdf.on("error", reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  /** One block of text, in the fastest font that can draw it. */
  const write = (text: string, size: number, bold: boolean, x?: number, indent = 0) =>
    pdf
      .font(fontFor(text, bold))
      .fontSize(size)
      .text(text, x, undefined, { width: width - indent });
  write(printable(doc.title), 18, true);
  pdf.moveDown(0.4);
  for (const line of doc.cover) write(printable(line), 10, false);
  for (const block of doc.blocks) {
    const text = printable(block.text);
    switch (block.kind) {
      case "heading":
        pdf.moveDown(0.9);
        write(text, 13, true);
        pdf.moveDown(0.2);
        break;
      case "subheading":
        pdf.moveDown(0.5);
        write(text, 10.5, true);
        break;
      case "para":
        pdf.moveDown(0.3);
        write(text, 10, false);
        break;
      case "item": {
        const indent = block.level === 1 ? 28 : 12;
        write(`\u2022 ${text}`, 9.5, false, MARGIN + indent, indent);
        pdf.x = MARGIN;
        break;
      }
    }
  }

  // A footer on every page: whose packet, that it is confidential, page n of N.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const footer = `${printable(meta.footer)} · page ${i + 1} of ${range.count}`;
    pdf
      .font(fontFor(footer, false))
      .fontSize(8)
      .text(footer, MARGIN, pdf.page.height - 36, {
        width,
        align: "center",
        lineBreak: false,
      });
    pdf.page.margins.bottom = bottom;
  }
  pdf.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
};
