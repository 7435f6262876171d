import { createBase58check } from "@scure/base";
import { sha256 } from "@noble/hashes/sha2.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ChainError, ErrorCode } from "../errors.ts";
import { bytesKey } from "./hash.ts";

/** Aergo's address version byte: every account address starts with "A". */
export const ADDRESS_VERSION = 0x42;
export const PUBLIC_KEY_LENGTH = 33;
/** First byte of a contract account's 33 address bytes (a compressed point starts 02 or 03). */
export const CONTRACT_ADDRESS_MARKER = 0x0c;

const base58check = createBase58check(sha256);

/**
 * Encodes a 33-byte compressed secp256k1 public key as an Aergo address.
 * @throws ChainError INVALID_ADDRESS when the key is not 33 bytes.
 * @example encodeAddress(publicKey) // "AmM...."
 */
export function encodeAddress(publicKey: Uint8Array): string {
  if (publicKey.length !== PUBLIC_KEY_LENGTH) {
    throw new ChainError(ErrorCode.InvalidAddress, "A public key must be 33 bytes (compressed secp256k1).");
  }
  // base58 is quadratic; the same senders come back again and again on the hot path.
  const id = bytesKey(publicKey);
  const hit = encodeCache.get(id);
  if (hit) return hit;
  const payload = new Uint8Array(1 + PUBLIC_KEY_LENGTH);
  payload[0] = ADDRESS_VERSION;
  payload.set(publicKey, 1);
  const address = base58check.encode(payload);
  if (encodeCache.size > 100_000) encodeCache.clear();
  encodeCache.set(id, address);
  return address;
}
const encodeCache = new Map<string, string>();

const decodeCache = new Map<string, Uint8Array>();

/**
 * Decodes an Aergo address into its compressed public key, checking version, checksum and
 * that the key is a point on the curve.
 * @throws ChainError INVALID_ADDRESS with a sentence saying what is wrong.
 */
export function decodeAddress(address: string): Uint8Array {
  const hit = decodeCache.get(address);
  if (hit) return hit;
  if (typeof address !== "string" || address.length < 40 || address.length > 60) {
    throw new ChainError(ErrorCode.InvalidAddress, "The address is not an Aergo address.", { address: String(address).slice(0, 80) });
  }
  let payload: Uint8Array;
  try {
    payload = base58check.decode(address);
  } catch {
    throw new ChainError(ErrorCode.InvalidAddress, "The address has a bad checksum or is not base58.", { address });
  }
  if (payload.length !== 1 + PUBLIC_KEY_LENGTH || payload[0] !== ADDRESS_VERSION) {
    throw new ChainError(ErrorCode.InvalidAddress, "The address has the wrong version or length.", { address });
  }
  const key = payload.slice(1);
  // Contract accounts have no key: their 33 bytes are a marker byte and a hash, never a point.
  if (key[0] !== CONTRACT_ADDRESS_MARKER) {
    try {
      secp256k1.Point.fromBytes(key);
    } catch {
      throw new ChainError(ErrorCode.InvalidAddress, "The address does not hold a valid public key.", { address });
    }
  }
  if (decodeCache.size > 100_000) decodeCache.clear();
  decodeCache.set(address, key);
  return key;
}

export function isAddress(address: unknown): address is string {
  if (typeof address !== "string") return false;
  try {
    decodeAddress(address);
    return true;
  } catch {
    return false;
  }
}

/** True for a contract account's address (no private key exists for it). */
export function isContractAddress(address: string): boolean {
  return isAddress(address) && decodeAddress(address)[0] === CONTRACT_ADDRESS_MARKER;
}

/**
 * The address of the contract that `creator` deploys with transaction nonce `nonce`: derived,
 * so the deployer knows it before the block, and different for every deployment.
 */
export function contractAddressOf(creator: string, nonce: number): string {
  const seed = new Uint8Array(PUBLIC_KEY_LENGTH + 8);
  seed.set(decodeAddress(creator));
  new DataView(seed.buffer).setBigUint64(PUBLIC_KEY_LENGTH, BigInt(nonce));
  const bytes = new Uint8Array(PUBLIC_KEY_LENGTH);
  bytes[0] = CONTRACT_ADDRESS_MARKER;
  bytes.set(sha256(seed), 1);
  return encodeAddress(bytes);
}

/**
 * A keyless system account's address: the contract marker byte ‖ sha256("aergo/system:" ‖ label).
 * Nobody holds a key for it (the marker byte is not a curve point's prefix), so only the chain's
 * own rules move what it holds (the name account, the market treasury).
 */
export function systemAddress(label: string): string {
  const bytes = new Uint8Array(PUBLIC_KEY_LENGTH);
  bytes[0] = CONTRACT_ADDRESS_MARKER;
  bytes.set(sha256(new TextEncoder().encode(`aergo/system:${label}`)), 1);
  return encodeAddress(bytes);
}
