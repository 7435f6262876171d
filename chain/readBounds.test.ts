import { describe, expect, it } from "vitest";
import { utf8ByteLength } from "./crypto/hash.ts";
import { browseCell, createPageBudget, isTruncatedCell, jsonBytes, READ_BOUNDS, sqlValueJsonBound, ZEventLimit, ZTableLimit } from "./readBounds.ts";

describe("read bounds", () => {
  it("count UTF-8 bytes exactly, surrogate pairs included", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a😀b€", "\u0000\n\"", "\ud800x"]) expect(utf8ByteLength(s), JSON.stringify(s)).toBe(new TextEncoder().encode(s).length);
    expect(jsonBytes({ a: "é" })).toBe(new TextEncoder().encode(JSON.stringify({ a: "é" })).length);
  });

  it("cut a long text cell at 4 KiB on a character boundary, with its full length", () => {
    expect(browseCell("x".repeat(READ_BOUNDS.maxCellBytes))).toBe("x".repeat(READ_BOUNDS.maxCellBytes));
    const long = "€".repeat(2000); // 6,000 bytes
    const cell = browseCell(long);
    expect(isTruncatedCell(cell)).toBe(true);
    if (!isTruncatedCell(cell)) return;
    expect(cell).toMatchObject({ truncated: true, kind: "text", bytes: 6000 });
    expect(cell.preview).toBe("€".repeat(1365)); // 4,095 bytes: a 1,366th € would pass 4,096
    expect(utf8ByteLength(cell.preview)).toBeLessThanOrEqual(READ_BOUNDS.maxCellBytes);
  });

  it("show blobs as 0x-hex, cut after 2 KiB (4 KiB of hex); numbers and NULL as they are", () => {
    expect(browseCell(new Uint8Array([1, 255]))).toBe("0x01ff");
    const cell = browseCell(new Uint8Array(3000));
    expect(cell).toMatchObject({ truncated: true, kind: "blob", bytes: 3000 });
    expect((cell as { preview: string }).preview).toHaveLength(2 + READ_BOUNDS.maxCellBytes);
    expect(browseCell(2n ** 63n - 1n)).toBe("9223372036854775807");
    expect(browseCell(7)).toBe(7);
    expect(browseCell(null)).toBeNull();
    expect(isTruncatedCell({ truncated: true })).toBe(false);
  });

  it("bound a result value's JSON from above", () => {
    for (const v of [null, 0, -1.5e300, 2n ** 63n - 1n, -(2n ** 63n), "ab\"c", new Uint8Array(10)]) {
      const json = typeof v === "bigint" ? `"${v}",` : v instanceof Uint8Array ? `"0x${"00".repeat(10)}",` : `${JSON.stringify(v)},`;
      expect(sqlValueJsonBound(v), String(v)).toBeGreaterThanOrEqual(utf8ByteLength(json) - (typeof v === "string" ? 1 : 0));
    }
  });

  it("admit items while they fit, the first always, and remember that one was refused", () => {
    const budget = createPageBudget(100);
    expect(budget.admit(150)).toBe(true);
    expect(budget.admit(1)).toBe(false);
    expect(budget.full).toBe(true);
    const b2 = createPageBudget(100);
    expect([b2.admit(40), b2.admit(40), b2.admit(40)]).toEqual([true, true, false]);
    expect(b2.used).toBe(81);
  });

  it("refuse page sizes outside 1 to 1,000", () => {
    for (const z of [ZTableLimit, ZEventLimit]) {
      expect(z.safeParse(1).success && z.safeParse(1000).success).toBe(true);
      for (const bad of [0, -1, 1001, 1_000_000, 1.5, 999_999_999_999_999]) expect(z.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});
