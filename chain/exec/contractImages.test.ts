import { describe, expect, it } from "vitest";
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { isChainError } from "../errors.ts";
import { createMemoryNodeStore, type NodeStore } from "../state/nodeStore.ts";
import { addr, createHarness } from "../sql/testing/harness.ts";
import { ITEMS_CONTRACT } from "../sql/testing/examples.ts";
import { createSeededRandom } from "../testing/seededRandom.ts";
import { getContractImage, PAGES_PER_CHUNK, putContractImage, type ContractImage } from "./contractImages.ts";

/** A memory store that counts what is written to it (keys first seen only, as the store keeps them). */
function countingStore() {
  const inner = createMemoryNodeStore();
  const seen = new Set<string>();
  const counts = { puts: 0, bytes: 0 };
  const store: NodeStore = {
    get: (h) => inner.get(h),
    put(h, b) {
      const k = toHex(h);
      if (!seen.has(k)) {
        seen.add(k);
        counts.puts++;
        counts.bytes += b.length;
      }
      inner.put(h, b);
    },
  };
  return { store, counts, reset: () => Object.assign(counts, { puts: 0, bytes: 0 }) };
}

const key = (label: string) => sha256(utf8Bytes(label));

/** A buffer SQLite would call a database file: its magic, a page size, `pages` pages of random bytes. */
function fakeFile(random: ReturnType<typeof createSeededRandom>, pageSize: number, pages: number): Uint8Array {
  const bytes = new Uint8Array(pageSize * pages);
  for (let i = 0; i < bytes.length; i += 4) bytes[i] = random.int(0, 255);
  bytes.set(utf8Bytes("SQLite format 3\u0000"), 0);
  bytes[16] = pageSize === 65536 ? 0 : pageSize >> 8;
  bytes[17] = pageSize === 65536 ? 1 : pageSize & 0xff;
  return bytes;
}


async function itemsContract(rows: number) {
  const h = await createHarness();
  const deployer = addr("deployer");
  const { address, artifact, result } = h.deploy("items", ITEMS_CONTRACT, [], { sender: deployer, gasLimit: 1e12 });
  expect(result.status).toBe("success");
  for (let done = 0; done < rows; done += 500) expect(h.call(address, "fill", [Math.min(500, rows - done)], { sender: deployer, gasLimit: 1e12 }).status).toBe("success");
  return { h, address, artifact, deployer };
}

describe("contract databases stored as pages", () => {
  it("reads a version back byte for byte, and a one-row change stores a few pages, not the file", async () => {
    const { h, address, artifact, deployer } = await itemsContract(3000);
    const { store, counts, reset } = countingStore();
    const first = h.engine.snapshot(address);
    const pageCount = first.length / 4096;
    expect(pageCount).toBeGreaterThan(PAGES_PER_CHUNK); // more than one chunk in the page table
    const v1 = putContractImage(store, key("v1"), first, null);
    expect(counts.bytes).toBeGreaterThan(first.length); // every page, the chunks and the record

    expect(h.call(address, "touch", [1234, "changed"], { sender: deployer, gasLimit: 1e9 }).status).toBe("success");
    reset();
    const second = h.engine.snapshot(address);
    const v2 = putContractImage(store, key("v2"), second, v1);
    // The row's leaf page and the header page (its change counter), one chunk, the record.
    expect(counts.puts).toBeLessThanOrEqual(5);
    expect(counts.bytes).toBeLessThan(4 * 4096 + 2 * PAGES_PER_CHUNK * 32);

    expect(toHex(getContractImage(store, key("v1"))!.bytes)).toBe(toHex(first));
    expect(toHex(getContractImage(store, key("v2"))!.bytes)).toBe(toHex(second));
    expect(getContractImage(store, key("v2"))!.pages).toEqual(v2.pages);

    // The stored version opens as the contract, with its rows.
    const other = await createHarness();
    other.engine.restore(address, getContractImage(store, key("v2"))!.bytes, artifact);
    expect(other.engine.query(address, "count", []).result).toBe(3000);
    expect(other.engine.tableCell(address, "items", "body", [1234])).toEqual({ value: "changed" });
  });

  it("stores any sequence of versions exactly, whatever version it is diffed against (seeded)", () => {
    const random = createSeededRandom(20261207);
    const { store } = countingStore();
    const versions: Array<{ key: Uint8Array; bytes: Uint8Array; image: ContractImage }> = [];
    for (let step = 0; step < 60; step++) {
      const pageSize = random.pick([512, 1024, 4096, 4096, 4096, 65536]);
      const base = versions.length && random.next() < 0.8 ? random.pick(versions) : null;
      let bytes: Uint8Array;
      if (base && base.image.pages?.pageSize === pageSize) {
        // Grow, shrink or keep the page count across chunk borders; rewrite a few pages.
        const pages = Math.max(1, base.bytes.length / pageSize + random.pick([0, 0, 1, -1, PAGES_PER_CHUNK, -PAGES_PER_CHUNK, random.int(-300, 300)]));
        bytes = new Uint8Array(pages * pageSize);
        bytes.set(base.bytes.subarray(0, Math.min(bytes.length, base.bytes.length)));
        const extra = fakeFile(random, pageSize, pages);
        if (bytes.length > base.bytes.length) bytes.set(extra.subarray(base.bytes.length), base.bytes.length);
        for (let k = random.int(0, 3); k > 0; k--) {
          const at = random.int(0, bytes.length - 1);
          bytes[at] = bytes[at]! ^ (1 + random.int(0, 254));
        }
        bytes.set(extra.subarray(0, 18), 0);
      } else {
        bytes = fakeFile(random, pageSize, random.int(1, pageSize === 65536 ? 20 : 400));
      }
      const k = key(`version ${step}`);
      let image: ContractImage;
      if (random.next() < 0.5) {
        image = putContractImage(store, k, bytes, base ? base.image : null);
      } else {
        // As a seal reads SQLite's heap: a view that is overwritten after the call, and the
        // previous version given up (a copy here, as other steps diff against it again).
        const heap = new Uint8Array(bytes.length + 64);
        heap.set(bytes, 32);
        const given = base ? { bytes: base.image.bytes.slice(), pages: base.image.pages } : null;
        image = putContractImage(store, k, heap.subarray(32, 32 + bytes.length), given, true);
        heap.fill(0xa5);
        if (given?.pages && given.bytes.length === bytes.length) expect(image.bytes).toBe(given.bytes); // assembled in place
      }
      expect(toHex(sha256(image.bytes))).toBe(toHex(sha256(bytes)));
      versions.push({ key: k, bytes: bytes.slice(), image });
    }
    for (const v of versions) {
      const back = getContractImage(store, v.key)!;
      expect(back.bytes.length).toBe(v.bytes.length);
      expect(toHex(sha256(back.bytes))).toBe(toHex(sha256(v.bytes)));
      expect(back.pages).toEqual(v.image.pages);
      // Read again next to another version, copying what they share, or assembled over it in place.
      const other = random.pick(versions);
      const near = { bytes: other.bytes.slice(), pages: other.image.pages };
      const reuse = random.next() < 0.5;
      const again = getContractImage(store, v.key, near, reuse)!;
      expect(toHex(sha256(again.bytes))).toBe(toHex(sha256(v.bytes)));
      expect(again.pages).toEqual(v.image.pages);
      if (!reuse) expect(toHex(sha256(near.bytes))).toBe(toHex(sha256(other.bytes))); // left as it was
    }
  });

  it("keeps what is no SQLite file whole, and reads the whole files of earlier data folders", () => {
    const { store } = countingStore();
    for (const bytes of [new Uint8Array(0), utf8Bytes("not a database"), (() => {
      const odd = fakeFile(createSeededRandom(1), 4096, 3);
      return odd.subarray(0, odd.length - 100); // not a whole number of pages
    })()]) {
      const k = key(`whole ${bytes.length}`);
      expect(putContractImage(store, k, bytes, null).pages).toBeNull();
      const back = getContractImage(store, k)!;
      expect(back.pages).toBeNull();
      expect(toHex(back.bytes)).toBe(toHex(bytes));
    }
    // A data folder written before pages: the whole file under the version's key.
    const file = fakeFile(createSeededRandom(3), 4096, 5);
    store.put(key("earlier"), file);
    expect(toHex(getContractImage(store, key("earlier"))!.bytes)).toBe(toHex(file));
    expect(getContractImage(store, key("absent"))).toBeNull();
  });

  it("says the store is damaged when a page or a chunk is missing, or the record is cut", () => {
    const bytes = fakeFile(createSeededRandom(2), 1024, PAGES_PER_CHUNK + 5);
    const full = createMemoryNodeStore();
    const image = putContractImage(full, key("v"), bytes, null);
    const without = (missing: Uint8Array): NodeStore => ({ get: (h) => (toHex(h) === toHex(missing) ? undefined : full.get(h)), put: () => {} });
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isChainError(e) ? `${e.code}: ${e.message}` : String(e);
      }
      return "no error";
    };
    expect(code(() => getContractImage(without(image.pages!.pageHashes.subarray(32 * 7, 32 * 8)), key("v")))).toMatch(/^STORE_CORRUPT: .*page 8 is missing/);
    expect(code(() => getContractImage(without(image.pages!.chunkHashes.subarray(32, 64)), key("v")))).toMatch(/^STORE_CORRUPT: .*chunk 1 .* missing/);
    const cut: NodeStore = { get: (h) => (toHex(h) === toHex(key("v")) ? full.get(h)!.subarray(0, 20) : full.get(h)), put: () => {} };
    expect(code(() => getContractImage(cut, key("v")))).toMatch(/^STORE_CORRUPT: .*wrong size/);
  });
});
