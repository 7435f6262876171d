import { z } from "zod";
import { getContractRow, listContracts, pageContractEvents } from "../../../db/queries/index.ts";
import { ZEventLimit, ZTableLimit, ZTableOffset } from "../../../chain/readBounds.ts";
import { admitCompile } from "../compileRate.ts";
import { ZAddressText } from "../inputs.ts";
import { ROW_HISTORY_LIMIT_MAX, ZRowKey } from "../../../chain/node/rowHistory.ts";
import { createTRPCRouter, publicProcedure, repoReadProcedure } from "../trpc.ts";

const ZHeight = z.number().int().min(0).optional();
const ZName = z.string().min(1).max(128);
const ZArgs = z.union([z.array(z.unknown()).max(64), z.record(z.string(), z.unknown())]).default([]);

export const contractsRouter = createTRPCRouter({
  list: repoReadProcedure.query(({ ctx }) => ctx.repo.node.listContracts({ branch: ctx.branch })),
  /** Newest deployed contracts of the branch (its own, then its base's), from the index (name, creator, deploy tx, ABI). */
  recent: repoReadProcedure.input(z.object({ limit: z.number().int().min(1).max(100).default(20) })).query(({ ctx, input }) => listContracts(ctx.hub.index.db, { ...input, repo: ctx.repo.fullName, lineage: ctx.repo.lineage(ctx.branch) })),
  /** Who deployed a contract and when, from the index; null before it is indexed. */
  deployment: repoReadProcedure.input(z.object({ address: ZAddressText })).query(({ ctx, input }) => getContractRow(ctx.hub.index.db, ctx.repo.fullName, input.address, ctx.repo.lineage(ctx.branch))),
  /** Name, ABI and source of a deployed contract. */
  get: repoReadProcedure.input(z.object({ address: ZAddressText })).query(({ ctx, input }) => ctx.repo.node.getContract(input.address, { branch: ctx.branch })),
  /** Runs a view (free, read-only) on the latest state or as of a block. */
  query: repoReadProcedure
    .input(z.object({ address: ZAddressText, view: z.string().min(1).max(128), args: ZArgs, height: ZHeight }))
    .query(({ ctx, input }) => ctx.repo.node.runView(input.address, input.view, input.args, { branch: ctx.branch, height: input.height })),
  /** The same, as of a sealed block, with the evidence a light client re-checks (verifyContractQuery). */
  queryProof: repoReadProcedure
    .input(z.object({ address: ZAddressText, view: z.string().min(1).max(128), args: ZArgs, height: ZHeight }))
    .query(({ ctx, input }) => ctx.repo.node.queryContractProof(input.address, input.view, input.args, { branch: ctx.branch, height: input.height })),
  /**
   * What the editor's simulator restores to run a call as the chain would (chain/sql/simulate.ts):
   * the contract's source, database (base64) and balance as of the head sealed block, and the
   * height a transaction sent now would get.
   */
  simulationState: repoReadProcedure.input(z.object({ address: ZAddressText })).query(({ ctx, input }) => {
    const state = ctx.repo.node.contractState(input.address, { branch: ctx.branch });
    return { ...state, nextHeight: state.height + 1 };
  }),
  /** One page: at most `limit` rows and 4 MiB, long cells cut to a preview (chain/readBounds.ts); `nextOffset` pages on. */
  table: repoReadProcedure
    .input(z.object({ address: ZAddressText, table: ZName, height: ZHeight, limit: ZTableLimit.default(50), offset: ZTableOffset.default(0) }))
    .query(({ ctx, input }) => ctx.repo.node.contractTable(input.address, input.table, { ...input, branch: ctx.branch })),
  /** One whole cell of a table row, named by its primary-key values (the page's `primaryKey` columns, in order). */
  cell: repoReadProcedure
    .input(z.object({ address: ZAddressText, table: ZName, column: ZName, key: z.array(z.union([z.string().max(140_000), z.number(), z.boolean(), z.null()])).min(1).max(64), height: ZHeight }))
    .query(({ ctx, input }) => ctx.repo.node.contractCell(input.address, input.table, input.column, input.key, { branch: ctx.branch, height: input.height })),
  /** Oldest first: at most `limit` events and 4 MiB; `truncated` when bytes ended the page early. */
  /**
   * Row history ("blame"): the row's versions on the branch, newest first, with the transaction
   * that wrote each and the cells it changed; `before` (a previous answer's `nextBefore`) pages on.
   */
  rowHistory: repoReadProcedure
    .input(z.object({ address: ZAddressText, table: ZName, key: ZRowKey, before: z.number().int().min(1).optional(), limit: z.number().int().min(1).max(ROW_HISTORY_LIMIT_MAX).default(20) }))
    .query(({ ctx, input }) => ctx.repo.node.rowHistory(input.address, input.table, input.key, { branch: ctx.branch, before: input.before, limit: input.limit })),
  events: repoReadProcedure
    .input(z.object({ address: ZAddressText, name: ZName.optional(), fromHeight: ZHeight, limit: ZEventLimit.default(100) }))
    .query(({ ctx, input }) => pageContractEvents(ctx.hub.index.db, { repo: ctx.repo.fullName, lineage: ctx.repo.lineage(ctx.branch), contract: input.address, name: input.name, fromHeight: input.fromHeight, limit: input.limit })),
  /** Compiles a source with the chain's own compiler: diagnostics or the ABI. Rate-limited (compileRate.ts). */
  compile: publicProcedure.input(z.object({ source: z.string().max(128 * 1024) })).mutation(async ({ ctx, input }) => {
    admitCompile(ctx.viewer, ctx.clientIp);
    const r = await ctx.hub.compile(input.source);
    return r.ok ? { ok: true as const, abi: r.abi, diagnostics: r.diagnostics } : { ok: false as const, diagnostics: r.diagnostics };
  }),
});
