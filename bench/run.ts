/**
 * `npm run bench [-- --quick] [-- --only scale,resources,slack,teams,faults]`: starts what it
 * needs on loopback (a scratch PostgreSQL database, server processes, fake chat APIs), measures,
 * prints a table and writes bench/results/latest.json. Exit 0 when every part ran (a missed
 * target is a finding, not a crash); 1 when a part could not run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Args, parseArgs } from "./lib/args.js";
import { killAll, runningCount, runningPids } from "./lib/children.js";
import { Figures, formatTable } from "./lib/figures.js";
import { NOISY_OUTSIDE_CORES, setOurPids } from "./lib/load.js";
import { describeMachine } from "./lib/machine.js";
import { dropScratchDatabase, postgresVersion, SCRATCH_PREFIX, watchOurBackends } from "./lib/scratch-db.js";
import { ROOT } from "./lib/server-process.js";
import { runParts } from "./run-parts.js";

// Quick and full runs use different scratch databases, so a CI quick run never drops a full one.
const SCRATCH_DB = process.argv.includes("--quick") ? `${SCRATCH_PREFIX}_quick` : SCRATCH_PREFIX;

const main = async (args: Args): Promise<number> => {
  const started = new Date();
  const figures = new Figures();
  const machine = describeMachine(await postgresVersion());
  process.stdout.write(
    `Delegate bench (${args.quick ? "quick" : "full"}): ${args.only.join(", ")} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, PostgreSQL ${machine.postgres}\n`,
  );
  // Ours, for the outside-load figures: the servers we started and the backends serving them.
  const stopWatching = watchOurBackends((backends) =>
    setOurPids(async () => [...runningPids(), ...(await backends())]),
  );
  const outcome = await runParts(args, figures, SCRATCH_DB).finally(async () => {
    killAll();
    await stopWatching().catch(() => {});
    await dropScratchDatabase(SCRATCH_DB).catch((e: unknown) =>
      process.stderr.write(`could not drop ${SCRATCH_DB}: ${e instanceof Error ? e.message : String(e)}\n`),
    );
  });
  const finished = new Date();
  const report = {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: Math.round((finished.getTime() - started.getTime()) / 1000),
    mode: args.quick ? "quick" : "full",
    parts: args.only,
    command: `npm run bench${args.quick ? " -- --quick" : ""}`,
    machine,
    engine: { server: "PostgreSQL", version: machine.postgres, scratchDatabase: SCRATCH_DB },
    load: {
      method:
        "CPU used by other processes during each step: /proc/stat busy ticks minus those of the bench, its servers and the PostgreSQL backends of its scratch database",
      noisyAboveCores: NOISY_OUTSIDE_CORES,
      noisyFigures: figures.all.filter((f) => f.load?.noisy).length,
      loadAverageAtEnd: describeMachine().loadAverage,
    },
    figures: figures.all,
    failedParts: outcome.failed,
    notMeasured: outcome.notMeasured,
    details: outcome.details,
  };
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, args.quick ? "latest-quick.json" : "latest.json");
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(figures.all)}\n`);
  const noisy = report.load.noisyFigures;
  if (noisy > 0) {
    process.stdout.write(
      `\n${noisy} of ${figures.all.length} figures were measured while other processes used more than ${NOISY_OUTSIDE_CORES} cores (NOISY): run again on a quiet machine before quoting them.\n`,
    );
  }
  for (const note of outcome.notMeasured) process.stdout.write(`not measured: ${note}\n`);
  for (const f of outcome.failed) process.stdout.write(`PART FAILED: ${f.part}: ${f.error}\n`);
  process.stdout.write(`\nwrote ${file} in ${report.seconds} s\n`);
  return outcome.failed.length > 0 ? 1 : 0;
};

let args: Args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
// Ctrl-C still stops every child and drops the scratch database.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    void dropScratchDatabase(SCRATCH_DB).finally(() => process.exit(130));
  });
}
main(args).then(
  (code) => {
    if (runningCount() > 0) killAll();
    process.exit(code);
  },
  (e: unknown) => {
    killAll();
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
