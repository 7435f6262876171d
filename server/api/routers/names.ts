import { z } from "zod";
import { isValidName } from "../../../chain/names/names.ts";
import { listNamesOf } from "../../../db/queries/index.ts";
import { ZAddressText } from "../inputs.ts";
import type { Repository } from "../../hub/repositories.ts";
import type { Hub } from "../../hub/types.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

/** A name per the chain's rules (chain/names/names.ts): refused here with the rule's message. */
const ZNameInput = z.object({
  name: z.string().min(1).max(64).refine(isValidName, "not a valid name: 3–32 lowercase letters, digits, - _ . starting with a letter"),
  height: z.number().int().min(0).optional(),
});

/** At most this many addresses per names.ofAddresses call (a page's from/to, a short list). */
export const NAMES_LOOKUP_ADDRESSES = 20;

/** What a repository read knows: the hub's index, the repository, the branch read. */
type BranchRead = { readonly hub: Pick<Hub, "index">; readonly repo: Repository; readonly branch: string };

/** The names resolving to `address` on the branch: the index finds the candidates, the chain confirms each at the branch's latest state. */
async function confirmedNamesOf(ctx: BranchRead, address: string): Promise<string[]> {
  const candidates = await listNamesOf(ctx.hub.index.db, ctx.repo.fullName, address, ctx.repo.lineage(ctx.branch));
  return candidates.filter((name) => ctx.repo.node.getName(name, { branch: ctx.branch })?.destination === address);
}

export const namesRouter = createTRPCRouter({
  /** A name's owner and destination (latest, or after block `height`); null when the name is free. */
  get: repoReadProcedure.input(ZNameInput).query(({ ctx, input }) => ctx.repo.node.getName(input.name, { branch: ctx.branch, height: input.height })),
  /** The name with a Merkle proof against a sealed block's state root. */
  proof: repoReadProcedure.input(ZNameInput).query(({ ctx, input }) => ctx.repo.node.getNameProof(input.name, { branch: ctx.branch, height: input.height })),
  /**
   * The names resolving to an address on the branch (the explorer shows them beside it): the
   * index finds the candidates, the chain confirms each at the branch's latest state.
   */
  ofAddress: repoReadProcedure.input(z.object({ address: ZAddressText })).query(({ ctx, input }) => confirmedNamesOf(ctx, input.address)),
  /**
   * {@link confirmedNamesOf} for a few addresses at once, so a page naming several (a transaction's
   * from and to) asks once: every address asked is a key, [] when no name resolves to it.
   */
  ofAddresses: repoReadProcedure.input(z.object({ addresses: z.array(ZAddressText).min(1).max(NAMES_LOOKUP_ADDRESSES) })).query(async ({ ctx, input }) => {
    const unique = [...new Set(input.addresses)];
    const found = await Promise.all(unique.map((address) => confirmedNamesOf(ctx, address)));
    return Object.fromEntries(unique.map((address, i) => [address, found[i] ?? []])) as Record<string, string[]>;
  }),
  /** What a name costs and the name account it is paid to. */
  price: repoReadProcedure.input(z.object({ height: z.number().int().min(0).optional() })).query(({ ctx, input }) => ctx.repo.node.getNamePrice({ branch: ctx.branch, height: input.height })),
});
