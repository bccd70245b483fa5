import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { PacketDocument } from "./packet-document.js";

/*
 * Lays a packet out as a PDF with pdfkit. Imported lazily (src/packets/packet-command.ts): the
 * library and its fonts cost memory only once someone asks for a packet. DejaVu Sans is embedded
 * (subset) so names and notes in any Latin, Greek or Cyrillic script print as typed and can be
 * searched and copied; the standard PDF fonts cover Western European text only.
 */
const require = createRequire(import.meta.url);
const REGULAR = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

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
    font: REGULAR,
    info: { Title: doc.title, Author: meta.author, Creator: "Delegate", CreationDate: meta.createdAt },
  });
  pdf.registerFont("regular", REGULAR);
  pdf.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on("end", () => resolve());
    pdf.on("error", reject);
  });

  const width = pdf.page.width - 2 * MARGIN;
  pdf.font("bold").fontSize(18).text(printable(doc.title), { width });
  pdf.moveDown(0.4);
  pdf.font("regular").fontSize(10);
  for (const line of doc.cover) pdf.text(printable(line), { width });
  for (const block of doc.blocks) {
    const text = printable(block.text);
    switch (block.kind) {
      case "heading":
        pdf.moveDown(0.9).font("bold").fontSize(13).text(text, { width });
        pdf.moveDown(0.2);
        break;
      case "subheading":
        pdf.moveDown(0.5).font("bold").fontSize(10.5).text(text, { width });
        break;
      case "para":
        pdf.moveDown(0.3).font("regular").fontSize(10).text(text, { width });
        break;
      case "item": {
        const indent = block.level === 1 ? 28 : 12;
        pdf
          .font("regular")
          .fontSize(9.5)
          .text(`• ${text}`, MARGIN + indent, undefined, { width: width - indent });
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
    pdf
      .font("regular")
      .fontSize(8)
      .text(`${printable(meta.footer)} · page ${i + 1} of ${range.count}`, MARGIN, pdf.page.height - 36, {
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
