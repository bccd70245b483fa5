export const PARTS = ["scale", "resources", "slack", "teams", "faults"] as const;
export type Part = (typeof PARTS)[number];

export interface Args {
  quick: boolean;
  only: Part[];
}

const isPart = (s: string): s is Part => (PARTS as readonly string[]).includes(s);

/** `--quick` and `--only scale,resources` (or `--only=…`); anything else is refused by name. */
export const parseArgs = (argv: string[]): Args => {
  let quick = false;
  let only: Part[] = [...PARTS];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--quick") quick = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const list = arg.includes("=") ? arg.slice("--only=".length) : (argv[++i] ?? "");
      const names = list
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !isPart(n));
      if (bad.length > 0 || names.length === 0) {
        throw new Error(`--only takes a comma list of ${PARTS.join(",")}; not ${bad.join(",") || "nothing"}`);
      }
      only = PARTS.filter((p) => names.includes(p));
    } else throw new Error(`unknown argument ${arg} (use --quick, --only ${PARTS.join(",")})`);
  }
  return { quick, only };
};
