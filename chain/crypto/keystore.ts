/**
 * Aergo's keystore file (ks_version "1"), byte for byte the format of aergoio/aergo
 * `account/key/crypto/v1strategy.go`, so a file written here opens in aergocli and back:
 *
 *   derivedKey = scrypt(password, salt, N, r, p, dklen = 32)
 *   ciphertext = AES-128-CTR(key = derivedKey[0:16], iv, plaintext = the 32-byte private key)
 *   mac        = sha256(derivedKey[16:32] ‖ ciphertext)
 *
 * JSON: `{ aergo_address, ks_version: "1", cipher: { algorithm: "aes-128-ctr", params: { iv },
 * ciphertext }, kdf: { algorithm: "scrypt", params: { dklen, n, p, r, salt }, mac } }`, all
 * bytes as lowercase hex.
 *
 * Framework-free and browser-safe: scrypt from @noble/hashes; AES-CTR from WebCrypto
 * (`globalThis.crypto.subtle`), because @noble/ciphers is not a dependency and WebCrypto's
 * AES-CTR is built into Node 20 and every browser, so it costs no package and no native code.
 */
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { z } from "zod";
import { ChainError, ErrorCode } from "../errors.ts";
import { isAddress } from "./address.ts";
import { fromHex, sha256, toHex, utf8Bytes } from "./hash.ts";
import { keyPairFromPrivateKey, type KeyPair } from "./keys.ts";

export const KEYSTORE_VERSION = "1";
export const KEYSTORE_CIPHER = "aes-128-ctr";
export const KEYSTORE_KDF = "scrypt";

/**
 * Aergo's scrypt parameters (v1strategy.go: N = 1 << 15, r = 8, p = 1, dklen = 32). Measured
 * here with @noble/hashes: N = 2^15 takes ~0.17 s, N = 2^18 ~1.4 s; files with any N up to
 * MAX_SCRYPT_N decrypt, so Ethereum-strength files (2^18, like Aergo's own test vector) open too.
 */
export const AERGO_SCRYPT_N = 1 << 15;
export const AERGO_SCRYPT_R = 8;
export const AERGO_SCRYPT_P = 1;
export const AERGO_SCRYPT_DKLEN = 32;
/** Bounds on parameters read from a file, so a hostile file cannot ask for gigabytes of memory. */
export const MAX_SCRYPT_N = 1 << 20;
const MAX_SCRYPT_MEMORY = 128 * MAX_SCRYPT_N * AERGO_SCRYPT_R + 1024 * 1024;

const ZHex = (bytes: number | null, what: string) =>
  z
    .string()
    .regex(/^[0-9a-fA-F]*$/, `${what} must be hex`)
    .refine((s) => (bytes === null ? s.length > 0 && s.length % 2 === 0 : s.length === bytes * 2), `${what} must be ${bytes ?? "whole"} bytes of hex`);

/** The keystore JSON as Aergo writes it. Unknown fields are ignored, as Go's json.Unmarshal does. */
export const ZKeystore = z.object({
  aergo_address: z.string().refine(isAddress, "aergo_address is not an Aergo address"),
  ks_version: z.literal(KEYSTORE_VERSION, { error: `ks_version must be "${KEYSTORE_VERSION}"` }),
  cipher: z.object({
    algorithm: z.literal(KEYSTORE_CIPHER, { error: `cipher.algorithm must be "${KEYSTORE_CIPHER}"` }),
    params: z.object({ iv: ZHex(16, "cipher.params.iv") }),
    ciphertext: ZHex(32, "cipher.ciphertext"),
  }),
  kdf: z.object({
    algorithm: z.literal(KEYSTORE_KDF, { error: `kdf.algorithm must be "${KEYSTORE_KDF}"` }),
    params: z.object({
      // Aergo splits the derived key into an AES-128 key and a MAC key: exactly 32 bytes.
      dklen: z.literal(AERGO_SCRYPT_DKLEN, { error: "kdf.params.dklen must be 32" }),
      n: z
        .number()
        .int()
        .min(2)
        .max(MAX_SCRYPT_N, `kdf.params.n must be at most ${MAX_SCRYPT_N}`)
        .refine((n) => (n & (n - 1)) === 0, "kdf.params.n must be a power of 2"),
      p: z.number().int().min(1).max(16),
      r: z.number().int().min(1).max(AERGO_SCRYPT_R),
      salt: ZHex(null, "kdf.params.salt"),
    }),
    mac: ZHex(32, "kdf.mac"),
  }),
});
export type Keystore = z.infer<typeof ZKeystore>;

export type EncryptKeystoreOptions = {
  /** scrypt cost; default Aergo's 2^15. Tests pass a small N to stay fast. */
  readonly scryptN?: number;
  /** Fixed salt (32 bytes) and IV (16 bytes) for reproducible vectors; random by default. */
  readonly salt?: Uint8Array;
  readonly iv?: Uint8Array;
};

function randomBytes(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

async function deriveKey(password: string, salt: Uint8Array, p: { n: number; r: number; p: number; dklen: number }): Promise<Uint8Array> {
  return scryptAsync(utf8Bytes(password), salt, { N: p.n, r: p.r, p: p.p, dkLen: p.dklen, maxmem: MAX_SCRYPT_MEMORY });
}

/** AES-128-CTR with the whole 16-byte IV as a big-endian counter, as Go's cipher.NewCTR runs it. */
async function aesCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new ChainError(ErrorCode.Unavailable, "WebCrypto (crypto.subtle) is not available here; keystores need it.");
  const cryptoKey = await subtle.importKey("raw", Uint8Array.from(key), { name: "AES-CTR" }, false, ["encrypt"]);
  const out = await subtle.encrypt({ name: "AES-CTR", counter: Uint8Array.from(iv), length: 128 }, cryptoKey, Uint8Array.from(data));
  return new Uint8Array(out);
}

function keystoreMac(derivedKey: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return sha256(derivedKey.subarray(16, 32), ciphertext);
}

// The MAC is secret-dependent: compare without an early exit.
function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Encrypts a private key into an Aergo keystore (ks_version "1").
 * @throws ChainError BAD_REQUEST when the key is not a valid 32-byte secp256k1 key.
 * @example const ks = await encryptKeystore(key.privateKey, "secret"); JSON.stringify(ks)
 */
export async function encryptKeystore(privateKey: Uint8Array, password: string, opts: EncryptKeystoreOptions = {}): Promise<Keystore> {
  let key: KeyPair;
  try {
    if (privateKey.length !== 32) throw new Error("length");
    key = keyPairFromPrivateKey(privateKey);
  } catch {
    throw new ChainError(ErrorCode.BadRequest, "The private key is not a valid 32-byte secp256k1 key.");
  }
  const params = { n: opts.scryptN ?? AERGO_SCRYPT_N, r: AERGO_SCRYPT_R, p: AERGO_SCRYPT_P, dklen: AERGO_SCRYPT_DKLEN };
  const salt = opts.salt ?? randomBytes(32);
  const iv = opts.iv ?? randomBytes(16);
  const derivedKey = await deriveKey(password, salt, params);
  const ciphertext = await aesCtr(derivedKey.subarray(0, 16), iv, key.privateKey);
  return ZKeystore.parse({
    aergo_address: key.address,
    ks_version: KEYSTORE_VERSION,
    cipher: { algorithm: KEYSTORE_CIPHER, params: { iv: toHex(iv) }, ciphertext: toHex(ciphertext) },
    kdf: { algorithm: KEYSTORE_KDF, params: { ...params, salt: toHex(salt) }, mac: toHex(keystoreMac(derivedKey, ciphertext)) },
  });
}

/**
 * Checks that a value (parsed JSON or its text) is an Aergo keystore, without decrypting it.
 * @throws ChainError BAD_REQUEST (meta.keystore = "malformed") naming the field that is wrong.
 */
export function parseKeystore(input: unknown): Keystore {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ChainError(ErrorCode.BadRequest, "The keystore file is not valid JSON.", { keystore: "malformed" });
    }
  }
  const parsed = ZKeystore.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "file";
    throw new ChainError(ErrorCode.BadRequest, `The keystore file is malformed: ${issue?.message ?? "unexpected shape"} (at ${where}).`, { keystore: "malformed" });
  }
  return parsed.data;
}

/**
 * Decrypts an Aergo keystore with its password.
 * @throws ChainError FORBIDDEN (meta.keystore = "wrong_password") when the MAC does not match:
 *   a wrong password, or a ciphertext / MAC altered since it was written (the two look the same);
 *   BAD_REQUEST (meta.keystore = "malformed" | "address_mismatch") for a damaged file.
 * @example const key = await decryptKeystore(JSON.parse(text), "secret"); key.address
 */
export async function decryptKeystore(input: unknown, password: string): Promise<KeyPair> {
  const ks = parseKeystore(input);
  const p = ks.kdf.params;
  const derivedKey = await deriveKey(password, fromHex(p.salt), p);
  const ciphertext = fromHex(ks.cipher.ciphertext);
  if (!equalConstantTime(keystoreMac(derivedKey, ciphertext), fromHex(ks.kdf.mac))) {
    throw new ChainError(ErrorCode.Forbidden, "Wrong password for this keystore (or its ciphertext or MAC was altered).", { keystore: "wrong_password", address: ks.aergo_address });
  }
  const privateKey = await aesCtr(derivedKey.subarray(0, 16), fromHex(ks.cipher.params.iv), ciphertext);
  let key: KeyPair;
  try {
    key = keyPairFromPrivateKey(privateKey);
  } catch {
    throw new ChainError(ErrorCode.BadRequest, "The keystore file is damaged: it decrypts to an invalid private key.", { keystore: "malformed" });
  }
  // Aergo's check too: the IV or the address may be altered without touching the MAC.
  if (key.address !== ks.aergo_address) {
    throw new ChainError(ErrorCode.BadRequest, "The keystore file is damaged: its key does not match its aergo_address.", { keystore: "address_mismatch", address: ks.aergo_address });
  }
  return key;
}
