/**
 * Builds, signs and submits a transaction the way a wallet does: the chain id hash and the
 * minimum gas price come from the hub's chain info, the nonce from the sender's latest state
 * (which includes answered, not yet sealed transactions), and the signature from the key in
 * this process. Only the signed bytes travel to the hub.
 */
import type { z } from "zod";
import { toHex } from "../chain/crypto/hash.ts";
import type { KeyPair } from "../chain/crypto/keys.ts";
import { buildTx } from "../chain/tx/buildTx.ts";
import type { TxTypeName } from "../chain/types.ts";
import { CliError } from "./errors.ts";
import { HubTimeoutError, type HubClient } from "./hubClient.ts";
import { ZAccountJSON, ZChainInfoJSON, ZReceiptJSON, type ReceiptOut } from "./hubSchemas.ts";

export type SendInput = {
  readonly type: TxTypeName;
  readonly key: KeyPair;
  readonly to?: string | null;
  readonly amount?: bigint;
  readonly payload?: Uint8Array;
  /** Default: exactly the intrinsic gas (enough for every transaction that runs no contract). */
  readonly gasLimit?: number;
  readonly wait: "receipt" | "block" | "final";
};

export function signAndSend(hub: HubClient, input: SendInput): Promise<ReceiptOut> {
  return signAndSendFor(hub, input, ZReceiptJSON);
}

/** signAndSend, reading the receipt with a schema of its kind (a contract receipt's return value and events). */
export async function signAndSendFor<T extends z.ZodType>(hub: HubClient, input: SendInput, receiptSchema: T): Promise<z.infer<T>> {
  const [info, account] = await Promise.all([
    hub.get("getChainInfo", {}, ZChainInfoJSON),
    hub.get("getState", { account: input.key.address }, ZAccountJSON),
  ]);
  const tx = buildTx({
    type: input.type,
    key: input.key,
    chainIdHash: info.chainIdHash,
    nonce: account.nonce + 1,
    to: input.to ?? null,
    amount: input.amount ?? 0n,
    gasPrice: BigInt(info.minGasPrice.aer),
    gasLimit: input.gasLimit,
    payload: input.payload,
  });
  try {
    return await hub.post("sendSignedTransaction", { tx: toHex(tx.bytes), wait: input.wait }, receiptSchema);
  } catch (e) {
    // The bytes reached the hub and may land: name the transaction and where to look it up.
    if (!(e instanceof HubTimeoutError)) throw e;
    const where = [hub.repo === undefined ? "" : ` --repo ${hub.repo}`, hub.branch === undefined ? "" : ` --branch ${hub.branch}`].join("");
    throw new CliError(
      `The hub did not answer within the wait for "${input.wait}"; transaction ${tx.hashText} was sent and may still land.`,
      1,
      `See where it stands: aergo tx ${tx.hashText}${where}`,
    );
  }
}
