import { describe, expect, it } from "vitest";
import { formatAergo, formatGaer, isWholeGaer, parseAmount, toAmountJSON } from "./amount.ts";

describe("amounts", () => {
  it("formats aer in AERGO and in gaer without trailing zeros", () => {
    expect(formatAergo(1_500_000_000_000_000_000n)).toBe("1.5");
    expect(formatAergo(-1n)).toBe("-0.000000000000000001");
    expect(formatGaer(50_000_000_000n)).toBe("50");
    expect(formatGaer(1_500_000_001n)).toBe("1.500000001");
    expect(formatGaer(0n)).toBe("0");
  });

  it("gives an amount's JSON form: aer and AERGO text, one frozen object per value however often it is asked", () => {
    expect(toAmountJSON(1_230_000_000_000_000_000n)).toEqual({ aer: "1230000000000000000", aergo: "1.23" });
    expect(toAmountJSON(100n)).toEqual({ aer: "100", aergo: "0.0000000000000001" });
    expect(toAmountJSON(0n)).toEqual({ aer: "0", aergo: "0" });
    expect(toAmountJSON(50_000_000_000n)).toBe(toAmountJSON(50_000_000_000n));
    expect(Object.isFrozen(toAmountJSON(7n))).toBe(true);
    // Past the cache's size, forms are still right.
    for (let i = 0n; i < 3000n; i++) expect(toAmountJSON(i * 10n ** 17n).aergo).toBe(i % 10n === 0n ? String(i / 10n) : `${i / 10n}.${i % 10n}`);
  });

  it("tells whether an amount can be sent to a contract (a whole number of gaer)", () => {
    expect(isWholeGaer(parseAmount("1.5aergo"))).toBe(true);
    expect(isWholeGaer(parseAmount("20gaer"))).toBe(true);
    expect(isWholeGaer(parseAmount("1000aer"))).toBe(false);
  });
});
