/**
 * Builds, signs and submits a transaction the way a wallet does: the chain id hash and the
 * minimum gas price come from the hub's chain info, the nonce from the sender's latest state
 * (which includes answered, not yet sealed transactions), and the signature from the key in
 * this process. Only the signed bytes travel to the hub.
 */
import { toHex } from "../chain/crypto/hash.ts";
import type { KeyPair } from "../chain/crypto/keys.ts";
import { buildTx } from "../chain/tx/buildTx.ts";
import type { TxTypeName } from "../chain/types.ts";
import type { HubClient } from "./hubClient.ts";
import { ZAccountJSON, ZChainInfoJSON, ZReceiptJSON, type ReceiptOut } from "./hubSchemas.ts";

export type SendInput = {
  readonly type: TxTypeName;
  readonly key: KeyPair;
  readonly to?: string | null;
  readonly amount?: bigint;
  readonly payload?: Uint8Array;
  readonly wait: "receipt" | "block" | "final";
};

export async function signAndSend(hub: HubClient, input: SendInput): Promise<ReceiptOut> {
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
    payload: input.payload,
  });
  return hub.post("sendSignedTransaction", { tx: toHex(tx.bytes), wait: input.wait }, ZReceiptJSON);
}
