import { parseAmount } from "../../../chain/amount.ts";
import { ZFaucetInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const faucetRouter = createTRPCRouter({
  /** Dev network only: AERGO from the community allocation. */
  request: publicProcedure
    .input(ZFaucetInput)
    .mutation(({ ctx, input }) => ctx.hub.faucetDoor.drip({ address: input.address, amountAer: input.amount === undefined ? undefined : parseAmount(input.amount), ip: ctx.clientIp })),
});
