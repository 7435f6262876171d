import { QueryClient } from "@tanstack/react-query";

/**
 * One factory for the server's per-request client and the browser's long-lived one, so that
 * data prefetched by a server component is fresh when the page hydrates (no refetch flash).
 * Live pages stay current through the block stream (components/explorer/chainStream.ts),
 * not through polling.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, refetchOnWindowFocus: false, retry: 1 },
    },
  });
}
