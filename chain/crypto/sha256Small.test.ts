import { createHash } from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../testing/seededRandom.ts";
import { sha256 } from "./hash.ts";
import { useNodeCrypto } from "./nodeCrypto.ts";
import { sha256Small } from "./sha256Small.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const reference = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("sha256Small", () => {
  it("gives node:crypto's and noble's digest for every length from 0 to 300 bytes, every padding case included", () => {
    const random = createSeededRandom(256);
    for (let n = 0; n <= 300; n++) {
      for (let run = 0; run < 4; run++) {
        const data = new Uint8Array(n);
        for (let i = 0; i < n; i++) data[i] = run === 0 ? 0xff : random.int(0, 255);
        expect(hex(sha256Small(data)), `${n} bytes`).toBe(reference(data));
        expect(hex(sha256Small(data))).toBe(hex(nobleSha256(data)));
      }
    }
  });

  it("hashes long inputs and views into larger buffers alike, and known vectors", () => {
    const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
    expect(hex(sha256Small(big))).toBe(reference(big));
    const view = big.subarray(1000, 1065);
    expect(hex(sha256Small(view))).toBe(reference(view));
    expect(hex(sha256Small(new TextEncoder().encode("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(sha256Small(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("leaves the chain's sha256 equal to node:crypto's on either side of the short-input cut, parts joined or not", () => {
    useNodeCrypto();
    const random = createSeededRandom(9);
    for (let n = 0; n <= 400; n += 7) {
      const data = new Uint8Array(n).map(() => random.int(0, 255));
      expect(hex(sha256(data))).toBe(reference(data));
      const cut = random.int(0, n);
      expect(hex(sha256(data.subarray(0, cut), data.subarray(cut)))).toBe(reference(data));
    }
  });
});
