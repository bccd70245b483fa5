import type { Executor } from "../../db/client.js";
import type { Firm, Matter, Person } from "../../db/schema.js";
import { dayLabel } from "../domain/access.js";
import { formatLocal } from "../domain/due-time.js";
import { auditChainState } from "./chain-state.js";
import {
  chainBlocks,
  grantBlocks,
  introBlocks,
  matterBlocks,
  ndaBlocks,
  profileBlocks,
  type Reader,
  readBlocks,
  refusalBlocks,
  taskBlocks,
} from "./packet-content.js";
import { type Block, heading, type PacketDocument, subheading } from "./packet-document.js";
import {
  accessEventsOf,
  grantsOf,
  matterEventsOf,
  type Period,
  peopleOnMatter,
  profileEventsOf,
  tasksOf,
  taskWorkOf,
} from "./packet-queries.js";

const periodWords = (p: Period, r: Reader): string =>
  p.from || p.to
    ? `Period: ${p.from ? `from ${formatLocal(p.from, r.tz)}` : "from the start"} ${
        p.to ? `to ${formatLocal(p.to, r.tz)} (exclusive)` : "to now"
      }.`
    : "Period: everything on record.";

/** One person's part: profile, NDA, grants, tasks, reads, refused attempts (optionally on one matter). */
const personBlocks = async (
  db: Executor,
  firm: Firm,
  person: Person,
  period: Period,
  r: Reader,
  matter?: Pick<Matter, "id" | "number">,
): Promise<{
  profile: Block[];
  nda: Block[];
  grants: Block[];
  tasks: Block[];
  reads: Block[];
  refused: Block[];
}> => {
  const [events, grants, taskRows, access] = await Promise.all([
    profileEventsOf(db, firm.id, person.id),
    grantsOf(db, person.id, period, matter?.id),
    tasksOf(db, firm.id, person.id, period, matter?.id),
    accessEventsOf(db, firm.id, person.id, period, matter?.id),
  ]);
  const work = await taskWorkOf(
    db,
    person.id,
    taskRows.map((t) => t.task.id),
  );
  return {
    profile: profileBlocks(person, events.find((e) => e.event.action === "person.added")?.event.at, r),
    nda: ndaBlocks(person, events, r),
    grants: grantBlocks(grants, r),
    tasks: taskBlocks(taskRows, work, person.id, r),
    reads: readBlocks(access, r, matter?.number),
    refused: refusalBlocks(access, r),
  };
};

export const buildPersonPacket = async (
  db: Executor,
  firm: Firm,
  person: Person,
  period: Period,
  r: Reader,
): Promise<PacketDocument> => {
  const part = await personBlocks(db, firm, person, period, r);
  const chain = await auditChainState(db, firm.id, r.tz);
  return {
    title: `Supervision packet: ${person.displayName}`,
    cover: [firm.name, periodWords(period, r)],
    blocks: [
      ...introBlocks(),
      heading("Profile"),
      ...part.profile,
      heading("NDA and its history"),
      ...part.nda,
      heading("Access to matters (grants)"),
      ...part.grants,
      heading("Work: tasks, rounds, reviews, approvals and time"),
      ...part.tasks,
      heading("What they read"),
      ...part.reads,
      heading("Refused attempts"),
      ...part.refused,
      heading("Audit trail"),
      ...chainBlocks(chain),
    ],
  };
};

export const buildMatterPacket = async (
  db: Executor,
  firm: Firm,
  matter: Matter,
  r: Reader,
): Promise<PacketDocument> => {
  const [events, workers] = await Promise.all([
    matterEventsOf(db, firm.id, matter.id),
    peopleOnMatter(db, firm.id, matter.id),
  ]);
  const blocks: Block[] = [
    ...introBlocks(),
    heading(`Matter ${matter.number}: restrictions and consent`),
    ...matterBlocks(matter, firm.requireConsent, events, r),
  ];
  for (const person of workers) {
    const part = await personBlocks(db, firm, person, {}, r, matter);
    blocks.push(
      heading(`${person.displayName} (${person.role})`),
      ...part.profile,
      subheading("NDA and its history"),
      ...part.nda,
      subheading(`Access to ${matter.number}`),
      ...part.grants,
      subheading("Work on this matter"),
      ...part.tasks,
      subheading("What they read on this matter"),
      ...part.reads,
      subheading("Refused attempts on this matter"),
      ...part.refused,
    );
  }
  if (workers.length === 0)
    blocks.push(heading("People"), { kind: "para", text: "Nobody has worked on it yet." });
  const chain = await auditChainState(db, firm.id, r.tz);
  blocks.push(heading("Audit trail"), ...chainBlocks(chain));
  return {
    title: `Supervision packet: matter ${matter.number}`,
    cover: [
      firm.name,
      `${matter.title}${matter.client ? ` · client ${matter.client}` : ""}`,
      `Opened ${formatLocal(matter.createdAt, r.tz)}; report as of ${dayLabel(r.today)}.`,
    ],
    blocks,
  };
};
