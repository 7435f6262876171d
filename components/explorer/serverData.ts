/**
 * Data access for the explorer's server components. Pages read through the running hub's
 * tRPC router in-process (no HTTP hop), prefetch into a per-request QueryClient, and hand
 * its dehydrated state to the client components, which then stay live by themselves.
 * Never import this from a client component.
 */
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import { makeQueryClient } from "@/components/providers/queryClient";
import { appRouter, createCaller } from "@/server/api/root";
import { createTrpcContext } from "@/server/api/trpc";
import { getHub } from "@/server/hub/registry";
import { viewerFromRequest } from "@/server/auth/session";

/** Who is viewing this page: read from the session cookie, as every other door does. */
export const pageViewer = cache(async () => {
  const h = await headers();
  return viewerFromRequest({ cookie: h.get("cookie") ?? undefined }, getHub().people);
});

const pageContext = async () => createTrpcContext(getHub(), await pageViewer());

/**
 * One QueryClient per request (React's cache is request-scoped on the server). It never retries:
 * the hub answers in-process, so a retry would only hold a "not found" page back by a second.
 */
export const getServerQueryClient = cache(() => {
  const queryClient = makeQueryClient();
  const defaults = queryClient.getDefaultOptions();
  queryClient.setDefaultOptions({ ...defaults, queries: { ...defaults.queries, retry: false } });
  return queryClient;
});

/** Direct calls: `await serverCaller().blocks.get({ id })`. */
export const serverCaller = cache(() => createCaller(pageContext));

/** Query options whose keys match the browser's useTRPC() ones, for prefetching. */
export const serverTrpc = cache(() =>
  createTRPCOptionsProxy({ router: appRouter, ctx: pageContext, queryClient: getServerQueryClient }),
);

/**
 * The value, or null when the hub says the thing does not exist or the id is malformed:
 * both mean "no such page" to a visitor. Anything else is a real failure and propagates.
 */
export async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    // By name, not instanceof: Next may load @trpc/server twice (bundled and external).
    const code = e instanceof Error && e.name === "TRPCError" ? (e as Error & { code?: string }).code : undefined;
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") return null;
    throw e;
  }
}
