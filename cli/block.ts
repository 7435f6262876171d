/** `aergo block HEIGHT|HASH`: a sealed block with its transactions and receipts. */
import { parseInput, positionals, type Command } from "./command.ts";
import { ZSealedBlock } from "./hubSchemas.ts";

export const command: Command = {
  usage: `Usage: aergo block HEIGHT|HASH

Shows a sealed block, by height (a whole number) or by hash (base58).

Options:
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer as is: { block, receipts }
  --help        this text`,
  options: {},
  async run(args, ctx) {
    const [id] = parseInput(positionals(["HEIGHT|HASH"]), args.positionals, "block");
    const query = /^\d{1,15}$/.test(id!) ? { number: id! } : { hash: id! };
    const found = await ctx.hub().get("getBlock", query, ZSealedBlock);
    const b = found.block;
    const text = [
      `block      ${b.height} ${b.hash}`,
      `previous   ${b.prevHash}`,
      `time       ${new Date(b.timestamp).toISOString()}`,
      `producer   ${b.producer} (epoch ${b.consensus.epoch}, slot ${b.consensus.slot})`,
      `state root ${b.stateRoot}`,
      `txs        ${b.txCount} (${b.gasUsed} gas, fees ${b.fees.aergo} AERGO)`,
      ...b.txs.map((t, i) => `  ${t.hash}  ${t.type.padEnd(8)} ${t.from} → ${t.to ?? "-"}  ${t.amount.aergo} AERGO  ${found.receipts[i]?.status ?? ""}`),
    ].join("\n");
    return { json: found, text };
  },
};
