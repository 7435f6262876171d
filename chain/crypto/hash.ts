import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { base58 } from "@scure/base";
import { sha256Small } from "./sha256Small.ts";

let oneShot: (data: Uint8Array) => Uint8Array = nobleSha256;
let installed = false;

/**
 * Lets a Node process hash with node:crypto (several times faster on the hot path) while the
 * browser keeps the pure-JS implementation; both give the same bytes.
 */
export function useSha256Implementation(fn: (data: Uint8Array) => Uint8Array): void {
  oneShot = fn;
  installed = true;
}

/**
 * Inputs up to this many bytes (at most three SHA-256 blocks) are hashed in JavaScript
 * (sha256Small.ts): cheaper than a call into node:crypto below ~150 bytes, and than noble's.
 */
const SHORT_INPUT = 128;
const joined = new Uint8Array(SHORT_INPUT);

/** SHA-256 of the concatenation of the parts (works in Node and in the browser). */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) {
    const data = parts[0]!;
    return data.length <= SHORT_INPUT ? sha256Small(data) : oneShot(data);
  }
  let n = 0;
  for (const p of parts) n += p.length;
  if (n <= SHORT_INPUT) {
    let o = 0;
    for (const p of parts) {
      joined.set(p, o);
      o += p.length;
    }
    return sha256Small(joined.subarray(0, n));
  }
  // An installed implementation hashes the joined parts (a copy of a few bytes beats the JS hash).
  if (installed) return oneShot(concatBytes(...parts));
  const h = nobleSha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

const utf8 = new TextEncoder();
export const utf8Bytes = (s: string): Uint8Array => utf8.encode(s);
export const utf8String = (b: Uint8Array): string => new TextDecoder().decode(b);

/**
 * Bytes of `s` in UTF-8, counted without encoding it (size limits on hot paths). Equal to
 * TextEncoder's length, lone surrogates included (each becomes U+FFFD, 3 bytes).
 */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Up to this many bytes go to String.fromCharCode in one call (its arguments live on the stack). */
const BYTES_PER_CALL = 8192;

/**
 * The bytes as a string of one char per byte: the cheapest Map key to build from bytes (about
 * 3x faster than hex, half the memory) and a flat string, which a key built by `+=` per char or
 * per hex pair is not (every lookup flattens such a chain again). Injective: equal strings,
 * equal bytes; ordered as the bytes are.
 */
export function bytesKey(b: Uint8Array): string {
  if (b.length <= BYTES_PER_CALL) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = "";
  for (let i = 0; i < b.length; i += BYTES_PER_CALL) s += String.fromCharCode.apply(null, b.subarray(i, i + BYTES_PER_CALL) as unknown as number[]);
  return s;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}
export function fromHex(s: string): Uint8Array {
  const clean = s.startsWith("0x") ? s.slice(2) : s;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) throw new Error("Hex string is malformed.");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Hashes are shown in Aergo's form: base58 of the 32 bytes. */
export const encodeHash = (h: Uint8Array): string => base58.encode(h);
export function decodeHash(s: string): Uint8Array {
  let b: Uint8Array;
  try {
    b = base58.decode(s);
  } catch {
    throw new Error("Hash is not valid base58.");
  }
  if (b.length !== 32) throw new Error("Hash must be 32 bytes.");
  return b;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
