/**
 * Expected failures are values with a code and a message safe to show the user.
 * Services throw them inside a transaction so the transaction rolls back; the
 * dispatcher catches them and turns them into a one-line reply. Anything else
 * that is thrown is a bug: the user gets an apology with a reference id.
 */
export type ErrorCode =
  | "usage" // the command line could not be parsed
  | "invalid" // parsed, but a value is not acceptable (past due time, bad zone…)
  | "not_found" // also used for things a professional may not see
  | "forbidden" // the speaker's role may not do this
  | "conflict" // the task changed under us (version, status)
  | "not_bound" // workspace/tenant belongs to no firm
  | "unknown_user" // speaker is not a person of the firm
  | "unavailable" // the database cannot be reached or did not answer in time: nothing was changed
  | "unconfirmed"; // the database stopped answering while saving: the change may or may not have been made

/**
 * A refused attempt by a professional to reach a task or matter they may not see: the dispatcher
 * writes it to the audit trail after the command's transaction has rolled back (the reply stays
 * the same as for something that does not exist).
 */
export interface Refusal {
  taskId?: string;
  matterId?: string;
  detail: Record<string, unknown>;
}

export class DelegateError extends Error {
  readonly code: ErrorCode;
  /** Usage line of the command concerned, appended to the reply. */
  readonly usage: string | undefined;
  /** Field-level problems (modal and card forms show them inline). */
  readonly fields: Readonly<Record<string, string>> | undefined;
  /** Set when the refusal itself must be audited. */
  readonly refusal: Refusal | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { usage?: string; fields?: Record<string, string>; refusal?: Refusal } = {},
  ) {
    super(message);
    this.name = "DelegateError";
    this.code = code;
    this.usage = options.usage;
    this.fields = options.fields;
    this.refusal = options.refusal;
  }
}

export const fail = (
  code: ErrorCode,
  message: string,
  options?: { usage?: string; fields?: Record<string, string> },
): never => {
  throw new DelegateError(code, message, options);
};

export const isDelegateError = (e: unknown): e is DelegateError => e instanceof DelegateError;
