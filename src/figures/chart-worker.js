/**
 * Draws one chart off the main thread (src/figures/trend-chart.ts starts it, one per chart): Vega
 * lays the spec out as SVG, resvg rasterises it to PNG with the font given. Laying out and
 * rasterising take a second or two of CPU, which on the main thread would stall every request
 * and in-flight delivery of the process; here they stall nothing, and the ~40 MB of chart code
 * and font go away with the thread. Plain JavaScript, so it runs as it is under tsx, vitest and
 * in build/ (scripts/build.mjs makes it an entry point of its own).
 */
import { parentPort, workerData } from "node:worker_threads";
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";

const { spec, fontFile, fontFamily, pixels } = workerData;
const view = new View(parse(spec), { renderer: "none" });
const svg = await view.toSVG();
view.finalize();
const rendered = new Resvg(svg, {
  font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: fontFamily },
  fitTo: { mode: "width", value: pixels },
}).render();
const png = rendered.asPng();
parentPort?.postMessage({ png, width: rendered.width, height: rendered.height });
