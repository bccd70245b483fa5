/**
 * A packet as plain text blocks: the content is decided here and in packet-content.ts, the PDF
 * renderer (packet-pdf.ts) only lays it out. Kept apart so the words can be tested without a PDF.
 */
export type Block =
  | { kind: "heading"; text: string }
  | { kind: "subheading"; text: string }
  | { kind: "para"; text: string }
  /** A row of a list, indented by `level` (0 or 1). */
  | { kind: "item"; text: string; level?: 0 | 1 };

export interface PacketDocument {
  title: string;
  /** Lines under the title: firm, period, who made it and when. */
  cover: string[];
  blocks: Block[];
}

export const heading = (text: string): Block => ({ kind: "heading", text });
export const subheading = (text: string): Block => ({ kind: "subheading", text });
export const para = (text: string): Block => ({ kind: "para", text });
export const item = (text: string, level: 0 | 1 = 0): Block => ({ kind: "item", text, level });

/** Every word of the document, in reading order (tests compare it with what the PDF shows). */
export const documentText = (d: PacketDocument): string =>
  [d.title, ...d.cover, ...d.blocks.map((b) => b.text)].join("\n");
