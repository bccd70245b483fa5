import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/*
 * `npm start` as package.json spells it: `prestart` builds build/ (and the embedded database's
 * template), `start` runs the build on plain node. For the tests that start the real server process.
 */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

const scripts = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/**
 * A package.json script that runs `node …` (or `exec node …`: the shell then becomes node), as
 * [node, …args] for this Node.js binary.
 */
export const nodeCommand = (name: string): [string, ...string[]] => {
  const words = (scripts[name] ?? "").split(/\s+/);
  const start = words[0] === "exec" ? 1 : 0;
  if (words[start] !== "node")
    throw new Error(`expected the ${name} script to run node, not: ${scripts[name]}`);
  return [process.execPath, ...words.slice(start + 1)];
};

/** Runs the `prestart` script (the build) and resolves when it is done. */
export const build = (): Promise<void> =>
  new Promise((done, fail) => {
    const [file, ...args] = nodeCommand("prestart");
    execFile(file, args, { cwd: ROOT }, (error, _stdout, stderr) =>
      error ? fail(new Error(`the build failed: ${stderr || error.message}`)) : done(),
    );
  });

/** This process's environment without Delegate's own variables, so that a test says all of them. */
export const inheritedEnv = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        !/^(DATABASE_URL|DATA_DIR|PORT|HOST|LOG_LEVEL|SLACK_.*|MICROSOFT_.*|ALERT_CRON|DIGEST_CRON|DELEGATE_.*|TEAMS_.*)$/.test(
          entry[0],
        ),
    ),
  );
