/** `aergo chain`: the chain's head, finality, producers and candidates. */
import { parseInput, positionals, type Command } from "./command.ts";
import { ZChainInfoJSON } from "./hubSchemas.ts";

export const command: Command = {
  usage: `Usage: aergo chain

Shows the chain: id, head height, last irreversible block, epoch, the elected producers and the
candidates by votes, minimum gas price.

Options:
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's chain info (ChainInfoJSON) as is
  --help        this text`,
  options: {},
  async run(args, ctx) {
    parseInput(positionals([]), args.positionals, "chain");
    const info = await ctx.hub().get("getChainInfo", {}, ZChainInfoJSON);
    const row = (p: (typeof info.producers)[number]) => `  ${p.address}  ${(p.label ?? "").padEnd(12)} ${p.votes.aergo} votes`;
    const text = [
      `chain          ${info.chainId} (${info.consensus}${info.devNetwork ? ", dev network" : ""})`,
      `chain id hash  ${info.chainIdHash}`,
      `height         ${info.height} ${info.headHash}`,
      `irreversible   ${info.lastIrreversible}`,
      `epoch          ${info.epoch} (every ${info.epochLength} blocks)`,
      `min gas price  ${info.minGasPrice.aer} aer`,
      `producers`,
      ...info.producers.map(row),
      `candidates`,
      ...info.candidates.map(row),
    ].join("\n");
    return { json: info, text };
  },
};
