import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ChatAdapter,
  type Recipient,
  type SendOutcome,
  sendOutcome,
  type View,
  type ViewAction,
} from "../../src/core.js";
import { viewGallery } from "../support/view-gallery.js";

/*
 * The chat-adapter contract suite (docs/adapter-contract.md): every platform passes the same
 * checks through its real entry points — its HTTP route (or the console's line reader) for
 * commands, its sender for notifications, against a loopback fake of the platform's API.
 */

/** How a platform's fake API fails the next delivery: HTTP 429 (with Retry-After), 500, 401, 404. */
export type Failure = "429" | "500" | "401" | "404";

/** What the platform's API received for one message, reduced to what the contract checks. */
export interface Rendered {
  /** Every piece of text shown, as the person reads it (paragraphs, fields, button labels, fallbacks). */
  texts: string[];
  /** Sizes of each group of buttons shown together. */
  actionGroups: number[];
  /** Sizes of each group of fields shown together. */
  fieldGroups: number[];
  /** Anything else the person can reach (a paging button's command). */
  extra?: string[];
}

export interface ContractDriver {
  /** The adapter as the registry mounted it. */
  adapter: ChatAdapter;
  /** Says a command through the platform's real entry point; the reply's text. */
  command(text: string): Promise<string>;
  /** A person on this platform to deliver to. */
  recipient: Recipient;
  /** What the platform received for the last message delivered (several parts, for a long one). */
  lastRendered(): Rendered;
  /** How a button shows on this platform (its label; the console prints the command it stands for). */
  actionShown(action: ViewAction): string;
  /** Makes the fake API fail the next delivery; the outcomes this platform gives each failure. */
  failNext?(failure: Failure): void;
  expectedOutcomes?: Record<Failure, SendOutcome["kind"]>;
  /**
   * The bytes of the last file the platform received for the speaker (with `adapter.deliverFile`);
   * where the platform asks the person first (Teams' consent card), the driver answers as they would.
   */
  lastFile?(): Promise<Uint8Array | undefined>;
  /** The Retry-After the fake sends with a 429, in ms (the outcome must carry it). */
  retryAfterMs?: number;
  close(): Promise<void>;
}

/** Letters and digits only, lower case: markup and escaping aside. */
const plain = (text: string): string =>
  text
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]+/gu, "")
    .toLowerCase();

/** The start of `text` (enough to know it by): a line may be clipped to the platform's limit, never lost. */
const knownBy = (text: string): string => plain(text).slice(0, 40);

let deliveryId = 900_000;

/**
 * The suite for one platform. `start` builds its driver (once, on first use); a platform with no
 * network between it and its people (the console) has no refusals to map.
 */
export const contractSuite = (
  platform: string,
  start: () => Promise<ContractDriver>,
  options: { refusals?: boolean; files?: boolean } = {},
): void => {
  describe(`the chat-adapter contract: ${platform}`, () => {
    let started: Promise<ContractDriver> | undefined;
    const driver = (): Promise<ContractDriver> => {
      started ??= start();
      return started;
    };
    afterAll(async () => {
      if (started) await (await started).close();
    });

    it("is mounted under its own name and declares its limits and mention form", async () => {
      const { adapter } = await driver();
      expect(adapter.platform).toBe(platform);
      expect(adapter.sender.platform).toBe(platform);
      const { limits } = adapter;
      for (const n of [limits.maxTextChars, limits.maxActions, limits.maxFields])
        expect(n).toBeGreaterThan(0);
      expect(limits.channelSpacingMs).toBeGreaterThanOrEqual(0);
      expect(adapter.sender.channelSpacingMs ?? 0).toBe(limits.channelSpacingMs);
      expect(limits.mention({ userId: "U123", name: "Maria" })).toMatch(/U123|Maria/);
    });

    it("answers a command through its entry point", async () => {
      const reply = plain(await (await driver()).command("help"));
      for (const word of ["assign", "approve", "list"]) expect(reply).toContain(word);
    });

    it("renders every kind of view within its declared limits, losing no line, field or action", async () => {
      const { adapter, recipient, lastRendered, actionShown } = await driver();
      const { views } = await viewGallery();
      expect(views.length).toBeGreaterThan(30);
      const { limits } = adapter;
      const problems: string[] = [];
      for (const { name, view } of views) {
        const outcome = await sendOutcome(adapter.sender, {
          id: ++deliveryId,
          kind: "contract.view",
          view,
          to: recipient,
        });
        if (outcome.kind !== "ok") {
          problems.push(`${name}: not delivered (${outcome.error})`);
          continue;
        }
        const shown = lastRendered();
        for (const t of shown.texts)
          if (t.length > limits.maxTextChars) problems.push(`${name}: a text of ${t.length} characters`);
        for (const n of shown.actionGroups)
          if (n > limits.maxActions) problems.push(`${name}: ${n} buttons together`);
        for (const n of shown.fieldGroups)
          if (n > limits.maxFields) problems.push(`${name}: ${n} fields together`);
        const haystack = plain([...shown.texts, ...(shown.extra ?? [])].join("\n"));
        const expected = [
          ...(view.title ? [view.title] : []),
          ...view.lines,
          ...(view.fields ?? []).flatMap((f) => [f.label, f.value]),
          ...(view.actions ?? []).map(actionShown),
        ];
        for (const text of expected)
          if (!haystack.includes(knownBy(text))) problems.push(`${name}: lost "${text.slice(0, 60)}"`);
      }
      expect(problems).toEqual([]);
    });

    if (options.files) {
      it("delivers a file privately to the speaker who asked for it", async () => {
        const { adapter, recipient, lastFile } = await driver();
        if (!adapter.deliverFile || !lastFile) throw new Error(`${platform}: no file delivery`);
        const bytes = new TextEncoder().encode(`%PDF-1.7 contract ${deliveryId}`);
        // The speaker as the adapter saw them: with where to reach them (a Teams conversation reference).
        const speaker =
          recipient.kind === "person"
            ? {
                platform,
                workspaceId: recipient.workspaceId,
                userId: recipient.userId,
                conversationRef: recipient.conversationRef,
              }
            : { platform, workspaceId: recipient.workspaceId, userId: "someone" };
        const outcome = await adapter.deliverFile(speaker, {
          filename: "packet-T-1.pdf",
          mediaType: "application/pdf",
          bytes,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        });
        expect(outcome.where).not.toBe("");
        expect(await lastFile()).toEqual(bytes);
      });
    }

    if (options.refusals === false) return;

    // Long: botbuilder waits out each Retry-After and backoff itself before it gives up.
    it("maps the platform's refusals to retry (429 honouring Retry-After, 500) or park (404)", {
      timeout: 60_000,
    }, async () => {
      const { adapter, recipient, failNext, expectedOutcomes, retryAfterMs } = await driver();
      if (!failNext || !expectedOutcomes) throw new Error(`${platform}: the driver cannot make its API fail`);
      const view: View = { tone: "info", lines: ["A notification"], audience: "private" };
      for (const failure of ["429", "500", "401", "404"] as const) {
        failNext(failure);
        const outcome = await sendOutcome(adapter.sender, {
          id: ++deliveryId,
          kind: "contract.failure",
          view,
          to: recipient,
        });
        expect(outcome.kind, `HTTP ${failure}`).toBe(expectedOutcomes[failure]);
        if (failure === "429") expect(outcome).toMatchObject({ kind: "retry", retryAfterMs });
      }
      // And the next delivery goes through again.
      expect(
        (await sendOutcome(adapter.sender, { id: ++deliveryId, kind: "x", view, to: recipient })).kind,
      ).toBe("ok");
    });
  });
};
