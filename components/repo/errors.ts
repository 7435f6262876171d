/** What the hub said when a call failed, as a sentence a person can act on. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  return "Something went wrong; try again.";
}

/** The tRPC code of a failed call (NOT_FOUND, CONFLICT, ...), by shape: TRPCClientError carries it in `data`. */
export function errorCode(e: unknown): string | undefined {
  const data = (e as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === "string" ? data.code : undefined;
}

/** The domain code (chain/errors.ts ErrorCode) the server's error formatter adds. */
export function domainCode(e: unknown): string | undefined {
  const data = (e as { data?: { domainCode?: unknown } } | null)?.data;
  return typeof data?.domainCode === "string" ? data.domainCode : undefined;
}
