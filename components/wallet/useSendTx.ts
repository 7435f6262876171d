"use client";
/**
 * Signs a transaction with the browser wallet and sends it to a branch of a repository's chain:
 * the chain id, minimum gas price and the sender's next nonce on that branch (nonces are per
 * branch) come from the hub; the signature is made here.
 */
import { useTRPCClient } from "@/components/providers/trpc";
import { withRepo } from "@/components/repo/repoPaths";
import { toHex } from "@/chain/crypto/hash";
import { buildTx, contractGasLimit } from "@/chain/tx/buildTx";
import type { TxTypeName } from "@/chain/types";
import { useWallet } from "./WalletProvider";

export type SendTxInput = {
  readonly repo?: string;
  /** Absent or main: main, whose inputs stay as they were. */
  readonly branch?: string;
  readonly type: TxTypeName;
  readonly to?: string | null;
  readonly amount?: bigint;
  readonly payload?: Uint8Array;
  readonly gasLimit?: number;
};

export function useSendTx() {
  const client = useTRPCClient();
  const wallet = useWallet();
  return async (input: SendTxInput) => {
    const key = await wallet.requireKey();
    const at = withRepo(input.repo, {}, input.branch);
    const [info, account] = await Promise.all([client.chain.info.query(at), client.accounts.get.query({ ...at, address: key.address })]);
    const tx = buildTx({
      type: input.type,
      key,
      chainIdHash: info.chainIdHash,
      nonce: account.nonce + 1,
      to: input.to ?? null,
      amount: input.amount,
      payload: input.payload,
      gasLimit: input.gasLimit ?? (input.type === "transfer" ? undefined : contractGasLimit(input.payload?.length ?? 0)),
      gasPrice: BigInt(info.minGasPrice.aer),
    });
    return client.transactions.send.mutate({ ...at, tx: toHex(tx.bytes) });
  };
}
