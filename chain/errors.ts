/**
 * The one error type of the engine. Messages are full sentences; values go in `meta`.
 * Codes are mapped to HTTP/tRPC statuses in exactly one place (server/api/errorMap.ts).
 */
export const ErrorCode = {
  BadRequest: "BAD_REQUEST",
  MalformedTx: "MALFORMED_TX",
  BadSignature: "BAD_SIGNATURE",
  WrongChain: "WRONG_CHAIN",
  NonceTooLow: "NONCE_TOO_LOW",
  NonceTooHigh: "NONCE_TOO_HIGH",
  InsufficientBalance: "INSUFFICIENT_BALANCE",
  GasTooLow: "GAS_TOO_LOW",
  GasPriceTooLow: "GAS_PRICE_TOO_LOW",
  TxTooLarge: "TX_TOO_LARGE",
  KnownTx: "KNOWN_TX",
  InvalidAddress: "INVALID_ADDRESS",
  InvalidAmount: "INVALID_AMOUNT",
  InvalidPayload: "INVALID_PAYLOAD",
  /** A name that breaks the naming rules (chain/names/names.ts). */
  InvalidName: "INVALID_NAME",
  /** A name registered already (by someone else or by the sender). */
  NameTaken: "NAME_TAKEN",
  /** A marketplace version the buyer has bought already (buying twice moves no money). */
  AlreadyPurchased: "ALREADY_PURCHASED",
  /** A marketplace action only buyers may take (a review, an install). */
  NotPurchased: "NOT_PURCHASED",
  /** A marketplace version its publisher marked unsafe: new purchases and installs are refused. */
  UnsafeVersion: "UNSAFE_VERSION",
  /** A vote on a proposal whose voting ended (chain/governance/proposals.ts). */
  ProposalClosed: "PROPOSAL_CLOSED",
  /** An unstake of stake that voted on a proposal still open: it is free after the proposal's end block. */
  StakeLocked: "STAKE_LOCKED",
  NotFound: "NOT_FOUND",
  Forbidden: "FORBIDDEN",
  /** No session, or an expired one: sign in first. */
  Unauthenticated: "UNAUTHENTICATED",
  /** The thing exists already (an email, a repository name) or changed under the caller. */
  Conflict: "CONFLICT",
  RateLimited: "RATE_LIMITED",
  /** The producer refused a contract transaction that ran past its admission time budget (not included, no fee). */
  ExecutionTimeout: "EXECUTION_TIMEOUT",
  /** A request body over the door's size limit (HTTP 413). */
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  Unavailable: "UNAVAILABLE",
  InvalidBlock: "INVALID_BLOCK",
  StoreCorrupt: "STORE_CORRUPT",
  Internal: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class ChainError extends Error {
  override readonly name = "ChainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly meta: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  toJSON() {
    return { code: this.code, message: this.message, ...(Object.keys(this.meta).length ? { meta: this.meta } : {}) };
  }
}

/**
 * The engine's own code behind a domain error (a failed view's OUT_OF_GAS, RESULT_TOO_LARGE …),
 * when `meta.code` holds one: what the API shows as `reason` so clients can act on it. Only a
 * code's shape passes, never free text.
 */
export function reasonOf(e: ChainError): string | undefined {
  const code = e.meta.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

export function isChainError(e: unknown): e is ChainError {
  return e instanceof Error && (e as { name?: string }).name === "ChainError" && typeof (e as ChainError).code === "string";
}
