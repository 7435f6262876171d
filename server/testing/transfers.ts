/** Signed transfers for hub tests: one sender, nonces counted locally (the pool answers in order). */
import type { KeyPair } from "../../chain/crypto/keys.ts";
import { toHex } from "../../chain/crypto/hash.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { SignedTx } from "../../chain/tx/tx.ts";

export type TransferSender = {
  readonly key: KeyPair;
  /** The nonce the next transfer will carry. */
  nextNonce(): number;
  /** Signs the next transfer and advances the nonce (call `rewind` if it was refused). */
  transfer(to: string, amountAer: bigint): SignedTx;
  rewind(): void;
};

export function createTransferSender(opts: { key: KeyPair; chainIdHash: string; gasPrice: bigint; lastNonce: number }): TransferSender {
  let nonce = opts.lastNonce;
  return {
    key: opts.key,
    nextNonce: () => nonce + 1,
    transfer(to, amountAer) {
      nonce += 1;
      return buildTx({ type: "transfer", key: opts.key, chainIdHash: opts.chainIdHash, nonce, to, amount: amountAer, gasPrice: opts.gasPrice });
    },
    rewind() {
      nonce -= 1;
    },
  };
}

/** The JSON body of POST /v1/sendSignedTransaction. */
export function sendTxBody(tx: SignedTx | Uint8Array, wait?: "receipt" | "block" | "final"): string {
  const bytes = tx instanceof Uint8Array ? tx : tx.bytes;
  return JSON.stringify(wait ? { tx: toHex(bytes), wait } : { tx: toHex(bytes) });
}
