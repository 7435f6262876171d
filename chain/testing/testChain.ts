import { AER_PER_AERGO } from "../amount.ts";
import { devKeyPair, type KeyPair } from "../crypto/keys.ts";
import { utf8Bytes } from "../crypto/hash.ts";
import { createDevNetwork } from "../node/genesis.ts";
import { createNode, type LocalNode, type NodeOptions } from "../node/createNode.ts";
import { buildTx } from "../tx/buildTx.ts";
import type { TxTypeName } from "../types.ts";

/** A dev chain on a manual clock: tests move time and produce blocks with `next()`. */
export async function createTestChain(opts: Partial<NodeOptions> & { producerCount?: number; epochLength?: number; startAt?: number; consensus?: "dpos" | "poa" } = {}) {
  const net = createDevNetwork({ producerCount: opts.producerCount, epochLength: opts.epochLength ?? 10, blockIntervalMs: 1000, consensus: opts.consensus });
  let now = opts.startAt ?? net.genesis.timestamp + 1000;
  const node = await createNode({ genesis: net.genesis, producerKeys: net.producerKeys, autoProduce: false, clock: () => now, ...opts });
  const nonces = new Map<string, number>();
  const chain = {
    net,
    node,
    get now() {
      return now;
    },
    /** Advances the clock by one slot and lets the node produce. */
    next(slots = 1) {
      now += 1000 * slots;
      return node.tick(now);
    },
    tx(key: KeyPair, type: TxTypeName, fields: { to?: string; amount?: bigint; payload?: unknown; nonce?: number; gasLimit?: number } = {}) {
      const nonce = fields.nonce ?? (nonces.get(key.address) ?? node.getAccount(key.address).nonce) + 1;
      if (fields.nonce === undefined) nonces.set(key.address, nonce);
      return buildTx({
        type,
        key,
        chainIdHash: node.chainIdHash,
        nonce,
        to: fields.to,
        amount: fields.amount,
        gasLimit: fields.gasLimit,
        gasPrice: net.genesis.minGasPrice,
        payload: fields.payload === undefined ? undefined : utf8Bytes(JSON.stringify(fields.payload)),
      });
    },
    resetNonces() {
      nonces.clear();
    },
    async fund(address: string, aergo: bigint) {
      return node.submitTx(chain.tx(net.faucetKey, "transfer", { to: address, amount: aergo * AER_PER_AERGO }).bytes);
    },
  };
  return chain;
}

export const aergo = (n: number | bigint) => BigInt(n) * AER_PER_AERGO;
export { devKeyPair, type LocalNode };
