import type { Executor } from "../../db/client.js";
import { verifyChain } from "../services/audit-chain.js";
import { auditCheckView } from "../services/audit-verify.js";

/** The firm's audit trail as `audit verify` found it when a packet was made. */
export interface ChainState {
  intact: boolean;
  /** The check's own words ("Audit trail intact: …" or "Audit trail broken at …"), in the reader's zone. */
  lines: string[];
  /** The chain's head (sequence number and full hash), when there is one. */
  head: { seq: number; hash: string } | null;
}

/**
 * Recomputes the firm's hash chain (the same check as `audit verify`) so the packet states whether
 * the trail it was built from was intact, and ends with the head a later rewrite could not match.
 */
export const auditChainState = async (db: Executor, firmId: string, tz: string): Promise<ChainState> => {
  const check = await verifyChain(db, firmId);
  const head = check.intact && check.head ? { seq: check.head.seq, hash: check.head.hash } : null;
  return { intact: check.intact, lines: auditCheckView(check, tz).lines, head };
};
