import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * docs/architecture.md#layers: dependencies point one way, adapters → src → db. The core never imports an adapter or a
 * chat SDK; an adapter never touches tables directly; only src/config.ts reads the environment.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE = /\.(c|m)?(t|j)sx?$/;

const sourceFiles = (dir: string): string[] => {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
};

/** Source text with comments blanked out (string and template literals kept). */
const stripComments = (text: string): string => {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
      out += " ";
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
};

/** Every module specifier a file imports, re-exports, dynamically imports or requires. */
const importsOf = (text: string): string[] => {
  const code = stripComments(text);
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;"'`]*?\bfrom\s*["'`]([^"'`]+)["'`]/g,
    /\bimport\s*["'`]([^"'`]+)["'`]/g,
    /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
    /\brequire\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) if (m[1]) found.push(m[1]);
  return found;
};

/** Reads of the environment: process.env, process["env"], `const { env } = process`, node:process's env. */
const readsEnvironment = (text: string): boolean => {
  const code = stripComments(text);
  return (
    /\bprocess\s*(\?\.|\.)\s*env\b/.test(code) ||
    /\bprocess\s*(\?\.)?\[\s*["'`]env["'`]\s*\]/.test(code) ||
    /\{[^}]*\benv\b[^}]*\}\s*=\s*(globalThis\.)?process\b/.test(code) ||
    /\bimport\s*\{[^}]*\benv\b[^}]*\}\s*from\s*["'`](node:)?process["'`]/.test(code)
  );
};

/** The top-level project folder a relative specifier lands in ("adapters", "db", …), else undefined. */
const targetFolder = (file: string, specifier: string): string | undefined => {
  if (!specifier.startsWith(".")) return undefined;
  const target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
  return target.startsWith("..") ? undefined : target.split(sep)[0];
};

/**
 * The composition root (docs/architecture.md#layers: src/main.ts wires the adapters): `npm start` (src/main.ts) and the server
 * it assembles (src/server.ts) may import adapters, to start them. They still import no chat SDK.
 */
const COMPOSITION_ROOT = ["src/main.ts", "src/server.ts"];

const CHAT_SDK = /^(@slack\/|botbuilder|botframework-)/;
const DATABASE_PACKAGE = /^(drizzle-orm|postgres|@electric-sql\/pglite)(\/|$)/;

/** Import rule violations of one file, as "file: reason" lines. */
const violations = (file: string, text: string): string[] => {
  const problems: string[] = [];
  const area = file.split("/")[0];
  for (const specifier of importsOf(text)) {
    const folder = targetFolder(file, specifier);
    if (area === "src" && CHAT_SDK.test(specifier)) problems.push(`${file}: imports chat SDK ${specifier}`);
    if (area === "src" && folder === "adapters" && !COMPOSITION_ROOT.includes(file))
      problems.push(`${file}: imports adapter code ${specifier}`);
    if (area === "adapters" && DATABASE_PACKAGE.test(specifier))
      problems.push(`${file}: imports ${specifier} (adapters go through src/)`);
    if (area === "adapters" && folder === "db")
      problems.push(`${file}: imports ${specifier} from db/ (adapters go through src/)`);
  }
  if (area === "src" && file !== "src/config.ts" && readsEnvironment(text))
    problems.push(`${file}: reads process.env (only src/config.ts may)`);
  return problems;
};

describe("dependency boundaries", () => {
  it("the detector catches each kind of violation, and not comments or look-alikes", () => {
    expect(violations("src/services/x.ts", `import { App } from "@slack/bolt";`)).toHaveLength(1);
    expect(violations("src/services/x.ts", `import type { TurnContext } from 'botbuilder';`)).toHaveLength(1);
    expect(violations("src/services/x.ts", `const m = await import("botbuilder-core");`)).toHaveLength(1);
    expect(
      violations("src/services/x.ts", `export { render } from "../../adapters/slack/render.js";`),
    ).toHaveLength(1);
    expect(violations("src/x.ts", `import {\n  a,\n  b,\n} from "../adapters/teams/cards.js";`)).toHaveLength(
      1,
    );
    expect(violations("adapters/slack/app.ts", `import { eq } from "drizzle-orm";`)).toHaveLength(1);
    expect(
      violations("adapters/slack/app.ts", `import { pgTable } from "drizzle-orm/pg-core";`),
    ).toHaveLength(1);
    expect(violations("adapters/teams/bot.ts", `import { tasks } from "../../db/schema.js";`)).toHaveLength(
      1,
    );
    expect(violations("src/jobs/cron.ts", "const tz = process.env.TZ;")).toHaveLength(1);
    expect(violations("src/jobs/cron.ts", `const tz = process["env"].TZ;`)).toHaveLength(1);
    expect(violations("src/jobs/cron.ts", "const { env } = process;")).toHaveLength(1);
    expect(violations("src/jobs/cron.ts", `import { env } from "node:process";`)).toHaveLength(1);

    expect(violations("src/main.ts", `import "@slack/bolt";`)).toHaveLength(1);

    expect(violations("src/config.ts", "const raw = process.env;")).toEqual([]);
    expect(
      violations("src/main.ts", `import { runConsole } from "../adapters/console/run-console.js";`),
    ).toEqual([]);
    expect(violations("adapters/slack/app.ts", `import { App } from "@slack/bolt";`)).toEqual([]);
    expect(
      violations("adapters/slack/app.ts", `import { assign } from "../../src/services/tasks.js";`),
    ).toEqual([]);
    expect(violations("src/services/x.ts", `import { tasks } from "../../db/schema.js";`)).toEqual([]);
    expect(violations("src/x.ts", `// never read process.env here\n/* or import "@slack/bolt" */`)).toEqual(
      [],
    );
    expect(violations("src/x.ts", `const help = "see https://api.slack.com // docs";`)).toEqual([]);
    expect(violations("src/x.ts", `import { postgresUrl } from "./postgres-url.js";`)).toEqual([]);
  });

  it("src/ imports no chat SDK and nothing from adapters/ (but the composition root), only src/config.ts reads process.env", () => {
    const files = sourceFiles("src");
    expect(files).toContain("src/config.ts");
    const problems = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), "utf8")));
    expect(problems).toEqual([]);
  });

  it("adapters/ import neither drizzle-orm nor a database driver nor db/", () => {
    const problems = sourceFiles("adapters").flatMap((file) =>
      violations(file, readFileSync(join(ROOT, file), "utf8")),
    );
    expect(problems).toEqual([]);
  });
});
