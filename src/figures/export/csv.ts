/**
 * CSV as RFC 4180 writes it (CRLF line ends; a field with a comma, quote, CR or LF in double
 * quotes, quotes doubled), made safe to open in a spreadsheet: a text cell that starts with
 * = + - @ (or a tab or CR) would be read as a formula, so it gets a leading apostrophe (OWASP's
 * advice against CSV injection). Numbers we write are never negative, so they never start so.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const csvCell = (value: string | number): string => {
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvFile = (header: readonly string[], rows: (string | number)[][]): string =>
  `${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
