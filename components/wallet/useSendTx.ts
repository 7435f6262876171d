"use client";
/**
 * Signs a transaction with the browser wallet and sends it to a repository's chain: the chain id,
 * minimum gas price and the sender's next nonce come from the hub; the signature is made here.
 */
import { useTRPCClient } from "@/components/providers/trpc";
import { toHex } from "@/chain/crypto/hash";
import { buildTx, contractGasLimit } from "@/chain/tx/buildTx";
import type { TxTypeName } from "@/chain/types";
import { useWallet } from "./WalletProvider";

export type SendTxInput = {
  readonly repo?: string;
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
    const repo = input.repo;
    const [info, account] = await Promise.all([client.chain.info.query({ repo }), client.accounts.get.query({ repo, address: key.address })]);
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
    return client.transactions.send.mutate({ repo, tx: toHex(tx.bytes) });
  };
}
