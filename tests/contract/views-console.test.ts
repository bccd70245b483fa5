import { beforeAll, describe, expect, it, vi } from "vitest";
import { renderText } from "../../adapters/console/render-text.js";
import { ASSIGN_FORM, FIELD_LIMITS, type FormField } from "../../src/views/form-fields.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";

import { lastAuditId, PAGE, readsSince } from "./views-support.js";

/*
 * The views contract (console; views-*.test.ts have the other platforms), through the real entry point:
 * a click is one call of the core and comes back resolved (the task as it is now, to redraw);
 * forms are drawn from the core's own description and its field errors come back on the field;
 * paging is an action (a button in Slack and Teams, a line to type in the console).
 */

describe("Console (and the core every adapter calls)", () => {
  let h: Harness;
  let calls: { count: () => number; reset: () => void };

  beforeAll(async () => {
    h = await createHarness();
    await seedFirm(h);
    const spy = vi.spyOn(h.deps.logger, "info");
    calls = {
      count: () => spy.mock.calls.filter((c) => c[1] === "command" || c[1] === "command refused").length,
      reset: () => spy.mockClear(),
    };
    for (let i = 1; i <= PAGE + 1; i++) {
      await h.say("bob", `assign @maria "Task ${i}" matter:M-1 due:"2026-12-04 17:00"`);
    }
  });

  it("a click is one core call and comes back resolved: the outcome and the task as the clicker sees it now", async () => {
    const audit = await lastAuditId(h.database);
    calls.reset();
    const resolved = await h.core.click({
      kind: "click",
      speaker: h.speaker("maria"),
      button: { action: "start", task: 1, version: 1 },
    });
    expect(calls.count()).toBe(1);
    expect(resolved.outcome.lines.join(" ")).toMatch(/Started T-1/);
    expect(resolved.current?.title).toBe("T-1 · Task 1");
    expect(resolved.current?.actions?.map((a) => a.action)).toEqual(["submit", "ask"]);
    // The console draws it with the typed commands its buttons stand for.
    expect(renderText(resolved.current ?? resolved.outcome).join("\n")).toContain(
      '→ submit T-1 · ask T-1 "question"',
    );
    expect(await readsSince(h.database, audit)).toEqual(["click"]);
  });

  it("a refused click comes back alone, unless the adapter redraws under refusals; no read is recorded for it", async () => {
    const click = {
      kind: "click" as const,
      speaker: h.speaker("maria"),
      button: { action: "start" as const, task: 1, version: 1 },
    };
    const audit = await lastAuditId(h.database);
    const refused = await h.core.click(click);
    expect(refused.outcome.tone).toBe("error");
    expect(refused.current).toBeUndefined();
    expect(await readsSince(h.database, audit)).toEqual([]);
    const redrawn = await h.core.click(click, { redrawRefused: true });
    expect(redrawn.outcome.tone).toBe("error");
    expect(redrawn.current?.title).toBe("T-1 · Task 1");
    expect(await readsSince(h.database, audit)).toEqual(["click"]);
  });

  it("forms: the core's field errors are the description's own messages, on its field ids, within its limits", async () => {
    const empty = await h.core.handle({
      kind: "form",
      speaker: h.speaker("bob"),
      form: { kind: "assign", values: {} },
    });
    const required = (ASSIGN_FORM.fields as readonly FormField[]).filter((f) => f.required);
    expect(Object.keys(empty.fieldErrors ?? {}).sort()).toEqual(required.map((f) => f.id).sort());
    for (const f of required) expect(empty.fieldErrors?.[f.id]).toBe(f.errorMessage);

    const long = await h.core.handle({
      kind: "form",
      speaker: h.speaker("maria"),
      form: { kind: "submit", task: 2, version: 1, values: { notes: "x".repeat(FIELD_LIMITS.notes + 1) } },
    });
    expect(Object.keys(long.fieldErrors ?? {})).toEqual(["notes"]);
    expect(long.fieldErrors?.notes).toContain(`at most ${FIELD_LIMITS.notes} characters`);
  });

  it("paging: a long list ends with the next page's command to type, and typing it gives that page", async () => {
    const first = renderText(await h.say("maria", "list mine"));
    expect(first.at(-1)).toBe("More: list mine page:2");
    const second = await h.say("maria", "list mine page:2");
    expect(second.title).toBe("Your open tasks (page 2)");
    expect(second.items).toHaveLength(1);
    expect(second.more).toBeUndefined();
  });

  it("paging: a long audit trail carries its next page too", async () => {
    // Each of maria's reads is one event: three rounds of them pass one page of her trail.
    for (let round = 0; round < 3; round++)
      for (let i = 1; i <= PAGE + 1; i++) await h.say("maria", `show T-${i}`);
    const trail = await h.say("alice", "audit @maria");
    expect(trail.more).toEqual({ label: "More", command: "audit @maria page:2" });
    const next = await h.say("alice", trail.more?.command ?? "");
    expect(next.tone).toBe("info");
    expect(next.title).toBe(trail.title);
    expect(next.items?.length).toBeGreaterThan(0);
  });
});
