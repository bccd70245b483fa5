import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, eq, inArray } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, people } from "../../db/schema.js";
import { formatLocal } from "../../src/domain/due-time.js";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import { makePacket, packetCommand } from "../../src/packets/packet-command.js";
import { resolveSpeaker } from "../../src/services/actor.js";
import type { View } from "../../src/views/view.js";
import { openConsoleSession } from "../support/console-harness.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";
import { resetDatabase, testDatabase } from "../support/test-database.js";

/*
 * A scripted history on both engines, then `packet @maria` and `packet M-1`: the PDF's text is
 * read back (pdf-parse) and checked against the database — every grant, round, review, read and
 * refused attempt of hers is there, in the reader's time zone, and nothing of another
 * professional or another firm is.
 */

const pdfText = async (bytes: Uint8Array): Promise<string> => {
  const parser = new PDFParse({ data: Buffer.from(bytes) });
  try {
    return normalize((await parser.getText()).text);
  } finally {
    await parser.destroy();
  }
};

/** Line breaks fall where the layout put them: compare text with all white space as one space. */
const normalize = (text: string): string => text.replace(/\s+/g, " ").replace(/- /g, "-").trim();

describe("supervision packets", () => {
  let h: Harness;
  let personPacket: View;
  let personText: string;
  let matterText: string;

  const ok = async (who: string, text: string, extra = {}) => {
    const v = await h.say(who, text, extra);
    expect(v.tone, `${who}: ${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };
  const at = (iso: string) => h.clock.set(iso);

  beforeAll(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    // Another firm on the same database, with work of its own.
    const other = { workspaceId: "other-firm-ws" };
    await ok("zed", 'setup firm:"Other LLP" tz:UTC rate:100', other);
    await ok("zed", "team add @mia role:professional nda:2026-01-01", other);
    await ok("zed", 'matter add M-1 "Other matter"', other);
    await ok("zed", 'assign @mia "Other firm secret" matter:M-1 due:"2026-12-20 17:00"', other);
    await ok("mia", "show T-1", other);

    await ok("alice", "team set @dev nda:2026-02-01 delivery:onshore");
    await ok("alice", 'matter set M-1 consent:2026-11-20 consent-ref:"engagement letter 7"');
    await ok(
      "bob",
      'assign @maria "Review exhibits Alpha" matter:M-1 due:"2026-12-04 17:00" notes:"Bates 1-200"',
    );
    await ok("bob", 'assign @dev "Research Beta" matter:M-2 due:"2026-12-04 17:00"');
    at("2026-12-01T15:00:00Z");
    await ok("maria", "show T-1");
    await ok("maria", "list");
    await ok("maria", "start T-1");
    at("2026-12-02T02:00:00Z");
    await ok("maria", 'submit T-1 "draft in folder Gamma" spent:2h');
    await ok("dev", 'submit T-2 "dev notes Kappa" spent:1h');
    at("2026-12-02T15:00:00Z");
    await ok("bob", 'changes T-1 "fix citation Delta" reason:citation');
    at("2026-12-03T02:00:00Z");
    await ok("maria", 'submit T-1 "fixed Epsilon" spent:30m');
    expect((await h.say("maria", "show T-2")).lines[0]).toBe("T-2 not found. Try: list all");
    expect((await h.say("maria", "matter show M-2")).tone).toBe("error");
    await ok("maria", "matter show M-1");
    at("2026-12-03T15:00:00Z");
    await ok("bob", 'approve T-1 "well done Zeta"');
    await ok("bob", 'assign @maria "Draft Eta" matter:M-1 due:"2026-12-09 17:00"');
    at("2026-12-04T15:00:00Z");
    await ok("alice", "matter staff M-2 @maria");
    await ok("bob", "reassign T-3 @dev");
    await ok("alice", "team set @maria nda-expires:2026-12-10");
    // The alert tick after midnight at the end of 10 Dec (New York) ends her remaining grant.
    await runAlerts({ db: h.database.db }, new Date("2026-12-11T06:00:00Z"));
    at("2026-12-12T15:00:00Z");
    expect((await h.say("maria", "show T-1")).lines[0]).toContain("expired");
    // Called directly, not through the dispatcher's 2.5 s answer bound: on a loaded test machine
    // the first load of the PDF library alone can take that long (the console test below goes
    // through the dispatcher).
    const who = await resolveSpeaker(h.deps.db, h.speaker("alice"), h.clock.now());
    if (who.kind !== "known") throw new Error("alice is not known");
    personPacket = await packetCommand(h.deps, who.actor, { name: "packet", user: { name: "maria" } });
    personText = await pdfText(personPacket.file?.bytes ?? new Uint8Array());
    const matterPacket = await makePacket(h.deps, who.actor, { name: "packet", matter: "M-1" });
    matterText = await pdfText(matterPacket.bytes);
  });

  const aliceTz = "America/New_York";
  const has = (text: string, wanted: string) => expect(text).toContain(normalize(wanted));

  it("is a PDF whose SHA-256 is recorded in the audit trail", async () => {
    const file = personPacket.file;
    expect(file?.mediaType).toBe("application/pdf");
    expect(
      Buffer.from(file?.bytes ?? [])
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const sha = createHash("sha256")
      .update(file?.bytes ?? new Uint8Array())
      .digest("hex");
    expect(file?.sha256).toBe(sha);
    const recorded = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "packet.created"))
      .orderBy(asc(auditEvents.id));
    expect(recorded.map((e) => e.detail.sha256)).toContain(sha);
    expect(personPacket.lines.join(" ")).toContain(sha);
  });

  it("shows her profile, NDA history and every grant with its start and end", async () => {
    has(personText, "Supervision packet: maria");
    has(personText, "Provider: Acme LPO · delivery model: offshore");
    has(personText, "NDA signed Thu 15 Jan 2026, expires Thu 10 Dec 2026: EXPIRED");
    has(personText, "NDA expires Thu 10 Dec 2026 (was Fri 15 Jan 2027)");
    const grants = await h.database.query<{
      created_at: string;
      removed_at: string;
      removed_reason: string;
      granted_by: string;
    }>(
      `select ms.created_at, ms.removed_at, ms.removed_reason, g.display_name as granted_by
         from matter_staff ms join people p on p.id = ms.person_id join people g on g.id = ms.staffed_by
        where p.display_name = 'maria' order by ms.created_at`,
    );
    expect(grants.map((g) => g.removed_reason)).toEqual(["reassigned", "nda_expired"]);
    // Access ended at the first instant after the NDA's last day, in the firm's zone.
    expect(new Date(grants[1]?.removed_at ?? "").toISOString()).toBe("2026-12-11T05:00:00.000Z");
    for (const g of grants) {
      has(personText, `granted ${formatLocal(new Date(g.created_at), aliceTz)} by ${g.granted_by}`);
      has(personText, `ended ${formatLocal(new Date(g.removed_at), aliceTz)}`);
    }
    has(personText, "(their work on it was reassigned)");
    has(personText, "(their NDA expired)");
  });

  it("shows every task with its rounds, reviews, approval and her time", () => {
    for (const words of [
      "T-1 · M-1 · Review exhibits Alpha",
      "Instructions: Bates 1-200",
      "Round 1 submitted with 2h: draft in folder Gamma",
      "Round 1 sent back for changes by bob (citation): fix citation Delta",
      "Round 2 submitted with 30m: fixed Epsilon",
      "Round 2 APPROVED by bob: well done Zeta",
      "T-3 · M-1 · Draft Eta",
      "now held by dev",
      "Time logged by them on these tasks: 2.5h",
    ]) {
      has(personText, words);
    }
  });

  it("lists everything she read and every refused attempt, at the recorded times", async () => {
    const [maria] = await h.database.db.select().from(people).where(eq(people.displayName, "maria"));
    const events = await h.database.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.actorId, maria?.id ?? ""),
          inArray(auditEvents.action, ["task.viewed", "task.listed", "matter.viewed", "access.refused"]),
        ),
      )
      .orderBy(asc(auditEvents.id));
    expect(events.filter((e) => e.action === "access.refused").map((e) => e.detail)).toEqual([
      { via: "show", task: "T-2" },
      { via: "matter show", matter: "M-2" },
      { via: "show", reason: "nda_expired" },
    ]);
    expect(events.filter((e) => e.action !== "access.refused").map((e) => e.detail.via)).toEqual([
      "show",
      "list",
      "show",
    ]);
    for (const e of events) has(personText, formatLocal(e.at, aliceTz));
    has(personText, "read T-1 (show)");
    has(personText, "listed T-1 on M-1 (list mine)");
    has(matterText, "listed T-1 on M-1 (list mine)");
    has(personText, "read matter M-1 (show)");
    has(personText, "REFUSED show of T-2 (not theirs to see)");
    has(personText, "REFUSED matter show of matter M-2 (not theirs to see)");
    has(personText, "REFUSED show (NDA expired)");
  });

  it("ends with the audit trail's state when it was made: checked intact, with the chain's head", async () => {
    const [first] = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "packet.created"))
      .orderBy(asc(auditEvents.id))
      .limit(1);
    const [before] = await h.database.query<{ seq: number; hash: string }>(
      "select seq::int as seq, hash from audit_events where firm_id = $1 and seq = $2",
      [first?.firmId, Number(first?.seq) - 1],
    );
    has(personText, `Audit trail intact: ${before?.seq} events`);
    // The full head, as a later rewrite could not reproduce it (the PDF may wrap it: compare without spaces).
    expect(personText.replace(/\s+/g, "")).toContain(`(#${before?.seq}):${before?.hash}.`);
  });

  it("holds nothing of another professional or another firm", () => {
    for (const text of [personText]) {
      for (const foreign of ["Research Beta", "dev notes Kappa", "Other firm secret", "Other LLP", "mia"]) {
        expect(text, foreign).not.toContain(foreign);
      }
    }
    // The matter packet covers M-1 only: not M-2's work, not the other firm's M-1.
    for (const foreign of ["Research Beta", "dev notes Kappa", "Other firm secret", "Other LLP"]) {
      expect(matterText, foreign).not.toContain(foreign);
    }
  });

  it("for a matter: its restrictions and consent, then each person who worked on it", () => {
    has(matterText, "Supervision packet: matter M-1");
    has(matterText, "Who may work on it: open to every delivery model");
    has(matterText, "Client consent to outsourcing: given Fri 20 Nov 2026 (engagement letter 7)");
    has(matterText, "client consent given Fri 20 Nov 2026 (engagement letter 7) (was none recorded)");
    has(matterText, "dev (professional)");
    has(matterText, "maria (professional)");
    has(matterText, "Round 2 APPROVED by bob: well done Zeta");
    has(matterText, "T-3 · M-1 · Draft Eta");
  });

  it("is for admins only", async () => {
    const view = await h.say("bob", "packet @maria");
    expect(view.lines[0]).toBe("Only admins can make supervision packets.");
  });
});

describe("packets in the console", () => {
  it("are saved under the export folder, privately, and the path is printed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "delegate-packets-"));
    try {
      const { session } = await openConsoleSession({ exportDir: dir });
      await resetDatabase(await testDatabase());
      for (const line of [
        'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
        "team add @maria role:professional nda:2026-01-15",
      ]) {
        await session.handleLine(line);
      }
      // Load the PDF library first, so the answer bound measures the packet, not a cold import.
      await import("../../src/packets/packet-pdf.js");
      const out = await session.handleLine("packet @maria");
      const saved = out.find((l) => l.startsWith("Saved to "));
      expect(saved, out.join("\n")).toBeDefined();
      const path = saved?.slice("Saved to ".length) ?? "";
      const bytes = await readFile(path);
      expect(out.join("\n")).toContain(createHash("sha256").update(bytes).digest("hex"));
      expect((await stat(path)).mode & 0o077).toBe(0);
      expect(await pdfText(bytes)).toContain("Supervision packet: maria");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("packets asked for in a chat", () => {
  it("come back as a file for the adapter to deliver privately (docs/slack.md, docs/teams.md)", async () => {
    const slack = await createHarness({ platform: "slack" });
    await seedFirm(slack);
    const view = await slack.say("alice", "packet @maria");
    expect(view.tone).toBe("success");
    expect(view.audience).toBe("private");
    expect(view.file?.mediaType).toBe("application/pdf");
    expect(
      createHash("sha256")
        .update(view.file?.bytes ?? new Uint8Array())
        .digest("hex"),
    ).toBe(view.file?.sha256);
  });
});
