import { describe, expect, it } from "vitest";
import { formatAergo, formatGaer, isWholeGaer, parseAmount } from "./amount.ts";

describe("amounts", () => {
  it("formats aer in AERGO and in gaer without trailing zeros", () => {
    expect(formatAergo(1_500_000_000_000_000_000n)).toBe("1.5");
    expect(formatAergo(-1n)).toBe("-0.000000000000000001");
    expect(formatGaer(50_000_000_000n)).toBe("50");
    expect(formatGaer(1_500_000_001n)).toBe("1.500000001");
    expect(formatGaer(0n)).toBe("0");
  });

  it("tells whether an amount can be sent to a contract (a whole number of gaer)", () => {
    expect(isWholeGaer(parseAmount("1.5aergo"))).toBe(true);
    expect(isWholeGaer(parseAmount("20gaer"))).toBe(true);
    expect(isWholeGaer(parseAmount("1000aer"))).toBe(false);
  });
});
