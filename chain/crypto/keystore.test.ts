import { createDecipheriv, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { sha256, toHex } from "./hash.ts";
import { createKeyPair, devKeyPair } from "./keys.ts";
import { AERGO_SCRYPT_N, decryptKeystore, encryptKeystore, parseKeystore, type Keystore } from "./keystore.ts";

// Small scrypt cost keeps these tests fast; the format is the same at any N.
const FAST = { scryptN: 1 << 10 };

/**
 * Aergo's own test vector: aergoio/aergo account/key/crypto/test/
 * AmMzdvQMremMBwFqrVWc4Urq1VaFPmbAGY7VBtfDnCXE93vSct7H__keystore.txt, password "password"
 * (v1strategy_test.go TestDecrypt). Written by Aergo's Go code, N = 2^18.
 */
const AERGO_VECTOR = {
  aergo_address: "AmMzdvQMremMBwFqrVWc4Urq1VaFPmbAGY7VBtfDnCXE93vSct7H",
  ks_version: "1",
  cipher: {
    algorithm: "aes-128-ctr",
    params: { iv: "09992626f58c1c6e4b828e39d14a93b0" },
    ciphertext: "7b70e1bd0131745a74f1068a28ae32bbea07fa34c3a536e9e4deaac86ea66dca",
  },
  kdf: {
    algorithm: "scrypt",
    params: { dklen: 32, n: 262144, p: 1, r: 8, salt: "df2643aab55ff3c11f310be2072d563f8b625d1fa4d9e43269ce771076e7d775" },
    mac: "a941c96b1ee13184856465322db95bfb1ca6c70df09e2fe9acbd74d3d6ba801d",
  },
};

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; meta: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isChainError(e)) return { code: e.code, message: e.message, meta: { ...e.meta } };
    throw e;
  }
  throw new Error("expected a failure");
}

function flipHexNibble(hex: string, at = 0): string {
  const c = hex[at] === "0" ? "1" : "0";
  return hex.slice(0, at) + c + hex.slice(at + 1);
}

describe("Aergo keystore (ks_version 1)", () => {
  it("decrypts the keystore file from Aergo's own test suite to the key of its address", async () => {
    const key = await decryptKeystore(AERGO_VECTOR, "password");
    expect(key.address).toBe(AERGO_VECTOR.aergo_address);
  });

  it("round-trips a private key through encrypt and decrypt", async () => {
    const key = createKeyPair();
    const ks = await encryptKeystore(key.privateKey, "correct horse", FAST);
    const back = await decryptKeystore(JSON.parse(JSON.stringify(ks)), "correct horse");
    expect(toHex(back.privateKey)).toBe(toHex(key.privateKey));
    expect(back.address).toBe(key.address);
  });

  it("writes exactly Aergo's JSON fields with Aergo's default scrypt parameters", async () => {
    const key = devKeyPair("keystore-shape");
    const ks = await encryptKeystore(key.privateKey, "pw");
    expect(Object.keys(ks).sort()).toEqual(["aergo_address", "cipher", "kdf", "ks_version"]);
    expect(ks.aergo_address).toBe(key.address);
    expect(ks.ks_version).toBe("1");
    expect(ks.cipher.algorithm).toBe("aes-128-ctr");
    expect(ks.kdf.algorithm).toBe("scrypt");
    expect(ks.kdf.params).toMatchObject({ dklen: 32, n: AERGO_SCRYPT_N, p: 1, r: 8 });
    expect(AERGO_SCRYPT_N).toBe(32768);
    expect(ks.kdf.params.salt).toMatch(/^[0-9a-f]{64}$/);
    expect(ks.cipher.params.iv).toMatch(/^[0-9a-f]{32}$/);
  });

  it("produces files an independent implementation of Aergo's algorithm decrypts (node:crypto)", async () => {
    const key = createKeyPair();
    const ks = await encryptKeystore(key.privateKey, "pässwörd", FAST);
    const p = ks.kdf.params;
    const derived = scryptSync(Buffer.from("pässwörd", "utf8"), Buffer.from(p.salt, "hex"), p.dklen, { N: p.n, r: p.r, p: p.p });
    const ciphertext = Buffer.from(ks.cipher.ciphertext, "hex");
    expect(toHex(sha256(derived.subarray(16, 32), ciphertext))).toBe(ks.kdf.mac);
    const d = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), Buffer.from(ks.cipher.params.iv, "hex"));
    const plain = Buffer.concat([d.update(ciphertext), d.final()]);
    expect(plain.toString("hex")).toBe(toHex(key.privateKey));
  });

  it("is deterministic for a fixed salt and IV", async () => {
    const key = devKeyPair("keystore-fixed");
    const salt = new Uint8Array(32).fill(7);
    const iv = new Uint8Array(16).fill(9);
    const a = await encryptKeystore(key.privateKey, "pw", { ...FAST, salt, iv });
    const b = await encryptKeystore(key.privateKey, "pw", { ...FAST, salt, iv });
    expect(a).toEqual(b);
  });

  it("rejects a wrong password with a clear error and no key", async () => {
    const ks = await encryptKeystore(createKeyPair().privateKey, "right", FAST);
    const f = await failure(decryptKeystore(ks, "wrong"));
    expect(f.code).toBe("FORBIDDEN");
    expect(f.meta.keystore).toBe("wrong_password");
    expect(f.message).toMatch(/^Wrong password/);
  });

  it("rejects the Aergo vector once its scrypt parameters are altered", async () => {
    const f = await failure(decryptKeystore({ ...AERGO_VECTOR, kdf: { ...AERGO_VECTOR.kdf, params: { ...AERGO_VECTOR.kdf.params, n: 1024 } } }, "password"));
    expect(f.meta.keystore).toBe("wrong_password");
  });

  it("rejects a tampered ciphertext and a tampered MAC", async () => {
    const ks = await encryptKeystore(createKeyPair().privateKey, "pw", FAST);
    const badCipher: Keystore = { ...ks, cipher: { ...ks.cipher, ciphertext: flipHexNibble(ks.cipher.ciphertext, 10) } };
    const badMac: Keystore = { ...ks, kdf: { ...ks.kdf, mac: flipHexNibble(ks.kdf.mac, 3) } };
    expect((await failure(decryptKeystore(badCipher, "pw"))).meta.keystore).toBe("wrong_password");
    expect((await failure(decryptKeystore(badMac, "pw"))).meta.keystore).toBe("wrong_password");
  });

  it("rejects a tampered IV or address, which the MAC does not cover, as a damaged file", async () => {
    const ks = await encryptKeystore(createKeyPair().privateKey, "pw", FAST);
    const badIv: Keystore = { ...ks, cipher: { ...ks.cipher, params: { iv: flipHexNibble(ks.cipher.params.iv, 31) } } };
    const otherAddress: Keystore = { ...ks, aergo_address: createKeyPair().address };
    const f1 = await failure(decryptKeystore(badIv, "pw"));
    const f2 = await failure(decryptKeystore(otherAddress, "pw"));
    expect(f1.meta.keystore).toBe("address_mismatch");
    expect(f2.meta.keystore).toBe("address_mismatch");
    expect(f2.message).toMatch(/damaged/);
  });

  it("names the wrong field of a malformed file and refuses hostile scrypt parameters", async () => {
    expect(() => parseKeystore("{not json")).toThrow(/not valid JSON/);
    expect(() => parseKeystore({ ...AERGO_VECTOR, ks_version: "3" })).toThrow(/ks_version/);
    expect(() => parseKeystore({ ...AERGO_VECTOR, cipher: { ...AERGO_VECTOR.cipher, algorithm: "aes-256-gcm" } })).toThrow(/cipher\.algorithm/);
    expect(() => parseKeystore({ ...AERGO_VECTOR, cipher: { ...AERGO_VECTOR.cipher, ciphertext: "zz" } })).toThrow(/cipher\.ciphertext/);
    expect(() => parseKeystore({ ...AERGO_VECTOR, kdf: { ...AERGO_VECTOR.kdf, params: { ...AERGO_VECTOR.kdf.params, n: 1 << 30 } } })).toThrow(/kdf\.params\.n/);
    expect(() => parseKeystore({ ...AERGO_VECTOR, kdf: { ...AERGO_VECTOR.kdf, params: { ...AERGO_VECTOR.kdf.params, n: 1000 } } })).toThrow(/power of 2/);
    expect(() => parseKeystore({ ...AERGO_VECTOR, aergo_address: "Abc" })).toThrow(/aergo_address/);
    expect(parseKeystore(JSON.stringify(AERGO_VECTOR)).aergo_address).toBe(AERGO_VECTOR.aergo_address);
  });
});
