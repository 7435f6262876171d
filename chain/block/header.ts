import { decodeAddress, encodeAddress, PUBLIC_KEY_LENGTH } from "../crypto/address.ts";
import { decodeHash, encodeHash, fromHex, sha256, toHex } from "../crypto/hash.ts";
import { signMessage, verifyMessage } from "../crypto/signature.ts";
import { ByteReader, ByteWriter } from "../codec.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { BlockHeaderJSON, ConsensusDataJSON } from "../types.ts";

export const HEADER_VERSION = 1;
const CONSENSUS_KIND = { dpos: 1, poa: 2 } as const;

export type HeaderFields = {
  readonly chainIdHash: Uint8Array;
  readonly branch: string;
  readonly height: number;
  readonly prevHash: Uint8Array;
  readonly timestamp: number;
  readonly producer: string;
  readonly txRoot: Uint8Array;
  readonly receiptsRoot: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly consensus: ConsensusDataJSON;
  readonly txCount: number;
};

/** A sealed, signed block header. `hash` covers every field; the producer signs the same bytes. */
export type BlockHeader = HeaderFields & {
  readonly signature: Uint8Array;
  readonly signingBytes: Uint8Array;
  readonly hash: Uint8Array;
  readonly hashText: string;
};

export function headerSigningBytes(h: HeaderFields): Uint8Array {
  return new ByteWriter()
    .u8(HEADER_VERSION)
    .raw(h.chainIdHash)
    .string(h.branch)
    .u64(h.height)
    .raw(h.prevHash)
    .u64(h.timestamp)
    .raw(decodeAddress(h.producer))
    .raw(h.txRoot)
    .raw(h.receiptsRoot)
    .raw(h.stateRoot)
    .u8(CONSENSUS_KIND[h.consensus.kind])
    .u64(h.consensus.slot)
    .u64(h.consensus.epoch)
    .u32(h.txCount)
    .finish();
}

function finishHeader(fields: HeaderFields, signingBytes: Uint8Array, signature: Uint8Array): BlockHeader {
  const hash = sha256(signingBytes);
  return Object.freeze({ ...fields, signature, signingBytes, hash, hashText: encodeHash(hash) });
}

/** Builds and signs a header with the producer's key. */
export function sealHeader(fields: HeaderFields, producerKey: Uint8Array): BlockHeader {
  const signingBytes = headerSigningBytes(fields);
  return finishHeader(fields, signingBytes, signMessage(signingBytes, producerKey));
}

/** Genesis has no producer signature: its hash alone is the chain's anchor. */
export function genesisHeader(fields: HeaderFields): BlockHeader {
  return finishHeader(fields, headerSigningBytes(fields), new Uint8Array(64));
}

export function encodeHeader(h: BlockHeader): Uint8Array {
  return new ByteWriter().bytes(h.signingBytes).raw(h.signature).finish();
}

/**
 * Decodes header bytes.
 * @throws ChainError INVALID_BLOCK when malformed.
 */
export function decodeHeader(bytes: Uint8Array): BlockHeader {
  try {
    const outer = new ByteReader(bytes);
    const signingBytes = outer.bytes().slice();
    const signature = outer.raw(64).slice();
    outer.end();
    const r = new ByteReader(signingBytes);
    if (r.u8() !== HEADER_VERSION) throw new Error("unknown header version");
    const chainIdHash = r.raw(32).slice();
    const branch = r.string(256);
    const height = r.u64n();
    const prevHash = r.raw(32).slice();
    const timestamp = r.u64n();
    const producer = encodeAddress(r.raw(PUBLIC_KEY_LENGTH).slice());
    const txRoot = r.raw(32).slice();
    const receiptsRoot = r.raw(32).slice();
    const stateRoot = r.raw(32).slice();
    const kindCode = r.u8();
    const kind = kindCode === 1 ? "dpos" : kindCode === 2 ? "poa" : null;
    if (!kind) throw new Error("unknown consensus kind");
    const slot = r.u64n();
    const epoch = r.u64n();
    const txCount = r.u32();
    r.end();
    const fields: HeaderFields = { chainIdHash, branch, height, prevHash, timestamp, producer, txRoot, receiptsRoot, stateRoot, consensus: { kind, slot, epoch }, txCount };
    return finishHeader(fields, signingBytes, signature);
  } catch (e) {
    throw new ChainError(ErrorCode.InvalidBlock, `The block header is malformed (${e instanceof Error ? e.message : "unreadable"}).`);
  }
}

/** A light client's check: the producer signed exactly these header bytes. */
export function verifyHeaderSignature(h: BlockHeader): boolean {
  return verifyMessage(h.signature, h.signingBytes, decodeAddress(h.producer));
}

export function headerToJSON(h: BlockHeader): BlockHeaderJSON {
  return {
    hash: h.hashText,
    chainIdHash: encodeHash(h.chainIdHash),
    branch: h.branch,
    height: h.height,
    prevHash: encodeHash(h.prevHash),
    timestamp: h.timestamp,
    producer: h.producer,
    txRoot: encodeHash(h.txRoot),
    receiptsRoot: encodeHash(h.receiptsRoot),
    stateRoot: encodeHash(h.stateRoot),
    consensus: h.consensus,
    txCount: h.txCount,
    signature: toHex(h.signature),
  };
}

/** Rebuilds a header from its JSON form, so a light client can recheck hash and signature. */
export function headerFromJSON(j: BlockHeaderJSON): BlockHeader {
  const fields: HeaderFields = {
    chainIdHash: decodeHash(j.chainIdHash),
    branch: j.branch,
    height: j.height,
    prevHash: decodeHash(j.prevHash),
    timestamp: j.timestamp,
    producer: j.producer,
    txRoot: decodeHash(j.txRoot),
    receiptsRoot: decodeHash(j.receiptsRoot),
    stateRoot: decodeHash(j.stateRoot),
    consensus: j.consensus,
    txCount: j.txCount,
  };
  return finishHeader(fields, headerSigningBytes(fields), fromHex(j.signature));
}
