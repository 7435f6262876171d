import { decodeHash } from "../crypto/hash.ts";
import type { KeyPair } from "../crypto/keys.ts";
import type { TxTypeName } from "../types.ts";
import { GAS_PER_PAYLOAD_BYTE, intrinsicGas, signTx, type SignedTx } from "./tx.ts";

/**
 * A deploy or call reserves gas for the contract on top of the 100,000 base: 5,000,000 (the
 * engine's cap per transaction) plus the payload's bytes. Only the gas used is charged.
 */
export const contractGasLimit = (payloadBytes: number) => 5_000_000 + GAS_PER_PAYLOAD_BYTE * payloadBytes;

export type BuildTxInput = {
  readonly type: TxTypeName;
  readonly key: KeyPair;
  readonly chainIdHash: string | Uint8Array;
  readonly nonce: number;
  readonly to?: string | null;
  readonly amount?: bigint;
  readonly gasPrice: bigint;
  readonly gasLimit?: number;
  readonly payload?: Uint8Array;
};

/**
 * Builds and signs a transaction where the key is (CLI, browser, tests); the gas limit defaults
 * to exactly what the transaction needs.
 * @example buildTx({ type: "transfer", key, chainIdHash, nonce: 1, to, amount: 10n ** 18n, gasPrice })
 */
export function buildTx(input: BuildTxInput): SignedTx {
  const payload = input.payload ?? new Uint8Array();
  return signTx(
    {
      type: input.type,
      chainIdHash: typeof input.chainIdHash === "string" ? decodeHash(input.chainIdHash) : input.chainIdHash,
      nonce: input.nonce,
      from: input.key.address,
      to: input.to ?? null,
      amount: input.amount ?? 0n,
      gasLimit: input.gasLimit ?? intrinsicGas({ payload }),
      gasPrice: input.gasPrice,
      payload,
    },
    input.key.privateKey,
  );
}
