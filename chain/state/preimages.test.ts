import { describe, expect, it } from "vitest";
import { sha256, utf8Bytes } from "../crypto/hash.ts";
import { devKeyPair } from "../crypto/keys.ts";
import { cellFromJs, concatCells, rowStateKey } from "../sql/runtime/stateEncoding.ts";
import { accountStateKey, EMPTY_ACCOUNT } from "./account.ts";
import { createMemoryNodeStore } from "./nodeStore.ts";
import { EMPTY_ROOT } from "./smt.ts";
import { accountPreimageKey, decodeRowPreimage, encodeRowPreimage, putRowPreimage, readAccountPreimage, readRowPreimage, rowPreimageKey } from "./preimages.ts";
import { createWorldState } from "./worldState.ts";

const alice = devKeyPair("preimage-alice").address;

describe("state key preimages", () => {
  it("encode a row as exactly the bytes its state key hashes after the domain tag, and decode back", () => {
    const key = concatCells([cellFromJs("k é"), cellFromJs(42), cellFromJs(null)]);
    const bytes = encodeRowPreimage(alice, "tåble", key);
    expect(sha256(utf8Bytes("aergo/sql-row"), bytes)).toEqual(rowStateKey(alice, "tåble", key));
    expect(decodeRowPreimage(bytes)).toEqual({ contract: alice, table: "tåble", key });
    expect(() => decodeRowPreimage(bytes.subarray(0, 10))).toThrow(expect.objectContaining({ code: "STORE_CORRUPT" }));
  });

  it("are keyed apart from each other and from the keys they name", () => {
    const stateKey = rowStateKey(alice, "t", concatCells([cellFromJs(1)]));
    expect(rowPreimageKey(stateKey)).not.toEqual(accountPreimageKey(stateKey));
    expect(rowPreimageKey(stateKey)).not.toEqual(stateKey);
  });

  it("are recorded for every committed account and every written row, and read back verified", () => {
    const store = createMemoryNodeStore();
    const world = createWorldState(store);
    const root = world.commitAccounts(EMPTY_ROOT, new Map([[alice, { ...EMPTY_ACCOUNT, balance: 5n }]]));
    expect(root).not.toEqual(EMPTY_ROOT);
    expect(readAccountPreimage(store, accountStateKey(alice))).toBe(alice);
    expect(readAccountPreimage(store, accountStateKey(devKeyPair("nobody").address))).toBeNull();

    const key = concatCells([cellFromJs("x")]);
    const stateKey = rowStateKey(alice, "t", key);
    expect(readRowPreimage(store, stateKey)).toBeNull();
    putRowPreimage(store, stateKey, alice, "t", key);
    expect(readRowPreimage(store, stateKey)).toEqual({ contract: alice, table: "t", key });
    // A preimage stored under another key's slot is caught.
    const other = rowStateKey(alice, "t", concatCells([cellFromJs("y")]));
    store.put(rowPreimageKey(other), encodeRowPreimage(alice, "t", key));
    expect(() => readRowPreimage(store, other)).toThrow(expect.objectContaining({ code: "STORE_CORRUPT" }));
  });

  it("are looked up in a store once per key: a hot row rewritten block after block costs no store read, and another store gets its own", () => {
    const counting = () => {
      const inner = createMemoryNodeStore();
      const counts = { gets: 0, puts: 0 };
      const store = {
        get: (h: Uint8Array) => (counts.gets++, inner.get(h)),
        put: (h: Uint8Array, b: Uint8Array) => (counts.puts++, inner.put(h, b)),
      };
      return { store, counts };
    };
    const a = counting();
    const key = concatCells([cellFromJs("hot")]);
    const stateKey = rowStateKey(alice, "t", key);
    for (let block = 0; block < 5; block++) putRowPreimage(a.store, stateKey, alice, "t", key);
    expect(a.counts).toEqual({ gets: 1, puts: 1 });
    // Known in one store says nothing of another.
    const b = counting();
    putRowPreimage(b.store, stateKey, alice, "t", key);
    expect(b.counts).toEqual({ gets: 1, puts: 1 });
    expect(readRowPreimage(b.store, stateKey)).toEqual({ contract: alice, table: "t", key });
  });
});
