import { mkdir, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { ViewFile } from "../../src/core.js";

/**
 * The console's private file delivery: the file is written under `dir` (EXPORT_DIR), readable by
 * this OS user only, never over an existing file (a second packet in the same minute gets a
 * suffix). Returns the path to print.
 */
export const saveFile = async (dir: string, file: ViewFile): Promise<string> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const dot = file.filename.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [file.filename.slice(0, dot), file.filename.slice(dot)] : [file.filename, ""];
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? file.filename : `${stem}-${n}${ext}`);
    try {
      await writeFile(path, file.bytes, { flag: "wx", mode: 0o600 });
      const shown = relative(process.cwd(), path);
      return shown.startsWith("..") ? path : shown;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || n >= 100) throw e;
    }
  }
};
