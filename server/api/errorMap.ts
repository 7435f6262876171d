import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ErrorCode } from "../../chain/errors.ts";

/** The one place where domain error codes become HTTP / tRPC statuses. */
const TRPC_CODE: Record<string, TRPC_ERROR_CODE_KEY> = {
  [ErrorCode.NotFound]: "NOT_FOUND",
  [ErrorCode.Forbidden]: "FORBIDDEN",
  [ErrorCode.Unauthenticated]: "UNAUTHORIZED",
  [ErrorCode.Conflict]: "CONFLICT",
  [ErrorCode.NameTaken]: "CONFLICT",
  [ErrorCode.AlreadyPurchased]: "CONFLICT",
  [ErrorCode.UnsafeVersion]: "CONFLICT",
  [ErrorCode.NotPurchased]: "FORBIDDEN",
  [ErrorCode.ProposalClosed]: "CONFLICT",
  [ErrorCode.StakeLocked]: "CONFLICT",
  [ErrorCode.RateLimited]: "TOO_MANY_REQUESTS",
  [ErrorCode.Unavailable]: "SERVICE_UNAVAILABLE",
  [ErrorCode.KnownTx]: "CONFLICT",
  [ErrorCode.NonceTooLow]: "CONFLICT",
  [ErrorCode.TxTooLarge]: "PAYLOAD_TOO_LARGE",
  [ErrorCode.PayloadTooLarge]: "PAYLOAD_TOO_LARGE",
  [ErrorCode.StoreCorrupt]: "INTERNAL_SERVER_ERROR",
  [ErrorCode.Internal]: "INTERNAL_SERVER_ERROR",
};

const HTTP_STATUS: Record<TRPC_ERROR_CODE_KEY, number> = {
  PARSE_ERROR: 400,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  CLIENT_CLOSED_REQUEST: 499,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as Record<TRPC_ERROR_CODE_KEY, number>;

/** Every other domain code is the caller's mistake: 400. */
export function trpcCodeOf(code: string): TRPC_ERROR_CODE_KEY {
  return TRPC_CODE[code] ?? "BAD_REQUEST";
}

export function httpStatusOf(code: string): number {
  return HTTP_STATUS[trpcCodeOf(code)] ?? 400;
}
