/**
 * Limits of one tRPC request, checked from its URL and headers before tRPC reads the body: a
 * batch of at most 10 calls and a body of at most 1 MiB. One anonymous POST of 40 compiles
 * (5.2 MB) held the hub for seconds; now it is refused before any of it is parsed. tRPC's own
 * `maxBatchSize` and `maxBodySize` (server/main.ts) enforce the same numbers as a second line,
 * for bodies sent without a Content-Length.
 */
import type { IncomingMessage } from "node:http";
import { ChainError, ErrorCode } from "../../chain/errors.ts";

export const TRPC_LIMITS = {
  /** Calls in one batch: the explorer's pages batch fewer; its client link splits at this number. */
  maxBatchCalls: 10,
  /**
   * Bytes of one request body: the largest single input (a 256 KiB source saved, a 200 KiB
   * transaction as hex) fits with room to spare.
   */
  maxBodyBytes: 1024 * 1024,
} as const;

/** The number of calls a tRPC URL names: `/api/trpc/a,b,c?batch=1` is 3. */
export function trpcCallCount(url: URL, basePath = "/api/trpc/"): number {
  if (url.searchParams.get("batch") !== "1") return 1;
  return url.pathname.slice(basePath.length).split(",").length;
}

/**
 * @throws ChainError BAD_REQUEST (too many calls in a batch), PAYLOAD_TOO_LARGE (a declared body
 * over the limit: HTTP 413)
 */
export function assertTrpcRequestLimits(req: Pick<IncomingMessage, "headers">, url: URL): void {
  const calls = trpcCallCount(url);
  if (calls > TRPC_LIMITS.maxBatchCalls) {
    throw new ChainError(ErrorCode.BadRequest, `A tRPC batch holds at most ${TRPC_LIMITS.maxBatchCalls} calls; this one has ${calls}. Send them in several requests.`, { calls });
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > TRPC_LIMITS.maxBodyBytes) {
    throw new ChainError(ErrorCode.PayloadTooLarge, `The request body is ${declared.toLocaleString("en-US")} bytes; a tRPC request is at most ${TRPC_LIMITS.maxBodyBytes.toLocaleString("en-US")} bytes.`, { bytes: declared });
  }
}
