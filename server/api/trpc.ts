/**
 * tRPC setup in three sections: context, init, procedures (create-t3-app's shape).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { isChainError } from "../../chain/errors.ts";
import type { Hub } from "../hub/types.ts";
import { trpcCodeOf } from "./errorMap.ts";

// ---- 1. context ----------------------------------------------------------------------------
export type TrpcContext = { readonly hub: Hub };
export const createTrpcContext = (hub: Hub): TrpcContext => ({ hub });

// ---- 2. init -------------------------------------------------------------------------------
const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      message: error.cause instanceof ZodError ? `Invalid input: ${error.cause.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; ")}` : shape.message,
      data: {
        ...shape.data,
        // The domain code (NONCE_TOO_LOW, ...) for clients that act on it; never a stack.
        domainCode: isChainError(cause) ? cause.code : null,
        stack: undefined,
      },
    };
  },
});

// Domain errors become the tRPC code of errorMap.ts; anything else stays INTERNAL.
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isChainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// ---- 3. procedures -------------------------------------------------------------------------
export const publicProcedure = t.procedure.use(domainErrors);
