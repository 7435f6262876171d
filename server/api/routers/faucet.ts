import { parseAmount } from "../../../chain/amount.ts";
import { ChainError, ErrorCode } from "../../../chain/errors.ts";
import { ZFaucetInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const faucetRouter = createTRPCRouter({
  /** Dev network only: AERGO from the community allocation. */
  request: publicProcedure.input(ZFaucetInput).mutation(({ ctx, input }) => {
    if (!ctx.hub.devNetwork) throw new ChainError(ErrorCode.Forbidden, "The faucet runs on the dev network only.");
    return ctx.hub.faucet(input.address, input.amount === undefined ? undefined : parseAmount(input.amount));
  }),
});
