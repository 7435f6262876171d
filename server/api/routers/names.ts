import { z } from "zod";
import { isValidName } from "../../../chain/names/names.ts";
import { listNamesOf } from "../../../db/queries/index.ts";
import { ZAddressText } from "../inputs.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

/** A name per the chain's rules (chain/names/names.ts): refused here with the rule's message. */
const ZNameInput = z.object({
  name: z.string().min(1).max(64).refine(isValidName, "not a valid name: 3–32 lowercase letters, digits, - _ . starting with a letter"),
  height: z.number().int().min(0).optional(),
});

export const namesRouter = createTRPCRouter({
  /** A name's owner and destination (latest, or after block `height`); null when the name is free. */
  get: repoReadProcedure.input(ZNameInput).query(({ ctx, input }) => ctx.repo.node.getName(input.name, { branch: ctx.branch, height: input.height })),
  /** The name with a Merkle proof against a sealed block's state root. */
  proof: repoReadProcedure.input(ZNameInput).query(({ ctx, input }) => ctx.repo.node.getNameProof(input.name, { branch: ctx.branch, height: input.height })),
  /**
   * The names resolving to an address on the branch (the explorer shows them beside it): the
   * index finds the candidates, the chain confirms each at the branch's latest state.
   */
  ofAddress: repoReadProcedure.input(z.object({ address: ZAddressText })).query(async ({ ctx, input }) => {
    const candidates = await listNamesOf(ctx.hub.index.db, ctx.repo.fullName, input.address, ctx.repo.lineage(ctx.branch));
    return candidates.filter((name) => ctx.repo.node.getName(name, { branch: ctx.branch })?.destination === input.address);
  }),
  /** What a name costs and the name account it is paid to. */
  price: repoReadProcedure.input(z.object({ height: z.number().int().min(0).optional() })).query(({ ctx, input }) => ctx.repo.node.getNamePrice({ branch: ctx.branch, height: input.height })),
});
