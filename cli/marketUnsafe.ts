/**
 * `aergo market unsafe PACKAGE@VERSION --reason R`: the publisher marks a version unsafe; new
 * purchases and installs are then refused with the reason, and its buyers see a warning.
 */
import { z } from "zod";
import { parseInput, positionals, ZWait, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { buildMarketPayload, marketReceiptOutput, marketSigner, requireListingRef, sendMarketTx } from "./marketTx.ts";

const ZUnsafeFlags = z.object({ reason: z.string({ error: "--reason R is required (buyers are told why)" }), from: z.string().optional(), wait: ZWait });

export async function markUnsafe(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  const [refText] = parseInput(positionals(["PACKAGE@VERSION"]), args.positionals.slice(1), "market unsafe");
  const flags = parseInput(ZUnsafeFlags, args.values, "market unsafe");
  const ref = requireListingRef(refText!);
  const payload = buildMarketPayload({ op: "unsafe", ...ref, reason: flags.reason });
  const key = await marketSigner(ctx, flags.from, "unsafe");
  const receipt = await sendMarketTx(ctx.hub(), key, payload, { wait: flags.wait });
  return marketReceiptOutput(receipt, `market unsafe ${ref.package}@${ref.version}`, [`reason    ${flags.reason}`], { unsafe: { ...ref, reason: flags.reason } });
}
