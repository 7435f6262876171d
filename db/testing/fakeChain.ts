/**
 * A small deterministic chain for index tests: SealedBlock values in the shapes of
 * chain/types.ts with a ledger behind them, served through the slice of ChainNode the indexer
 * reads. Test data, not a model of the engine: same seed, same blocks, every time.
 */
import { createBase58check } from "@scure/base";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { encodeHash, sha256, toHex, utf8Bytes } from "../../chain/crypto/hash.ts";
import type { SealedBlock } from "../../chain/node/types.ts";
import type { AccountJSON, ChainInfoJSON, EventJSON, ReceiptJSON, TxJSON, TxTypeName } from "../../chain/types.ts";
import { toAmountJSON } from "../amount.ts";
import type { IndexerChain } from "../indexer.ts";

export type FakeChain = IndexerChain & {
  /** Seals the next block (with `txs` txs, default from the options) and tells listeners. */
  seal(opts?: { txs?: number }): SealedBlock;
  head(): number;
  /** Well-formed addresses with real keys: the accounts most txs use. */
  readonly addresses: readonly string[];
  readonly producers: readonly string[];
  /** Every address any tx has touched so far. */
  touchedAddresses(): string[];
  readonly chainIdHash: string;
};

export type FakeChainOptions = {
  readonly seed?: string;
  /**
   * Where the accounts, producers and contract addresses come from (default: seed). Two chains
   * with different seeds and one accountsSeed are two repositories' chains used by the same
   * people: same addresses, contract addresses that repeat (same deployer and nonce), but
   * their own blocks, txs and hashes.
   */
  readonly accountsSeed?: string;
  /** Blocks after genesis to seal at once. */
  readonly blocks?: number;
  readonly txsPerBlock?: number;
  /** Extra synthetic addresses (valid form, no real key) to spread large blocks over. */
  readonly syntheticAddresses?: number;
};

const AERGO = 10n ** 18n;
const GENESIS_TIME = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const GAS_PRICE = 50_000_000_000n; // aer per gas unit
const base58check = createBase58check(nobleSha256);

type AccountState = { balance: bigint; nonce: number; staked: bigint; votes: string[] };
type Snapshot = AccountState & { height: number };

export function createFakeChain(opts: FakeChainOptions = {}): FakeChain {
  const seed = opts.seed ?? "fake";
  const txsPerBlock = opts.txsPerBlock ?? 6;
  const random = seededRandom(seed);
  const hash = (label: string) => encodeHash(sha256(utf8Bytes(`${seed}:${label}`)));
  const chainIdHash = hash("chain");
  const accountsSeed = opts.accountsSeed ?? seed;
  const addresses = Array.from({ length: 12 }, (_, i) => devKeyPair(`${accountsSeed} account ${i}`).address);
  const producers = Array.from({ length: 3 }, (_, i) => devKeyPair(`${accountsSeed} producer ${i}`).address);
  const synthetic = Array.from({ length: opts.syntheticAddresses ?? 0 }, (_, i) => syntheticAddress(`${seed}:synthetic:${i}`));
  const contracts: string[] = [];
  const sealed: SealedBlock[] = [];
  const history = new Map<string, Snapshot[]>(); // per address, one snapshot per touching block
  const state = new Map<string, AccountState>();
  const listeners = new Set<(sealed: SealedBlock) => void>();

  const accountState = (address: string): AccountState => {
    let account = state.get(address);
    if (account === undefined) {
      account = { balance: 0n, nonce: 0, staked: 0n, votes: [] };
      state.set(address, account);
    }
    return account;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  function buildBlock(height: number, txCount: number): SealedBlock {
    const txs: TxJSON[] = [];
    const receipts: ReceiptJSON[] = [];
    const touched = new Set<string>();
    const producer = producers[height % producers.length]!;
    const blockHash = hash(`block:${height}`);
    if (height === 0) {
      // Genesis allocations, shaped like transfers from no one and without receipts.
      addresses.slice(0, 5).forEach((to, i) => {
        const amount = [150_000_000n, 150_000_000n, 125_000_000n, 50_000_000n, 25_000_000n][i]! * AERGO;
        txs.push(tx({ hash: hash(`tx:0:${i}`), type: "transfer", nonce: 0, from: "", to, amount }));
        accountState(to).balance += amount;
        touched.add(to);
      });
    }
    for (let i = 0; height > 0 && i < txCount; i++) {
      const funded = addresses.slice(0, 5);
      const from = pick(funded);
      const sender = accountState(from);
      const roll = random();
      const type: TxTypeName = roll < 0.7 ? "transfer" : roll < 0.78 ? "deploy" : roll < 0.92 ? (contracts.length > 0 ? "call" : "transfer") : "stake";
      const to = type === "deploy" ? null : type === "call" ? pick(contracts) : type === "stake" ? null : pick(synthetic.length > 0 && random() < 0.8 ? synthetic : addresses);
      const amount = type === "deploy" || type === "call" ? 0n : BigInt(1 + Math.floor(random() * 1_000)) * (AERGO / 10n);
      const failed = random() < 0.05;
      const gasUsed = 21_000 + Math.floor(random() * 50_000);
      const fee = BigInt(gasUsed) * GAS_PRICE;
      const txHash = hash(`tx:${height}:${i}`);
      // As on a real chain, the deployer and its nonce make the address.
      const contractAddress = type === "deploy" && !failed ? syntheticAddress(`${accountsSeed}:contract:${from}:${sender.nonce + 1}`) : null;
      const events: EventJSON[] =
        !failed && (type === "call" || type === "deploy")
          ? [
              { index: 0, contract: contractAddress ?? to, name: type === "deploy" ? "Deployed" : "Transfer", args: { from, amount: String(amount), memo: { text: `h${height}` } } },
              { index: 1, contract: null, name: "GasCharged", args: { gasUsed } },
            ]
          : [];
      txs.push(tx({ hash: txHash, type, nonce: sender.nonce + 1, from, to, amount, payload: type === "transfer" ? "" : "c2VsZWN0IDE7" }));
      receipts.push({
        txHash,
        status: failed ? "error" : "success",
        error: failed ? { code: "INSUFFICIENT_BALANCE", message: "The sender cannot pay for this transfer." } : null,
        gasUsed,
        fee: toAmountJSON(String(fee)),
        blockHeight: height,
        blockHash,
        txIndex: i,
        returnValue: type === "call" && !failed ? { rows: [[1, "one"]], changed: 1 } : null,
        events,
        contractAddress,
      });
      sender.nonce += 1;
      sender.balance -= fee;
      if (!failed) {
        sender.balance -= amount;
        if (type === "stake") sender.staked += amount;
        else if (to !== null) accountState(to).balance += amount;
        if (contractAddress !== null) contracts.push(contractAddress);
      }
      for (const address of [from, to, contractAddress]) if (address) touched.add(address);
    }
    accountState(producer).balance += receipts.reduce((sum, r) => sum + BigInt(r.fee.aer), 0n);
    touched.add(producer);
    for (const address of touched) {
      const snapshots = history.get(address) ?? [];
      const now = accountState(address);
      snapshots.push({ ...now, votes: [...now.votes], height });
      history.set(address, snapshots);
    }
    const fees = receipts.reduce((sum, r) => sum + BigInt(r.fee.aer), 0n);
    return {
      block: {
        hash: blockHash,
        chainIdHash,
        branch: "main",
        height,
        prevHash: height === 0 ? encodeHash(new Uint8Array(32)) : sealed[height - 1]!.block.hash,
        timestamp: GENESIS_TIME + height * 1_000,
        producer,
        txRoot: hash(`txRoot:${height}`),
        receiptsRoot: hash(`receiptsRoot:${height}`),
        stateRoot: hash(`stateRoot:${height}`),
        consensus: { kind: "dpos", slot: height, epoch: Math.floor(height / 100) },
        txCount: txs.length,
        signature: toHex(sha256(utf8Bytes(`${seed}:sig:${height}`))).repeat(2),
        txs,
        gasUsed: receipts.reduce((sum, r) => sum + r.gasUsed, 0),
        fees: toAmountJSON(String(fees)),
      },
      receipts,
    };

    function tx(fields: Pick<TxJSON, "hash" | "type" | "nonce" | "from" | "to"> & { amount: bigint; payload?: string }): TxJSON {
      const payload = fields.payload ?? "";
      return {
        hash: fields.hash,
        type: fields.type,
        chainIdHash,
        nonce: fields.nonce,
        from: fields.from,
        to: fields.to,
        amount: toAmountJSON(String(fields.amount)),
        gasLimit: 100_000,
        gasPrice: toAmountJSON(String(GAS_PRICE)),
        payload,
        signature: toHex(sha256(utf8Bytes(`${fields.hash}:sig`))).repeat(2),
        size: 180 + payload.length,
      };
    }
  }

  function seal(sealOpts: { txs?: number } = {}): SealedBlock {
    const next = buildBlock(sealed.length, sealOpts.txs ?? txsPerBlock);
    sealed.push(next);
    for (const listener of listeners) listener(next);
    return next;
  }

  seal(); // genesis
  for (let i = 0; i < (opts.blocks ?? 0); i++) seal();

  return {
    chainIdHash,
    addresses,
    producers,
    seal,
    head: () => sealed.length - 1,
    touchedAddresses: () => [...history.keys()],
    getBlock(heightOrHash) {
      return typeof heightOrHash === "number" ? sealed[heightOrHash] : sealed.find((s) => s.block.hash === heightOrHash);
    },
    onBlock(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    info() {
      const head = sealed.at(-1)!.block;
      return { chainId: `test/${seed}`, chainIdHash, height: head.height, headHash: head.hash } as ChainInfoJSON;
    },
    getAccount(address, at = {}) {
      const height = at.height ?? sealed.length - 1;
      const snapshot = (history.get(address) ?? []).findLast((s) => s.height <= height);
      const account: AccountJSON = {
        address,
        balance: toAmountJSON(String(snapshot?.balance ?? 0n)),
        nonce: snapshot?.nonce ?? 0,
        staked: toAmountJSON(String(snapshot?.staked ?? 0n)),
        votes: snapshot?.votes ?? [],
        height,
        pending: false,
      };
      return account;
    },
  };
}

/** A well-formed address (version 0x42, checksum) over a made-up compressed key. */
function syntheticAddress(label: string): string {
  const payload = new Uint8Array(34);
  payload[0] = 0x42;
  payload[1] = 0x02;
  payload.set(sha256(utf8Bytes(label)), 2);
  return base58check.encode(payload);
}

/** mulberry32 seeded from the seed string: deterministic and fast. */
function seededRandom(seed: string): () => number {
  let state = new DataView(sha256(utf8Bytes(seed)).buffer).getUint32(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
