import { round } from "./stats.js";

/** A target a figure is judged against: "below" (the usual) or "equal" (e.g. tasks lost = 0). */
export interface Target {
  op: "<" | "=";
  value: number;
}

export interface Figure {
  part: string;
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** Undefined when the figure has no target (shown for context). */
  pass?: boolean;
  note?: string;
}

/** Collects the figures of a run; each part adds its own. */
export class Figures {
  readonly all: Figure[] = [];

  add(part: string, name: string, value: number, unit: string, target?: Target, note?: string): Figure {
    const pass = target ? (target.op === "<" ? value < target.value : value === target.value) : undefined;
    const figure: Figure = {
      part,
      name,
      value: Number.isFinite(value) ? round(value, 2) : value,
      unit,
      ...(target ? { target, pass } : {}),
      ...(note ? { note } : {}),
    };
    this.all.push(figure);
    return figure;
  }
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));

/** The compact table the bench prints: part, figure, value, unit, target, pass/fail. */
export const formatTable = (figures: readonly Figure[]): string => {
  const rows = [
    ["part", "figure", "value", "unit", "target", "result"],
    ...figures.map((f) => [
      f.part,
      f.name,
      String(f.value),
      f.unit,
      f.target ? `${f.target.op} ${f.target.value}` : "",
      f.pass === undefined ? "" : f.pass ? "pass" : "FAIL",
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
};

/** The same table as Markdown, for the README's Performance section. */
export const formatMarkdown = (figures: readonly Figure[]): string =>
  [
    "| part | figure | value | unit | target | result |",
    "|---|---|---:|---|---|---|",
    ...figures.map(
      (f) =>
        `| ${f.part} | ${f.name} | ${f.value} | ${f.unit} | ${f.target ? `${f.target.op} ${f.target.value}` : ""} | ${f.pass === undefined ? "" : f.pass ? "pass" : "**fail**"} |`,
    ),
  ].join("\n");
