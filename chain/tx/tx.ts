import { base64 } from "@scure/base";
import { decodeAddress, encodeAddress, PUBLIC_KEY_LENGTH } from "../crypto/address.ts";
import { bytesEqual, encodeHash, sha256, toHex } from "../crypto/hash.ts";
import { signMessage } from "../crypto/signature.ts";
import { ByteReader, ByteWriter } from "../codec.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { toAmountJSON } from "../amount.ts";
import { TxType, type TxJSON, type TxTypeName } from "../types.ts";

export const TX_ENCODING_VERSION = 1;
/** Largest encoded transaction the pool accepts (Aergo's limit is of this order too). */
export const MAX_TX_BYTES = 200 * 1024;
export const SIGNATURE_LENGTH = 64;

const TYPE_BY_CODE = new Map<number, TxTypeName>(Object.entries(TxType).map(([k, v]) => [v, k as TxTypeName]));

export type TxBody = {
  readonly type: TxTypeName;
  readonly chainIdHash: Uint8Array; // 32 bytes
  readonly nonce: number;
  readonly from: string; // address
  readonly to: string | null;
  readonly amount: bigint;
  readonly gasLimit: number;
  readonly gasPrice: bigint;
  readonly payload: Uint8Array;
};

/** A signed transaction: immutable, with its canonical bytes and hash computed once. */
export type SignedTx = TxBody & {
  readonly signature: Uint8Array;
  /** The bytes the signature covers. */
  readonly signingBytes: Uint8Array;
  /** signingBytes ‖ signature: what travels and what blocks hold. */
  readonly bytes: Uint8Array;
  readonly hash: Uint8Array;
  readonly hashText: string;
  readonly fromKey: Uint8Array;
};

function writeBody(w: ByteWriter, body: TxBody, fromKey: Uint8Array, toKey: Uint8Array | null) {
  w.u8(TX_ENCODING_VERSION).u8(TxType[body.type]).raw(body.chainIdHash).u64(body.nonce).raw(fromKey);
  if (toKey) w.u8(1).raw(toKey);
  else w.u8(0);
  w.bigint(body.amount).u64(body.gasLimit).bigint(body.gasPrice).bytes(body.payload);
}

/** The canonical bytes a sender signs: every field, the chain id included (no cross-chain replay). */
export function txSigningBytes(body: TxBody): Uint8Array {
  validateBody(body);
  const w = new ByteWriter();
  writeBody(w, body, decodeAddress(body.from), body.to ? decodeAddress(body.to) : null);
  return w.finish();
}

function validateBody(body: TxBody) {
  if (!(body.type in TxType)) throw new ChainError(ErrorCode.MalformedTx, `Unknown transaction type "${body.type}".`);
  if (body.chainIdHash.length !== 32) throw new ChainError(ErrorCode.MalformedTx, "The chain id hash must be 32 bytes.");
  if (!Number.isSafeInteger(body.nonce) || body.nonce < 1) throw new ChainError(ErrorCode.MalformedTx, "The nonce must be a positive integer.");
  if (!Number.isSafeInteger(body.gasLimit) || body.gasLimit < 0) throw new ChainError(ErrorCode.MalformedTx, "The gas limit must be a non-negative integer.");
  if (body.amount < 0n || body.gasPrice < 0n) throw new ChainError(ErrorCode.MalformedTx, "Amounts cannot be negative.");
}

/**
 * Signs a transaction body with the sender's private key (in the CLI or the browser).
 * @throws ChainError MALFORMED_TX when a field is out of range.
 * @example signTx({ type: "transfer", ... }, key.privateKey)
 */
export function signTx(body: TxBody, privateKey: Uint8Array): SignedTx {
  const signingBytes = txSigningBytes(body);
  const signature = signMessage(signingBytes, privateKey);
  const bytes = new Uint8Array(signingBytes.length + SIGNATURE_LENGTH);
  bytes.set(signingBytes);
  bytes.set(signature, signingBytes.length);
  return decodeTx(bytes);
}

/**
 * Decodes and structurally validates transaction bytes. Does not check the signature (the pool
 * does that on its verifier) nor state (nonce, balance).
 * `derived`: the hash and its text, when this process already computed them from the same bytes
 * (a worker thread handed a decoded block's transactions): base58 and SHA-256 are not redone.
 * @throws ChainError MALFORMED_TX or TX_TOO_LARGE with a sentence saying what is wrong.
 */
export function decodeTx(bytes: Uint8Array, derived?: { readonly hash: Uint8Array; readonly hashText: string }): SignedTx {
  if (!(bytes instanceof Uint8Array)) throw new ChainError(ErrorCode.MalformedTx, "A transaction must be bytes.");
  if (bytes.length > MAX_TX_BYTES) {
    throw new ChainError(ErrorCode.TxTooLarge, `The transaction is ${bytes.length} bytes; the limit is ${MAX_TX_BYTES}.`, { size: bytes.length });
  }
  try {
    const r = new ByteReader(bytes);
    const version = r.u8();
    if (version !== TX_ENCODING_VERSION) throw new ChainError(ErrorCode.MalformedTx, `Unknown transaction encoding version ${version}.`);
    const type = TYPE_BY_CODE.get(r.u8());
    if (!type) throw new ChainError(ErrorCode.MalformedTx, "Unknown transaction type.");
    // Fields are views of `bytes`, which the transaction keeps (as `bytes` and `signingBytes`):
    // a copy each cost an ArrayBuffer and its backing store per field, ~5 per transaction.
    const chainIdHash = r.raw(32);
    const nonce = r.u64n();
    const fromKey = r.raw(PUBLIC_KEY_LENGTH);
    const hasTo = r.u8();
    if (hasTo > 1) throw new ChainError(ErrorCode.MalformedTx, "Malformed recipient flag.");
    const toKey = hasTo ? r.raw(PUBLIC_KEY_LENGTH) : null;
    const amount = r.bigint();
    const gasLimit = r.u64n();
    const gasPrice = r.bigint();
    const payload = r.bytes(MAX_TX_BYTES);
    const signingLength = r.offset;
    const signature = r.raw(SIGNATURE_LENGTH);
    r.end();
    const from = encodeAddress(fromKey);
    const to = toKey ? encodeAddress(toKey) : null;
    const hash = derived?.hash ?? sha256(bytes);
    // Fields written out: an object spread here cost ~10 µs a transaction (V8's slow clone path).
    const tx: SignedTx = Object.freeze({
      type,
      chainIdHash,
      nonce,
      from,
      to,
      amount,
      gasLimit,
      gasPrice,
      payload,
      signature,
      signingBytes: bytes.subarray(0, signingLength),
      bytes,
      hash,
      hashText: derived?.hashText ?? encodeHash(hash),
      fromKey,
    });
    validateBody(tx);
    return tx;
  } catch (e) {
    if (e instanceof ChainError) throw e;
    throw new ChainError(ErrorCode.MalformedTx, `The transaction bytes are malformed (${e instanceof Error ? e.message : "unreadable"}).`);
  }
}

/** The last chain id hash in base58: every transaction of a chain carries the same one. */
let lastChainId: { readonly bytes: Uint8Array; readonly text: string } | null = null;
function chainIdText(hash: Uint8Array): string {
  if (lastChainId === null || !bytesEqual(lastChainId.bytes, hash)) lastChainId = { bytes: hash.slice(), text: encodeHash(hash) };
  return lastChainId.text;
}

export function txToJSON(tx: SignedTx): TxJSON {
  return {
    hash: tx.hashText,
    type: tx.type,
    chainIdHash: chainIdText(tx.chainIdHash),
    nonce: tx.nonce,
    from: tx.from,
    to: tx.to,
    amount: toAmountJSON(tx.amount),
    gasLimit: tx.gasLimit,
    gasPrice: toAmountJSON(tx.gasPrice),
    payload: base64.encode(tx.payload),
    signature: toHex(tx.signature),
    size: tx.bytes.length,
  };
}

/** Aergo's v2 gas model: a base cost plus a cost per payload byte. */
export const GAS_BASE = 100_000;
export const GAS_PER_PAYLOAD_BYTE = 5;
export function intrinsicGas(tx: Pick<TxBody, "payload">): number {
  return GAS_BASE + GAS_PER_PAYLOAD_BYTE * tx.payload.length;
}
