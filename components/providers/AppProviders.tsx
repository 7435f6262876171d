"use client";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import { SessionProvider } from "next-auth/react";
import type { AppRouter } from "@/server/api/root";
import { TRPC_LIMITS } from "@/server/api/batchLimits";
import { WalletProvider } from "@/components/wallet/WalletProvider";
import { makeQueryClient } from "./queryClient";
import { TRPCProvider } from "./trpc";

let browserQueryClient: QueryClient | undefined;

/** The server renders with a fresh client per request; the browser keeps one for the session. */
function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

/** The session (next-auth), TanStack Query + the tRPC client (batched HTTP to /api/trpc), the browser wallet. */
export function AppProviders({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", maxURLLength: 4000, maxItems: TRPC_LIMITS.maxBatchCalls })] }));
  return (
    <SessionProvider>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <WalletProvider>{children}</WalletProvider>
        </TRPCProvider>
      </QueryClientProvider>
    </SessionProvider>
  );
}
