/**
 * The soak's load over REST: one sender streams AERGO transfers, another calls a token contract
 * (AergoSQL, examples/contracts/token.sql). Every receipt the hub answers goes into the ledger;
 * a load stops quietly when the hub goes away under it (that is the point of a kill).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { KeyPair } from "../../chain/crypto/keys.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { buildTx, contractGasLimit } from "../../chain/tx/buildTx.ts";
import type { SignedTx } from "../../chain/tx/tx.ts";
import type { ReceiptJSON, TxTypeName } from "../../chain/types.ts";
import { REPO_ROOT, type HubProcess } from "../testing/hubProcess.ts";
import { sendTxBody } from "../testing/transfers.ts";
import { accountState } from "./hubReads.ts";

export const TOKEN_SOURCE = readFileSync(path.join(REPO_ROOT, "examples/contracts/token.sql"), "utf8");

/** A receipt the hub answered, with what it was answered with (compared after every restart). */
export type AnsweredTx = { readonly hash: string; readonly status: ReceiptJSON["status"]; readonly gasUsed: number; readonly feeAer: string; readonly kind: "transfer" | "call" | "deploy" };

export type ChainParams = { readonly chainIdHash: string; readonly gasPrice: bigint };

/** One signing account whose nonce is counted here and re-read from the hub after each restart. */
export type LoadSender = {
  readonly key: KeyPair;
  /** Re-reads the nonce (answered transactions included) from the hub. */
  resync(hub: HubProcess): Promise<void>;
  sign(type: TxTypeName, fields: { to?: string; amount?: bigint; payload?: unknown }): SignedTx;
  /** The hub refused the last signed transaction: its nonce is free again. */
  rewind(): void;
};

export function createLoadSender(key: KeyPair, params: ChainParams): LoadSender {
  let nonce = 0;
  return {
    key,
    async resync(hub) {
      nonce = (await accountState(hub, key.address)).nonce;
    },
    sign(type, fields) {
      nonce += 1;
      const payload = fields.payload === undefined ? undefined : utf8Bytes(JSON.stringify(fields.payload));
      const gasLimit = payload && (type === "deploy" || type === "call") ? contractGasLimit(payload.length) : undefined;
      return buildTx({ type, key, chainIdHash: params.chainIdHash, nonce, to: fields.to, amount: fields.amount, gasPrice: params.gasPrice, gasLimit, payload });
    },
    rewind() {
      nonce -= 1;
    },
  };
}

export type SendOutcome = { readonly kind: "answered"; readonly receipt: ReceiptJSON } | { readonly kind: "refused"; readonly status: number; readonly text: string } | { readonly kind: "gone" };

/** Sends one signed transaction; "gone" when the connection broke (the hub was killed). */
export async function sendSigned(hub: HubProcess, tx: SignedTx, wait?: "receipt" | "block"): Promise<SendOutcome> {
  try {
    const a = await hub.request("/v1/sendSignedTransaction", { body: sendTxBody(tx, wait), headers: { "content-type": "application/json" }, timeoutMs: 60_000 });
    if (a.status === 200) return { kind: "answered", receipt: a.json as ReceiptJSON };
    return { kind: "refused", status: a.status, text: a.text };
  } catch {
    return { kind: "gone" };
  }
}

export const answeredOf = (r: ReceiptJSON, kind: AnsweredTx["kind"]): AnsweredTx => ({ hash: r.txHash, status: r.status, gasUsed: r.gasUsed, feeAer: r.fee.aer, kind });

/** Deploys the token contract and waits for its block; returns its address. @throws Error when refused */
export async function deployToken(hub: HubProcess, deployer: LoadSender): Promise<{ address: string; answered: AnsweredTx }> {
  const tx = deployer.sign("deploy", { payload: { source: TOKEN_SOURCE, args: ["Soak Token", "SOAK", 1_000_000_000] } });
  const out = await sendSigned(hub, tx, "block");
  if (out.kind !== "answered" || out.receipt.status !== "success" || !out.receipt.contractAddress) throw new Error(`The soak token was not deployed: ${JSON.stringify(out)}`);
  return { address: out.receipt.contractAddress, answered: answeredOf(out.receipt, "deploy") };
}

export type RunningLoad = {
  /** Asks the loops to stop after the request in flight and waits for them. */
  stop(): Promise<void>;
  /** Requests the hub refused (a soak never expects one; reported as a failure). */
  readonly refusals: string[];
};

/**
 * Starts both loops: transfers from `transfers` to a few recipients, token transfers from
 * `caller` (the token's deployer, who holds the supply). Answered receipts are pushed to `ledger`.
 */
export function startLoad(hub: HubProcess, opts: { transfers: LoadSender; caller: LoadSender; token: string; recipients: readonly string[]; ledger: AnsweredTx[] }): RunningLoad {
  let stopping = false;
  const refusals: string[] = [];
  const loop = async (sender: LoadSender, kind: "transfer" | "call") => {
    for (let i = 0; !stopping; i++) {
      const to = opts.recipients[i % opts.recipients.length]!;
      const tx = kind === "transfer" ? sender.sign("transfer", { to, amount: 1_000_000n }) : sender.sign("call", { to: opts.token, payload: { procedure: "transfer", args: [to, 1] } });
      const out = await sendSigned(hub, tx);
      if (out.kind === "gone") return;
      if (out.kind === "refused") {
        sender.rewind();
        refusals.push(`${kind} ${out.status}: ${out.text.slice(0, 300)}`);
        return;
      }
      opts.ledger.push(answeredOf(out.receipt, kind));
    }
  };
  const loops = Promise.all([loop(opts.transfers, "transfer"), loop(opts.caller, "call")]);
  return {
    refusals,
    async stop() {
      stopping = true;
      await loops;
    },
  };
}
