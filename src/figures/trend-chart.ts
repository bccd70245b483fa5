import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { formatHours, formatMoney } from "../domain/money.js";
import type { ViewImage } from "../views/view.js";

/** One week of the trend chart, from frozen figures. */
export interface TrendWeek {
  label: string;
  recoveredMinutes: number;
  /** Value and cost in cents, per currency as approved (one, unless the firm changed currency). */
  money: Record<string, { value: number; cost: number }>;
}

/*
 * The digest's trend chart, drawn on the server: the spec is made here, and a worker thread
 * (chart-worker.js) lays it out with Vega and rasterises it with resvg, using the DejaVu Sans font
 * shipped in an npm package, so the picture is the same on every machine and no request or
 * delivery of this process waits for it. See docs/figures.md for the measured cost.
 */

/** The plot's size; the whole picture is rasterised PIXELS wide (sharp on high-density screens; Teams shows up to 1024). */
const WIDTH = 480;
const HEIGHT = 260;
const PIXELS = 960;
/** A chart not drawn by then is given up: the digest goes without it. */
const DRAW_TIMEOUT_MS = 60_000;

const FONT = "DejaVu Sans";
const fontFile = join(
  dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
  "DejaVuSans.ttf",
);

const COLORS = { hours: "#9ecae1", value: "#1f77b4", cost: "#d62728" };

/** "W49": a week label short enough for an axis. */
const shortWeek = (label: string): string => label.slice(5);

/** A week's value and cost in `currency`; undefined when its work was approved in another currency. */
const amountsIn = (w: TrendWeek, currency: string): { value: number; cost: number } | undefined =>
  Object.keys(w.money).length === 0 ? { value: 0, cost: 0 } : w.money[currency];

/** In words, for screen readers and wherever the picture is not shown. */
export const trendChartAlt = (trend: TrendWeek[], currency: string): string => {
  const first = trend[0]?.label ?? "";
  const last = trend.at(-1)?.label ?? "";
  const money = (w: TrendWeek) => {
    const a = amountsIn(w, currency);
    return a
      ? `${shortWeek(w.label)} ${formatMoney(a.value, currency)} against ${formatMoney(a.cost, currency)}`
      : `${shortWeek(w.label)} in another currency, not shown`;
  };
  return [
    `Chart of the ${trend.length} weeks ${first} to ${last}.`,
    `Bars, attorney hours recovered: ${trend.map((w) => `${shortWeek(w.label)} ${formatHours(w.recoveredMinutes)}`).join(", ")}.`,
    `Lines, value against cost: ${trend.map(money).join(", ")}.`,
  ].join(" ");
};

const spec = (trend: TrendWeek[], currency: string) => {
  const weeks = trend.map((w) => ({ week: shortWeek(w.label), hours: w.recoveredMinutes / 60 }));
  // A week approved in another currency (the firm changed it) has no point: amounts are never converted.
  const money = trend.flatMap((w) => {
    const a = amountsIn(w, currency);
    return a
      ? [
          { week: shortWeek(w.label), series: "Value", amount: a.value / 100 },
          { week: shortWeek(w.label), series: "Cost", amount: a.cost / 100 },
        ]
      : [];
  });
  const font = { labelFont: FONT, titleFont: FONT };
  return {
    width: WIDTH,
    height: HEIGHT,
    padding: 12,
    background: "white",
    config: { text: { font: FONT }, axis: font, legend: font, title: { font: FONT } },
    title: { text: "Attorney hours recovered, and value against cost", anchor: "start", fontSize: 14 },
    data: [
      { name: "weeks", values: weeks },
      { name: "money", values: money },
    ],
    scales: [
      { name: "x", type: "band", domain: { data: "weeks", field: "week" }, range: "width", padding: 0.25 },
      // Domains from 0 to at least 1: a trend of zeros is drawn as an empty chart, not a degenerate one.
      {
        name: "h",
        type: "linear",
        domain: [0, Math.max(1, ...weeks.map((w) => w.hours))],
        range: "height",
        nice: true,
      },
      {
        name: "m",
        type: "linear",
        domain: [0, Math.max(1, ...money.map((m) => m.amount))],
        range: "height",
        nice: true,
      },
      {
        name: "key",
        type: "ordinal",
        domain: ["Hours recovered", "Value", "Cost"],
        range: [COLORS.hours, COLORS.value, COLORS.cost],
      },
    ],
    axes: [
      { orient: "bottom", scale: "x", labelFontSize: 10 },
      { orient: "left", scale: "h", title: "Hours recovered", grid: true, tickMinStep: 1 },
      { orient: "right", scale: "m", title: currency, format: ",.0f" },
    ],
    legends: [{ fill: "key", orient: "top", direction: "horizontal", symbolType: "square" }],
    marks: [
      {
        type: "rect",
        from: { data: "weeks" },
        encode: {
          enter: {
            x: { scale: "x", field: "week" },
            width: { scale: "x", band: 1 },
            y: { scale: "h", field: "hours" },
            y2: { scale: "h", value: 0 },
            fill: { value: COLORS.hours },
          },
        },
      },
      {
        type: "group",
        from: { facet: { name: "series", data: "money", groupby: "series" } },
        marks: [
          {
            type: "line",
            from: { data: "series" },
            encode: {
              enter: {
                x: { scale: "x", field: "week", band: 0.5 },
                y: { scale: "m", field: "amount" },
                stroke: { scale: "key", field: "series" },
                strokeWidth: { value: 2.5 },
              },
            },
          },
          {
            type: "symbol",
            from: { data: "series" },
            encode: {
              enter: {
                x: { scale: "x", field: "week", band: 0.5 },
                y: { scale: "m", field: "amount" },
                fill: { scale: "key", field: "series" },
                size: { value: 30 },
              },
            },
          },
        ],
      },
    ],
  };
};

interface Drawn {
  png: Uint8Array;
  width: number;
  height: number;
}

const drawInWorker = (spec: unknown): Promise<Drawn> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./chart-worker.js", import.meta.url), {
      workerData: { spec, fontFile, fontFamily: FONT, pixels: PIXELS },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error("chart not drawn in time"));
    }, DRAW_TIMEOUT_MS);
    worker.once("message", (drawn: Drawn) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(drawn);
    });
    worker.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    worker.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`chart worker stopped (${code})`));
    });
  });

/** The trend of the last weeks as a PNG, with its description. */
export const drawTrendChart = async (trend: TrendWeek[], currency: string): Promise<ViewImage> => {
  const drawn = await drawInWorker(spec(trend, currency));
  return {
    title: `Last ${trend.length} weeks`,
    alt: trendChartAlt(trend, currency),
    pngBase64: Buffer.from(drawn.png).toString("base64"),
    width: drawn.width,
    height: drawn.height,
  };
};
