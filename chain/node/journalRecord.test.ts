import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../testing/seededRandom.ts";
import { decodeJournalRecord, encodeJournalRecord, type JournalRecord } from "./journalRecord.ts";

describe("journal records", () => {
  it("decode to what was encoded, for every kind (seeded)", () => {
    const random = createSeededRandom(42);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => random.int(0, 255));
    for (let i = 0; i < 200; i++) {
      const records: JournalRecord[] = [
        { kind: "tx", bytes: bytes(random.int(0, 600)) },
        { kind: "context", height: random.int(0, 2 ** 40), timestamp: random.int(0, 2 ** 45), prevHash: bytes(32) },
        { kind: "rows", merge: { adopt: [{ address: `A${i}`, account: "00ff" }], writes: [{ contract: `C${i}`, table: "t", key: "01", cells: random.next() < 0.5 ? null : "0203" }] } },
      ];
      for (const r of records) expect(decodeJournalRecord(encodeJournalRecord(r))).toEqual(r);
    }
  });

  it("frames a transaction as its kind byte then its bytes, nothing else", () => {
    const tx = Uint8Array.from([9, 8, 7]);
    expect(encodeJournalRecord({ kind: "tx", bytes: tx })).toEqual(Uint8Array.from([2, 9, 8, 7]));
  });
});
