/** `aergo balance ADDRESS|NAME [--proof] [--height H]`: an account's balance, optionally proven. */
import { z } from "zod";
import { toAmountJSON } from "../chain/amount.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { ZAccountJSON, ZAccountProofJSON, ZChainInfoJSON } from "./hubSchemas.ts";
import { resolveAccount } from "./accountResolver.ts";
import { verifyAccountProof } from "./verifyAccountProof.ts";

const ZBalanceFlags = z.object({ proof: z.boolean().default(false), height: z.string().optional() });

function parseHeight(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new CliError(`--height "${text.slice(0, 40)}" is not a block height (a whole number).`);
  return Number(text);
}

export const command: Command = {
  usage: `Usage: aergo balance ADDRESS|NAME [--proof] [--height H]

Shows an account's balance and nonce: by default the latest state (including transactions the
producer has answered but not sealed yet); with --height, the state after block H.

With --proof the CLI asks for a Merkle proof and checks it itself, like a light client: the
block header's producer signature, the header hash, and the proof from the account's bytes to
the header's state root. It prints "verified": true, or refuses (exit 1) when a check fails.
A proof is always about a sealed block (the latest one unless --height is given).

Options:
  --proof       verify a Merkle proof of the account against a signed header
  --height H    read the state after block H
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print JSON: address, balance {aer, aergo}, nonce, staked, height
                (+ proof, header, verified with --proof)
  --help        this text`,
  options: { proof: { type: "boolean" }, height: { type: "string" } },
  async run(args, ctx) {
    const [target] = parseInput(positionals(["ADDRESS|NAME"]), args.positionals, "balance");
    const flags = parseInput(ZBalanceFlags, args.values, "balance");
    const height = parseHeight(flags.height);
    const address = await resolveAccount(ctx, target!, "account", { keys: true });
    const query = { account: address, height: height === undefined ? undefined : String(height) };
    if (!flags.proof) {
      const a = await ctx.hub().get("getState", query, ZAccountJSON);
      const json = { address: a.address, balance: a.balance, nonce: a.nonce, staked: a.staked, height: a.height, pending: a.pending };
      const text = [`${a.address}`, `balance  ${a.balance.aergo} AERGO`, `staked   ${a.staked.aergo} AERGO`, `nonce    ${a.nonce}`, `at       ${a.pending ? `latest state (block ${a.height} + answered transactions)` : `block ${a.height}`}`].join("\n");
      return { json, text };
    }
    const [info, p] = await Promise.all([ctx.hub().get("getChainInfo", {}, ZChainInfoJSON), ctx.hub().get("getState", { ...query, proof: "true" }, ZAccountProofJSON)]);
    const proven = verifyAccountProof(address, p, info.chainIdHash);
    const json = {
      address,
      balance: toAmountJSON(proven.balance),
      nonce: proven.nonce,
      staked: toAmountJSON(proven.staked),
      height: p.header.height,
      proof: { key: p.key, valueHash: p.valueHash, value: p.value, ...(p.proof as object) },
      header: p.header,
      verified: true,
    };
    const text = [
      `${address}`,
      `balance  ${json.balance.aergo} AERGO`,
      `staked   ${json.staked.aergo} AERGO`,
      `nonce    ${json.nonce}`,
      `verified ✓ proof checked against the state root of block ${p.header.height} (${p.header.hash}), signed by ${p.header.producer}`,
    ].join("\n");
    return { json, text };
  },
};
