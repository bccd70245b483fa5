import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The README stays a front door (at most 12 KB), and every relative link in README.md and docs/*.md
 * leads to a file that exists, and to a heading that exists when it names one (#anchor, as GitHub
 * makes them).
 */
const ROOT = join(import.meta.dirname, "..", "..");
const README_LIMIT_BYTES = 12 * 1024;
const SELF = "tests/unit/docs-links.test.ts";

const pages = (): string[] => [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

/** The page's text without fenced code blocks and inline code, where `[x](y)` is not a link. */
const prose = (text: string): string =>
  text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");

const anchorsOf = (path: string): Set<string> => {
  const text = readFileSync(join(ROOT, path), "utf8");
  return new Set([...prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => slug(m[1] ?? "")));
};

interface Link {
  page: string;
  target: string;
}

const linksOf = (page: string): Link[] => {
  const text = prose(readFileSync(join(ROOT, page), "utf8"));
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ""),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((m) => m[1] ?? ""),
  ];
  return targets.map((target) => ({ page, target }));
};

const isRelative = (target: string): boolean => !/^[a-z][a-z0-9+.-]*:/i.test(target);

/** What is wrong with a link, or undefined. */
const problem = ({ page, target }: Link): string | undefined => {
  const [pathPart = "", anchor] = target.split("#", 2);
  const file = pathPart === "" ? page : relative(ROOT, join(ROOT, dirname(page), decodeURI(pathPart)));
  if (!existsSync(join(ROOT, file))) return `${page}: ${target} leads to ${file}, which does not exist`;
  if (anchor && file.endsWith(".md") && statSync(join(ROOT, file)).isFile()) {
    if (!anchorsOf(file).has(anchor)) return `${page}: ${target} names a heading ${file} does not have`;
  }
  return undefined;
};

describe("README.md and docs/", () => {
  it("README.md is a front door of at most 12 KB", () => {
    const bytes = statSync(join(ROOT, "README.md")).size;
    expect(bytes, `README.md is ${bytes} bytes; move detail into docs/`).toBeLessThanOrEqual(
      README_LIMIT_BYTES,
    );
  });

  it("links onward into docs/", () => {
    const targets = linksOf("README.md").map((l) => l.target);
    for (const page of ["docs/architecture.md", "docs/operations.md", "docs/commands.md"]) {
      expect(targets, page).toContain(page);
    }
  });

  it("every relative link leads to a file and heading that exist", () => {
    const links = pages()
      .flatMap(linksOf)
      .filter((l) => isRelative(l.target));
    expect(links.length).toBeGreaterThan(10);
    expect(links.map(problem).filter((p) => p !== undefined)).toEqual([]);
  });

  it("every docs/ page a code comment points to exists, with the heading it names", () => {
    const sources = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory()
          ? e.name === "node_modules" || e.name === "fixtures"
            ? []
            : sources(`${dir}/${e.name}`)
          : /\.(ts|mjs|js)$/.test(e.name) && `${dir}/${e.name}` !== SELF
            ? [`${dir}/${e.name}`]
            : [],
      );
    const mentions = ["src", "adapters", "db", "bench", "scripts", "tests"]
      .filter((dir) => existsSync(join(ROOT, dir)))
      .flatMap(sources)
      .flatMap((file) =>
        [...readFileSync(join(ROOT, file), "utf8").matchAll(/\bdocs\/[\w-]+\.md(?:#[\w-]+)?/g)].map((m) => ({
          page: "README.md",
          target: m[0],
          file,
        })),
      );
    expect(mentions.length).toBeGreaterThan(0);
    expect(
      mentions
        .map((m) => (problem(m) ? `${m.file}: ${problem(m)}` : undefined))
        .filter((p) => p !== undefined),
    ).toEqual([]);
  });

  it("finds a broken link, a missing heading, and GitHub's anchors", () => {
    expect(problem({ page: "README.md", target: "docs/nowhere.md" })).toMatch(/does not exist/);
    expect(problem({ page: "README.md", target: "docs/operations.md#no-such-heading" })).toMatch(/heading/);
    expect(problem({ page: "docs/operations.md", target: "#database-roles" })).toBeUndefined();
    expect(slug("The path of a `command`, and more")).toBe("the-path-of-a-command-and-more");
    expect(linksOf("README.md").some((l) => l.target === "docs/slack.md")).toBe(true);
  });
});
