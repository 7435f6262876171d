import { afterEach, describe, expect, it, vi } from "vitest";
import { formatCount, groupDecimal } from "./numberText.ts";
import { addr, createHarness } from "./sql/testing/harness.ts";

describe("numbers in messages", () => {
  afterEach(() => vi.restoreAllMocks());

  it("groups by thousands the way en-US does, with at most three decimals", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_048_576, 64, 500_000_000, -1234, 2 ** 53 - 1]) expect(formatCount(n)).toBe(n.toLocaleString("en-US"));
    expect(formatCount(1.5)).toBe("1.5");
    expect(formatCount(2 / 3)).toBe("0.667");
    expect(groupDecimal("500000000.25")).toBe("500,000,000.25");
    expect(groupDecimal("-1000")).toBe("-1,000");
  });

  it("gives a receipt the same text on a runtime whose ICU formats numbers otherwise", async () => {
    // What a Node built without ICU prints: no grouping. A receipt's text is hashed into the block.
    vi.spyOn(Number.prototype, "toLocaleString").mockImplementation(function (this: number) {
      return String(this.valueOf());
    });
    const alice = addr("alice");
    const h = await createHarness({ limits: { maxEventArgBytes: 1_000 } });
    const { address } = h.deploy("loud", "CONTRACT Loud;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nEVENT Note (text TEXT);\nPROCEDURE loud (n INTEGER) AS BEGIN\n  EMIT Note (printf('%.*c', :n, 'x'));\nEND;", [], { sender: alice });
    const r = h.call(address, "loud", [5_000], { sender: alice });
    expect(r.error?.message).toBe("loud: EMIT Note: argument text is 5,003 bytes; the limit is 1,000 (line 5)");
  });
});
