/** `aergo events CONTRACT [--event NAME] [--from HEIGHT] [--limit N]`: a contract's events. */
import { z } from "zod";
import { parseInput, positionals, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { parseWholeNumber } from "./contractInput.ts";
import { formatEvent } from "./contractText.ts";
import { ZContractEventsJSON, ZContractInfoJSON } from "./hubSchemas.ts";

const ZEventsFlags = z.object({ event: z.string().optional(), from: z.string().optional(), limit: z.string().optional() });

export const command: Command = {
  usage: `Usage: aergo events CONTRACT [--event NAME] [--from HEIGHT] [--limit N]

Lists the events a contract emitted, oldest first, from the hub's index (sealed blocks: an event
shows up a moment after its block). CONTRACT is an address or a name recorded by
"aergo deploy --name".

Options:
  --event NAME   only events of this name (e.g. Transfer)
  --from HEIGHT  only events from block HEIGHT on
  --limit N      at most N events (default 100, at most 1000)
  --hub URL      the hub (default $AERGO_HUB or http://localhost:3000)
  --json         print the hub's answer as is: [{ txHash, index, blockHeight, contract, name, args }]
  --help         this text`,
  options: { event: { type: "string" }, from: { type: "string" }, limit: { type: "string" } },
  async run(args, ctx) {
    const [target] = parseInput(positionals(["CONTRACT"]), args.positionals, "events");
    const flags = parseInput(ZEventsFlags, args.values, "events");
    const from = parseWholeNumber(flags.from, "from", "a block height (a whole number)");
    const limit = parseWholeNumber(flags.limit, "limit", "a number of events (1 or more)", 1);
    const address = await resolveAccount(ctx, target!, "contract", { book: true });
    // The contract too: an unknown address is NOT_FOUND rather than "no events", and its ABI
    // gives the order of each event's parameters (the index stores them by name).
    const [contract, events] = await Promise.all([
      ctx.hub().get("getContract", { address }, ZContractInfoJSON),
      ctx.hub().get("getEvents", { address, event: flags.event, from: from?.toString(), limit: limit?.toString() }, ZContractEventsJSON),
    ]);
    const declared = new Map(contract.abi.events.map((e) => [e.name, e.params.map((p) => p.name)]));
    const inOrder = (name: string, args: Record<string, unknown>) => Object.fromEntries([...(declared.get(name) ?? []).filter((p) => p in args), ...Object.keys(args)].map((k) => [k, args[k]]));
    const width = Math.max(5, ...events.map((e) => String(e.blockHeight).length));
    const text = events.length
      ? events.map((e) => `${String(e.blockHeight).padStart(width)}  ${e.txHash}  ${formatEvent(e.name, inOrder(e.name, e.args))}`).join("\n")
      : `No ${flags.event ?? ""}${flags.event ? " " : ""}events${from === undefined ? "" : ` from block ${from}`} (yet: the index follows sealed blocks).`;
    return { json: events, text };
  },
};
