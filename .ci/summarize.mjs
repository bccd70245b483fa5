// Reads vitest's JSON report (all projects in one file) and prints, as its last line,
// `tests: N passed, M failed`. A test file that failed outside any test (an import error, a failing
// beforeAll) counts as one failure. Exits 1 when anything failed or the report is missing.
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? ".test-results/results.json";
let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch (e) {
  console.log(`no test report at ${path}: ${e.message}`);
  console.log("tests: 0 passed, 0 failed");
  process.exit(1);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const file of report.testResults ?? []) {
  const tests = file.assertionResults ?? [];
  for (const test of tests) {
    if (test.status === "passed") passed++;
    else if (test.status === "failed") {
      failed++;
      failures.push(`${file.name} > ${test.fullName}`);
    } else skipped++;
  }
  if (file.status === "failed" && !tests.some((t) => t.status === "failed")) {
    failed++;
    failures.push(`${file.name}: ${file.message || "failed outside any test"}`);
  }
}

for (const failure of failures) console.log(`FAIL ${failure}`);
if (skipped > 0) console.log(`${skipped} skipped or todo`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || report.success === false ? 1 : 0);
