import { beforeEach, describe, expect, it } from "vitest";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";

/** Task numbers a list shows, in its order. */
const numbers = (view: View): number[] => (view.items ?? []).map((i) => i.task ?? 0);

/**
 * 23 tasks bob supervises for maria and 2 carol supervises for dev, with due times out of
 * number order and some equal (ties go by number). Returns each task's due instant.
 */
const assignMany = async (h: Harness): Promise<Map<number, number>> => {
  await h.say("alice", "team set @dev nda:2026-02-01");
  const due = new Map<number, number>();
  for (let i = 1; i <= 25; i++) {
    const day = 3 + ((i * 7) % 5);
    const hour = 9 + ((i * 3) % 4);
    const [who, to] = i > 23 ? ["carol", "dev"] : ["bob", "maria"];
    const view = await h.say(
      who,
      `assign @${to} "Task ${i}" matter:M-1 due:"2026-12-0${day} ${hour}:00" est:1h`,
    );
    expect(view.tone, view.lines.join(" ")).not.toBe("error");
    // The firm is in New York (UTC-5 in December).
    due.set(i, Date.UTC(2026, 11, day, hour + 5));
  }
  return due;
};

/** Numbers sorted the way lists promise: by due time, then number. */
const byDue = (due: Map<number, number>, keep: (n: number) => boolean): number[] =>
  [...due.keys()].filter(keep).sort((a, b) => (due.get(a) ?? 0) - (due.get(b) ?? 0) || a - b);

describe("lists: scopes, order and pages", () => {
  let h: Harness;
  let due: Map<number, number>;
  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    due = await assignMany(h);
  });

  it("pages through every task by due time, twenty at a time, without gaps or repeats", async () => {
    const first = await h.say("bob", "list all");
    const second = await h.say("bob", "list all page:2");
    const third = await h.say("bob", "list all page:3");
    expect(numbers(first)).toHaveLength(20);
    expect(first.lines).toEqual([]);
    expect(first.more).toEqual({ label: "More", command: "list all page:2" });
    expect(second.more).toBeUndefined();
    expect(second.title).toBe("All tasks (page 2)");
    expect(second.lines).toEqual([]);
    expect([...numbers(first), ...numbers(second)]).toEqual(byDue(due, () => true));
    expect(numbers(third)).toEqual([]);
    expect(third.lines).toEqual(["Nothing here."]);
  });

  it("shows an attorney's own open tasks as mine, and each supervisor only theirs", async () => {
    expect(numbers(await h.say("carol", "list mine"))).toEqual(byDue(due, (n) => n > 23));
    const bobs = [...numbers(await h.say("bob", "list")), ...numbers(await h.say("bob", "list mine page:2"))];
    expect(bobs).toEqual(byDue(due, (n) => n <= 23));
  });

  it("lists overdue only open tasks whose due time has passed", async () => {
    h.clock.set("2026-12-05T16:30:00Z");
    await h.say("maria", "submit T-1");
    await h.say("bob", "approve T-1");
    const now = h.clock.now().getTime();
    const expected = byDue(due, (n) => n !== 1 && (due.get(n) ?? 0) < now);
    expect(expected.length).toBeGreaterThan(3);
    expect(numbers(await h.say("alice", "list overdue"))).toEqual(expected.slice(0, 20));
    // A professional's overdue list holds only her own.
    expect(numbers(await h.say("dev", "list overdue"))).toEqual(expected.filter((n) => n > 23));
  });

  it("shows waiting reviews to their supervisor, every one to an admin", async () => {
    for (const [who, n] of [
      ["maria", 2],
      ["maria", 5],
      ["dev", 24],
    ] as const) {
      expect((await h.say(who, `submit T-${n}`)).tone).not.toBe("error");
    }
    expect(numbers(await h.say("bob", "list review"))).toEqual(byDue(due, (n) => n === 2 || n === 5));
    expect(numbers(await h.say("carol", "list review"))).toEqual([24]);
    expect(numbers(await h.say("alice", "list review"))).toEqual(byDue(due, (n) => [2, 5, 24].includes(n)));
    expect(numbers(await h.say("maria", "list review"))).toEqual(byDue(due, (n) => n === 2 || n === 5));
  });
});
