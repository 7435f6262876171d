"use client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

/** What each procedure answers: components type their props by it, never by db/'s row shapes. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** The typed tRPC hooks of the web app: `const trpc = useTRPC(); useQuery(trpc.chain.info.queryOptions())`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
