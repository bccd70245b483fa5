/**
 * `npm run build` (and `npm start`, through `prestart`): bundles src/main.ts and everything of ours it
 * imports into plain JavaScript in build/, so the server runs on `node` alone. Running the TypeScript
 * sources through tsx instead costs ~55 MB of resident memory: tsx's module hooks run on a loader
 * thread with a V8 heap of its own (~45 MB even for an empty script), and every transformed source is
 * kept with its source map. The bundle is the same JavaScript esbuild would hand tsx, transpiled once,
 * in well under a second.
 *
 * - Packages in node_modules stay outside the bundle (`packages: "external"`) and load as usual.
 * - Code splitting keeps lazy imports lazy: the Slack and Teams adapters become chunks of their own,
 *   loaded only when their platform is used, as under tsx.
 * - Every output file sits directly in build/ (no sub-folders): db/migrate.ts finds the migrations
 *   at `<its own folder>/../migrations`, which from build/ is the project's migrations/ folder.
 * - Source maps (without the sources' text) let `node --enable-source-maps` print stack traces with
 *   the TypeScript file names and lines.
 *
 * Tests (vitest), `npm run console` and the bench's helper scripts still run the TypeScript sources.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "build");

const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  // The digest chart's worker thread is started from its own file (src/figures/trend-chart.ts).
  entryPoints: [
    { in: "src/main.ts", out: "main" },
    { in: "src/figures/chart-worker.js", out: "chart-worker" },
  ],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  packages: "external",
  sourcemap: true,
  sourcesContent: false,
  logLevel: "warning",
  write: false,
});

/*
 * Only what changed is written, each file replaced whole (written aside, then renamed), and files of
 * an earlier build are removed afterwards. So a second `npm start` in the same folder (another
 * replica) leaves the files of the one already running as they were: chunk names carry a hash of
 * their content, and a running server still loads its Teams chunk on first use.
 */
mkdirSync(OUT, { recursive: true });
const current = readdirSync(OUT);
let written = 0;
for (const file of result.outputFiles) {
  const name = basename(file.path);
  if (current.includes(name) && readFileSync(file.path).equals(file.contents)) continue;
  const aside = `${file.path}.${process.pid}.tmp`;
  writeFileSync(aside, file.contents);
  renameSync(aside, file.path);
  written++;
}
const wanted = new Set(result.outputFiles.map((f) => basename(f.path)));
for (const name of current) if (!wanted.has(name)) rmSync(join(OUT, name), { force: true });
process.stdout.write(
  `built ${relative(ROOT, OUT)}/ in ${Math.round(performance.now() - started)} ms (${written} of ${wanted.size} files changed)\n`,
);
