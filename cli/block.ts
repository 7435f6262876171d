/** `aergo block HEIGHT|HASH [--verify]`: a sealed block with its transactions and receipts, or its re-execution. */
import { z } from "zod";
import { parseInput, positionals, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { ZBlockVerification, ZSealedBlock } from "./hubSchemas.ts";

export const command: Command = {
  usage: `Usage: aergo block HEIGHT|HASH [--verify]

Shows a sealed block, by height (a whole number) or by hash (base58).

Options:
  --verify      re-execute the block (by height) from its parent's state on the hub and compare
                the receipts and roots it gives with its header (signed in; blocks of at most
                5,000 transactions); exits 1 when they differ
  --branch B    the branch (default main)
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer as is: { block, receipts }, or the verification
  --help        this text`,
  options: { verify: { type: "boolean" } },
  async run(args, ctx) {
    const [id] = parseInput(positionals(["HEIGHT|HASH"]), args.positionals, "block");
    const flags = parseInput(z.object({ verify: z.boolean().optional() }), args.values, "block");
    const byHeight = /^\d{1,15}$/.test(id!);
    if (flags.verify) {
      if (!byHeight) throw new CliError("--verify takes a block height (a whole number).");
      const v = await ctx.hub().get("verifyBlock", { number: id! }, ZBlockVerification);
      const roots = (r: { stateRoot: string; txRoot: string; receiptsRoot: string } | null) => (r ? `state ${r.stateRoot}  txs ${r.txRoot}  receipts ${r.receiptsRoot}` : "-");
      const text = [
        `block      ${v.height} ${v.hash}${v.branch === "main" ? "" : ` (${v.branch})`}, ${v.txs} transaction${v.txs === 1 ? "" : "s"}`,
        `status     ${v.status}`,
        `header     ${roots(v.header)}`,
        `executed   ${roots(v.executed)}`,
        ...(v.reason ? [`reason     ${v.reason}`] : []),
      ].join("\n");
      return { json: v, text, ...(v.status === "mismatch" ? { failure: `block ${v.height} does not re-execute to its header: ${v.reason ?? "the roots differ"}` } : {}) };
    }
    const query = byHeight ? { number: id! } : { hash: id! };
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
