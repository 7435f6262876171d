import { accountsRouter } from "./routers/accounts.ts";
import { blocksRouter } from "./routers/blocks.ts";
import { branchesRouter } from "./routers/branches.ts";
import { branchGraphRouter } from "./routers/branchGraph.ts";
import { chainRouter } from "./routers/chain.ts";
import { contractsRouter } from "./routers/contracts.ts";
import { faucetRouter } from "./routers/faucet.ts";
import { governanceRouter } from "./routers/governance.ts";
import { namesRouter } from "./routers/names.ts";
import { marketRouter } from "./routers/market.ts";
import { peopleRouter, reposRouter } from "./routers/repos.ts";
import { sourcesRouter } from "./routers/sources.ts";
import { transactionsRouter } from "./routers/transactions.ts";
import { createCallerFactory, createTRPCRouter, mergeRouters } from "./trpc.ts";

/** One router per domain, joined here. */
export const appRouter = createTRPCRouter({
  chain: chainRouter,
  blocks: blocksRouter,
  branches: mergeRouters(branchesRouter, branchGraphRouter),
  transactions: transactionsRouter,
  accounts: accountsRouter,
  faucet: faucetRouter,
  contracts: contractsRouter,
  names: namesRouter,
  market: marketRouter,
  governance: governanceRouter,
  repos: reposRouter,
  people: peopleRouter,
  sources: sourcesRouter,
});
export type AppRouter = typeof appRouter;

/** Calls procedures in-process (server components, tests) without HTTP. */
export const createCaller = createCallerFactory(appRouter);
