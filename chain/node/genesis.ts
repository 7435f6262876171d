import { z } from "zod";
import { isAddress } from "../crypto/address.ts";
import { sha256 } from "../crypto/hash.ts";
import { ByteWriter } from "../codec.ts";
import { AER_PER_AERGO, AER_PER_GAER } from "../amount.ts";
import { devKeyPair, type KeyPair } from "../crypto/keys.ts";

const ZAddress = z.string().refine(isAddress, "not an Aergo address");

export const ZGenesis = z.object({
  chainId: z.string().min(1).max(128),
  timestamp: z.number().int().nonnegative(),
  allocations: z.array(z.object({ address: ZAddress, balance: z.bigint().nonnegative(), label: z.string().max(64) })).max(10_000),
  consensus: z.object({
    kind: z.enum(["dpos", "poa"]),
    blockIntervalMs: z.number().int().min(50).max(60_000),
    producerCount: z.number().int().min(1).max(101),
    epochLength: z.number().int().min(2).max(1_000_000),
    maxMissedSlots: z.number().int().min(1).max(1000),
    /** Initial ranking: the first producerCount produce; the rest stand by. */
    producers: z.array(z.object({ address: ZAddress, label: z.string().max(64) })).min(1),
  }),
  minGasPrice: z.bigint().nonnegative(),
  /**
   * What a name costs until governance sets the `param:namePrice` state entry (chain/names/names.ts);
   * absent: 1 AERGO. Not in the chain id hash: repository chains (priced at zero, like their gas)
   * existed before names, and their ids must not change; blocks still commit to every effect of
   * the price through the state root.
   */
  namePrice: z.bigint().nonnegative().optional(),
  devNetwork: z.boolean(),
});
export type Genesis = z.infer<typeof ZGenesis>;

/** The chain id hash commits to the whole genesis: another genesis is another chain. */
export function genesisChainIdHash(g: Genesis): Uint8Array {
  const w = new ByteWriter().string(g.chainId).u64(g.timestamp).u32(g.allocations.length);
  for (const a of g.allocations) w.string(a.address).bigint(a.balance).string(a.label);
  const c = g.consensus;
  w.string(c.kind).u32(c.blockIntervalMs).u32(c.producerCount).u32(c.epochLength).u32(c.maxMissedSlots).u32(c.producers.length);
  for (const p of c.producers) w.string(p.address).string(p.label);
  w.bigint(g.minGasPrice).u8(g.devNetwork ? 1 : 0);
  return sha256(w.finish());
}

export const TOTAL_SUPPLY = 500_000_000n * AER_PER_AERGO;

/** The whitepaper's allocation table, in percent of the 500,000,000 AERGO at genesis. */
export const WHITEPAPER_ALLOCATION = [
  { label: "sale", percent: 30n },
  { label: "community and partners", percent: 30n },
  { label: "issuer reserve", percent: 25n },
  { label: "advisors and backers", percent: 10n },
  { label: "employees", percent: 5n },
] as const;

export type DevNetwork = {
  readonly genesis: Genesis;
  /** Every key a dev network's hub holds: producers, genesis accounts, the faucet. */
  readonly producerKeys: readonly KeyPair[];
  readonly allocationKeys: readonly (KeyPair & { label: string })[];
  readonly faucetKey: KeyPair;
  /** Demo accounts for people trying the hub: funded by the faucet at first start. */
  readonly devAccounts: readonly (KeyPair & { label: string })[];
};

/**
 * The dev network: well-known keys (like Hardhat's accounts), 3 producers and 2 standby
 * candidates, 1 block a second, epochs of 30 blocks.
 */
export function createDevNetwork(opts: { chainId?: string; blockIntervalMs?: number; epochLength?: number; producerCount?: number; timestamp?: number; consensus?: "dpos" | "poa" } = {}): DevNetwork {
  const producerCount = opts.producerCount ?? 3;
  const producerKeys = Array.from({ length: producerCount + 2 }, (_, i) => devKeyPair(`producer-${i + 1}`));
  const allocationKeys = WHITEPAPER_ALLOCATION.map((a) => ({ ...devKeyPair(`genesis-${a.label}`), label: a.label }));
  const devAccounts = [1, 2, 3, 4].map((i) => ({ ...devKeyPair(`dev-${i}`), label: `dev-${i}` }));
  const genesis: Genesis = {
    chainId: opts.chainId ?? "aergo/main",
    timestamp: opts.timestamp ?? Date.UTC(2026, 0, 1),
    allocations: WHITEPAPER_ALLOCATION.map((a, i) => ({
      address: allocationKeys[i]!.address,
      balance: (TOTAL_SUPPLY * a.percent) / 100n,
      label: a.label,
    })),
    consensus: {
      kind: opts.consensus ?? "dpos",
      blockIntervalMs: opts.blockIntervalMs ?? 1000,
      producerCount,
      epochLength: opts.epochLength ?? 30,
      maxMissedSlots: 3,
      producers: producerKeys.map((k, i) => ({ address: k.address, label: `producer-${i + 1}` })),
    },
    minGasPrice: 50n * AER_PER_GAER,
    devNetwork: true,
  };
  // The faucet draws from the community allocation, which the whitepaper reserves for growth.
  return { genesis: ZGenesis.parse(genesis), producerKeys, allocationKeys, faucetKey: allocationKeys[1]!, devAccounts };
}
