/**
 * Directory blocks: the hub seals each accepted entry into a block linked to the one before by
 * hash. The entry's own signature proves who asked for the change; the seal proves the hub
 * accepted it at that height, so neither the hub nor whoever holds the disk can reorder, drop
 * or edit an entry in the middle without verifyDirectoryChain noticing.
 */
import { z } from "zod";
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import type { KeyPair } from "../crypto/keys.ts";
import { signStatement, verifyStatement } from "../crypto/statement.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { describeZodError, entryHash, HASH_PATTERN, SIGNATURE_PATTERN, ZDirectoryEntry, ZPersonAddress, type DirectoryEntry } from "./directoryEntry.ts";
import { applyEntry, type RepositoryState } from "./directoryState.ts";

export type DirectoryBlock = {
  readonly height: number;
  /** Hash of the block before ("" at height 0). */
  readonly prevHash: string;
  /** Hub time (ms) of sealing; never earlier than the block before. */
  readonly time: number;
  readonly entry: DirectoryEntry;
  readonly entryHash: string;
  readonly hash: string;
  /** Address of the hub's directory key. */
  readonly sealer: string;
  /** The sealer's signature over `block <hash>` in the "directory" domain. */
  readonly seal: string;
};

export const ZDirectoryBlock = z.strictObject({
  height: z.number().int().min(0),
  prevHash: z.union([z.literal(""), z.string().regex(HASH_PATTERN)]),
  time: z.number().int().min(0),
  entry: ZDirectoryEntry,
  entryHash: z.string().regex(HASH_PATTERN),
  hash: z.string().regex(HASH_PATTERN),
  sealer: ZPersonAddress,
  seal: z.string().regex(SIGNATURE_PATTERN),
});

/** Hex SHA-256 of the block's header fields; the entry is bound through its hash. */
export function directoryBlockHash(b: Pick<DirectoryBlock, "height" | "prevHash" | "time" | "entryHash" | "sealer">): string {
  return toHex(sha256(utf8Bytes(canonicalJson({ height: b.height, prevHash: b.prevHash, time: b.time, entryHash: b.entryHash, sealer: b.sealer }))));
}

/*
 * The seal text starts with "block ", an entry text with "{": the one "directory" domain cannot
 * confuse a seal with an entry, and the domain prefix keeps both apart from transactions.
 */
const sealText = (hash: string) => `block ${hash}`;

/**
 * Seals `entry` on top of `prev` (null for the first block). Does not judge the entry: the
 * caller applies it to the state first (directory.ts) and stores the block only if it is accepted.
 */
export function sealDirectoryBlock(prev: DirectoryBlock | null, entry: DirectoryEntry, sealKey: Pick<KeyPair, "privateKey" | "address">, time: number): DirectoryBlock {
  const header = {
    height: prev ? prev.height + 1 : 0,
    prevHash: prev ? prev.hash : "",
    // A clock stepping back must not make a valid chain look tampered with.
    time: prev ? Math.max(time, prev.time) : time,
    entryHash: entryHash(entry),
    sealer: sealKey.address,
  };
  const hash = directoryBlockHash(header);
  return Object.freeze({ ...header, entry, hash, seal: signStatement(sealKey, "directory", sealText(hash)) });
}

export type VerifyOptions = {
  /** Addresses whose seals are accepted; by default any sealer whose seal verifies. */
  readonly trustedSealers?: readonly string[];
};

/**
 * Re-checks a whole directory chain from scratch: shapes, links, hashes, seals, and every
 * entry against the state before it. Returns the final state (null for an empty chain).
 * @throws ChainError INVALID_BLOCK or BAD_SIGNATURE naming the first bad block.
 */
export function verifyDirectoryChain(blocks: readonly unknown[], options: VerifyOptions = {}): RepositoryState | null {
  let state: RepositoryState | null = null;
  let prev: DirectoryBlock | null = null;
  for (let i = 0; i < blocks.length; i++) {
    const parsed = ZDirectoryBlock.safeParse(blocks[i]);
    const where = `Directory block ${i}${state ? ` of ${state.fullName}` : ""}`;
    if (!parsed.success) throw new ChainError(ErrorCode.InvalidBlock, `${where}: ${describeZodError("block", parsed.error)}`, { height: i });
    const b = parsed.data as DirectoryBlock;
    const bad = (code: ErrorCode, why: string): never => {
      throw new ChainError(code, `${where} ${why}`, { height: i, repo: b.entry.repo });
    };
    if (b.height !== i) bad(ErrorCode.InvalidBlock, `claims height ${b.height}.`);
    if (b.prevHash !== (prev ? prev.hash : "")) bad(ErrorCode.InvalidBlock, "does not link to the block before it.");
    if (prev && b.time < prev.time) bad(ErrorCode.InvalidBlock, "is older than the block before it.");
    if (prev && b.entry.repo !== prev.entry.repo) bad(ErrorCode.InvalidBlock, "holds an entry for another repository.");
    if (b.entryHash !== entryHash(b.entry)) bad(ErrorCode.InvalidBlock, "does not match the hash of its entry: the entry was altered.");
    if (b.hash !== directoryBlockHash(b)) bad(ErrorCode.InvalidBlock, "does not match its own hash: the block was altered.");
    if (options.trustedSealers && !options.trustedSealers.includes(b.sealer)) bad(ErrorCode.BadSignature, `was sealed by ${b.sealer}, which is not a trusted hub key.`);
    if (!verifyStatement(b.sealer, "directory", sealText(b.hash), b.seal)) bad(ErrorCode.BadSignature, "has a seal that does not verify.");
    try {
      state = applyEntry(state, b.entry, { height: b.height, hash: b.hash, time: b.time });
    } catch (e) {
      // A stored entry the rules refuse means the store was edited (or a bug sealed it): say which block.
      if (isChainError(e)) bad(e.code === ErrorCode.BadSignature ? ErrorCode.BadSignature : ErrorCode.InvalidBlock, `holds an entry the directory rules refuse: ${e.message}`);
      throw e;
    }
    prev = b;
  }
  return state;
}
