import { runFaults } from "./faults/faults-part.js";
import type { Args, Part } from "./lib/args.js";
import type { Figures } from "./lib/figures.js";
import { type CommandDriver, runResources } from "./resources/resources-part.js";
import { runScale } from "./scale/scale-part.js";
import { seedWorld, type World } from "./scale/seed-world.js";
import { FULL_SHAPE, QUICK_SHAPE } from "./scale/shape.js";
import { startBenchSlackApi } from "./slack/chat-api.js";
import { slackDriver } from "./slack/slack-driver.js";
import { runSlack } from "./slack/slack-part.js";
import { runTeams } from "./teams/teams-part.js";

export interface Outcome {
  failed: { part: Part; error: string }[];
  notMeasured: string[];
  details: Partial<Record<Part, unknown>>;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * The parts in the order of the priorities, on one seeded world. A part that throws
 * is recorded and the next one still runs: one broken adapter must not hide the other numbers.
 */
export const runParts = async (args: Args, figures: Figures, scratch: string): Promise<Outcome> => {
  const outcome: Outcome = { failed: [], notMeasured: [], details: {} };
  const part = async (name: Part, fn: () => Promise<unknown>) => {
    if (!args.only.includes(name)) return;
    say(`${name}…`);
    figures.mark();
    const t = performance.now();
    try {
      outcome.details[name] = await fn();
    } catch (e) {
      outcome.failed.push({ part: name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
    say(`${name} done in ${Math.round((performance.now() - t) / 1000)} s`);
  };

  // The faults part works on a scratch database of its own: alone, it needs no seeded world.
  const faults = () =>
    part("faults", () => runFaults(figures, scratch, args.quick, (line) => outcome.notMeasured.push(line)));
  if (args.only.every((p) => p === "faults")) {
    await faults();
    return outcome;
  }
  const shape = args.quick ? QUICK_SHAPE : FULL_SHAPE;
  say(`seeding ${shape.totalTasks.toLocaleString("en-US")} tasks over ${shape.firms} firms…`);
  const world: World = await seedWorld(scratch, shape);
  const seedMs = world.timings.reduce((s, t) => s + t.ms, 0);
  figures.add(
    "seed",
    "bulk seed (SQL) incl. vacuum analyze",
    seedMs / 1000,
    "s",
    undefined,
    `${world.tasks} tasks`,
  );
  const fake = await startBenchSlackApi();
  const driver: CommandDriver = slackDriver(fake);

  await part("scale", () => runScale(world, figures, args.quick));
  try {
    await part("resources", () => runResources(figures, world.url, driver, args.quick));
    await part("slack", () => runSlack(figures, world.url, shape, fake.url, args.quick));
  } finally {
    await fake.close();
  }
  await part("teams", () => runTeams(figures, world.url, shape, args.quick));
  await faults();
  return outcome;
};
