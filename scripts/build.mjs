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
 * - Last, the embedded database's template, build/pgdata-<key>/ (below; docs/embedded-database.md).
 *
 * Tests (vitest), `npm run console` and the bench's helper scripts still run the TypeScript sources.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "build");

const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  // Named, so that each lands directly in build/ (main.js, make-pglite-template.js, chart-worker.js,
  // the digest chart's worker thread, started from its own file by src/figures/trend-chart.ts).
  entryPoints: {
    main: "src/main.ts",
    "make-pglite-template": "db/make-pglite-template.ts",
    "chart-worker": "src/figures/chart-worker.js",
  },
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
// pgdata-* are the embedded database's templates: their own step below keeps them current.
for (const name of current) {
  if (!wanted.has(name) && !name.startsWith("pgdata-")) rmSync(join(OUT, name), { force: true });
}
process.stdout.write(
  `built ${relative(ROOT, OUT)}/ in ${Math.round(performance.now() - started)} ms (${written} of ${wanted.size} files changed)\n`,
);

/*
 * The embedded database's template (db/pglite-template.ts): a PGlite data directory with every
 * migration applied, which a fresh DATA_DIR starts as a copy of (~0.5 s instead of ~4 s). Made once
 * per set of migrations, by the code just built.
 */
const templateStarted = performance.now();
try {
  const { ensurePgliteTemplate } = await import(pathToFileURL(join(OUT, "make-pglite-template.js")).href);
  const template = await ensurePgliteTemplate();
  if (template.made) {
    process.stdout.write(
      `made the embedded database template ${relative(ROOT, template.dir)}/ in ${Math.round(performance.now() - templateStarted)} ms\n`,
    );
  }
} catch (e) {
  // Only a speed-up: without it a fresh DATA_DIR is initialised at start, as before.
  process.stderr.write(
    `could not make the embedded database template (${e instanceof Error ? e.message : String(e)}); a fresh DATA_DIR will be initialised at start instead\n`,
  );
}
