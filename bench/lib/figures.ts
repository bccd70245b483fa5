import { type Load, type LoadSnapshot, loadSince, snapshot } from "./load.js";
import { round } from "./stats.js";

/** A target a figure is judged against: below, at most, at least, or equal (e.g. tasks lost = 0). */
export interface Target {
  op: "<" | "<=" | ">=" | "=";
  value: number;
}

const meets = (value: number, t: Target): boolean =>
  t.op === "<"
    ? value < t.value
    : t.op === "<="
      ? value <= t.value
      : t.op === ">="
        ? value >= t.value
        : value === t.value;

export interface Figure {
  part: string;
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** Undefined when the figure has no target (shown for context). */
  pass?: boolean;
  note?: string;
  /** The machine's load while the figure was measured (its step, else its part so far). */
  load?: Load;
}

/** Collects the figures of a run; each part adds its own. */
export class Figures {
  readonly all: Figure[] = [];
  private since: LoadSnapshot = snapshot();

  /** A part begins: figures added without a load of their own get the load since here. */
  mark(): void {
    this.since = snapshot();
  }

  add(
    part: string,
    name: string,
    value: number,
    unit: string,
    target?: Target,
    note?: string,
    load?: Load,
  ): Figure {
    const pass = target ? meets(value, target) : undefined;
    const figure: Figure = {
      part,
      name,
      value: Number.isFinite(value) ? round(value, 2) : value,
      unit,
      ...(target ? { target, pass } : {}),
      ...(note ? { note } : {}),
      load: load ?? loadSince(this.since),
    };
    this.all.push(figure);
    return figure;
  }
}

/** "0.05 cores, la 1.2", with NOISY when others used more than the threshold. */
export const loadText = (l: Load | undefined): string =>
  l ? `${l.outsideCores.toFixed(2)} cores, la ${l.loadAverage.toFixed(2)}${l.noisy ? " NOISY" : ""}` : "";

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length));

/** The compact table the bench prints: part, figure, value, unit, target, pass/fail. */
export const formatTable = (figures: readonly Figure[]): string => {
  const rows = [
    ["part", "figure", "value", "unit", "target", "result", "outside load"],
    ...figures.map((f) => [
      f.part,
      f.name,
      String(f.value),
      f.unit,
      f.target ? `${f.target.op} ${f.target.value}` : "",
      f.pass === undefined ? "" : f.pass ? "pass" : "FAIL",
      loadText(f.load),
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
    "| part | figure | value | unit | target | result | outside load |",
    "|---|---|---:|---|---|---|---|",
    ...figures.map(
      (f) =>
        `| ${f.part} | ${f.name} | ${f.value} | ${f.unit} | ${f.target ? `${f.target.op} ${f.target.value}` : ""} | ${f.pass === undefined ? "" : f.pass ? "pass" : "**fail**"} | ${loadText(f.load)} |`,
    ),
  ].join("\n");
