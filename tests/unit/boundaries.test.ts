import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * docs/architecture.md#layers: dependencies point one way, adapters → src/core.ts → src → db
 * (docs/adapter-contract.md). The core never imports an adapter or a chat SDK; an adapter imports
 * nothing of src/ but src/core.ts and never touches tables directly; the folders of src/ do not
 * import each other in a circle; only src/config.ts reads the environment.
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
 * The composition root (docs/architecture.md#layers): `npm start` (src/main.ts) and the server it
 * assembles (src/start-server.ts) may import adapters, to start them. They still import no chat SDK.
 */
const COMPOSITION_ROOT = ["src/main.ts", "src/start-server.ts"];

const CHAT_SDK = /^(@slack\/|botbuilder|botframework-)/;
const DATABASE_PACKAGE = /^(drizzle-orm|postgres|@electric-sql\/pglite)(\/|$)/;

/** The core's public surface, the one module of src/ adapters may import. */
const CORE = "src/core";
const isCore = (file: string, specifier: string): boolean =>
  relative(ROOT, resolve(ROOT, dirname(file), specifier))
    .split(sep)
    .join("/")
    .replace(/\.(js|ts)$/, "") === CORE;

/** The folder of src/ a file is in ("services", "commands", …), undefined for a file directly in src/. */
const srcFolderOf = (path: string): string | undefined => {
  const parts = path.split("/");
  return parts[0] === "src" && parts.length > 2 ? parts[1] : undefined;
};

/** Edges between folders of src/: "from → to" for every import of one folder's file from another's. */
const folderEdges = (files: { file: string; text: string }[]): Map<string, Set<string>> => {
  const edges = new Map<string, Set<string>>();
  for (const { file, text } of files) {
    const from = srcFolderOf(file);
    if (!from) continue;
    for (const specifier of importsOf(text)) {
      if (!specifier.startsWith(".")) continue;
      const to = srcFolderOf(
        relative(ROOT, resolve(ROOT, dirname(file), specifier))
          .split(sep)
          .join("/"),
      );
      if (!to || to === from) continue;
      const set = edges.get(from) ?? new Set<string>();
      set.add(to);
      edges.set(from, set);
    }
  }
  return edges;
};

/** Every circle in the folder graph, each as "a → b → a", found by a depth-first walk. */
const cyclesOf = (edges: Map<string, Set<string>>): string[] => {
  const found = new Set<string>();
  const walk = (node: string, path: string[]): void => {
    for (const next of edges.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const circle = path.slice(at);
        // One name per circle, whichever folder it is walked from.
        const start = circle.indexOf([...circle].sort()[0] ?? "");
        const turned = [...circle.slice(start), ...circle.slice(0, start)];
        found.add([...turned, turned[0]].join(" → "));
      } else walk(next, [...path, next]);
    }
  };
  for (const node of edges.keys()) walk(node, [node]);
  return [...found].sort();
};

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
    if (area === "adapters" && folder === "src" && !isCore(file, specifier))
      problems.push(`${file}: imports ${specifier} (adapters import src/core.ts only)`);
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
    expect(violations("src/services/x.ts", `import { tasks } from "../../db/schema.js";`)).toEqual([]);
    expect(violations("src/x.ts", `// never read process.env here\n/* or import "@slack/bolt" */`)).toEqual(
      [],
    );
    expect(violations("src/x.ts", `const help = "see https://api.slack.com // docs";`)).toEqual([]);
    expect(violations("src/x.ts", `import { postgresUrl } from "./postgres-url.js";`)).toEqual([]);

    // Adapters reach the core through src/core.ts alone.
    expect(
      violations("adapters/slack/app.ts", `import type { Core } from "../../src/commands/dispatch.js";`),
    ).toHaveLength(1);
    expect(
      violations("adapters/teams/package/x.ts", `import { loadConfig } from "../../../src/config.js";`),
    ).toHaveLength(1);
    expect(violations("adapters/slack/app.ts", `import type { Core } from "../../src/core.js";`)).toEqual([]);
    expect(
      violations("adapters/teams/package/x.ts", `import { loadConfig } from "../../../src/core.js";`),
    ).toEqual([]);
  });

  it("the cycle finder finds a circle between folders, and none in a line", () => {
    const file = (path: string, ...imports: string[]) => ({
      file: path,
      text: imports.map((i) => `import { x } from "${i}";`).join("\n"),
    });
    const circle = [
      file("src/commands/dispatch.ts", "../services/assign.js"),
      file("src/services/assign.ts", "../domain/weeks.js"),
      file("src/domain/weeks.ts", "../commands/command.js"),
    ];
    expect(cyclesOf(folderEdges(circle))).toEqual(["commands → services → domain → commands"]);
    const line = [
      file("src/commands/dispatch.ts", "../services/assign.js", "../domain/command.js"),
      file("src/services/assign.ts", "../domain/command.js", "./deps.js"),
      file("src/core.ts", "./commands/dispatch.js"),
    ];
    expect(cyclesOf(folderEdges(line))).toEqual([]);
  });

  it("no two folders of src/ import each other, directly or round a circle", () => {
    const files = sourceFiles("src").map((file) => ({ file, text: readFileSync(join(ROOT, file), "utf8") }));
    expect(cyclesOf(folderEdges(files))).toEqual([]);
  });

  it("src/ imports no chat SDK and nothing from adapters/ (but the composition root), only src/config.ts reads process.env", () => {
    const files = sourceFiles("src");
    expect(files).toContain("src/config.ts");
    const problems = files.flatMap((file) => violations(file, readFileSync(join(ROOT, file), "utf8")));
    expect(problems).toEqual([]);
  });

  it("adapters/ import nothing of src/ but src/core.ts, and neither drizzle-orm nor a database driver nor db/", () => {
    const problems = sourceFiles("adapters").flatMap((file) =>
      violations(file, readFileSync(join(ROOT, file), "utf8")),
    );
    expect(problems).toEqual([]);
  });
});
