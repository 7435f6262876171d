import { decodeAddress, encodeAddress, PUBLIC_KEY_LENGTH } from "../crypto/address.ts";
import { sha256, utf8Bytes } from "../crypto/hash.ts";
import { ByteReader, ByteWriter } from "../codec.ts";

/** An account's committed state. Immutable: every change makes a new object. */
export type Account = {
  readonly balance: bigint;
  readonly nonce: number;
  readonly staked: bigint;
  /** Candidates this account votes for with its whole stake. */
  readonly votes: readonly string[];
  /** Contract accounts: the code they run and the root of their rows' Merkle tree. */
  readonly contract?: ContractState;
};

export type ContractState = {
  /** sha256 of the compiled artifact, stored content-addressed beside the state. */
  readonly codeHash: Uint8Array;
  /** Root of the sparse Merkle tree over every row of every table of the contract. */
  readonly storageRoot: Uint8Array;
};

export const EMPTY_ACCOUNT: Account = Object.freeze({ balance: 0n, nonce: 0, staked: 0n, votes: Object.freeze([]) });

const ACCOUNT_KEY_PREFIX = utf8Bytes("aergo/account:");

/** The 32-byte state key of an account: public, so a light client can derive it too. */
export function accountStateKey(address: string): Uint8Array {
  return sha256(ACCOUNT_KEY_PREFIX, decodeAddress(address));
}

export function isEmptyAccount(a: Account): boolean {
  return a.balance === 0n && a.nonce === 0 && a.staked === 0n && a.votes.length === 0 && !a.contract;
}

export function encodeAccount(a: Account): Uint8Array {
  const w = new ByteWriter().bigint(a.balance).u64(a.nonce).bigint(a.staked).u8(a.votes.length);
  for (const v of a.votes) w.raw(decodeAddress(v));
  // Key accounts end here, so their encoding (and the state root) is unchanged by contracts.
  if (a.contract) w.u8(1).raw(a.contract.codeHash).raw(a.contract.storageRoot);
  return w.finish();
}

export function decodeAccount(bytes: Uint8Array): Account {
  const r = new ByteReader(bytes);
  const balance = r.bigint();
  const nonce = r.u64n();
  const staked = r.bigint();
  const n = r.u8();
  const votes: string[] = [];
  for (let i = 0; i < n; i++) votes.push(encodeAddress(r.raw(PUBLIC_KEY_LENGTH).slice()));
  let contract: ContractState | undefined;
  if (r.remaining > 0) {
    if (r.u8() !== 1) throw new RangeError("unknown account extension");
    contract = Object.freeze({ codeHash: r.raw(32).slice(), storageRoot: r.raw(32).slice() });
  }
  r.end();
  return Object.freeze({ balance, nonce, staked, votes: Object.freeze(votes), ...(contract ? { contract } : {}) });
}
