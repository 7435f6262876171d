import { describe, expect, it } from "vitest";
import { toAmountJSON } from "./amount.ts";

describe("toAmountJSON", () => {
  it("writes whole and fractional AERGO without trailing zeros", () => {
    expect(toAmountJSON("12500000000000000000")).toEqual({ aer: "12500000000000000000", aergo: "12.5" });
    expect(toAmountJSON("0")).toEqual({ aer: "0", aergo: "0" });
    expect(toAmountJSON("500000000000000000000000000")).toEqual({ aer: "500000000000000000000000000", aergo: "500000000" });
    expect(toAmountJSON("1")).toEqual({ aer: "1", aergo: "0.000000000000000001" });
    expect(toAmountJSON("50000000000").aergo).toBe("0.00000005");
  });

  it("drops leading zeros the way Postgres numeric never returns them anyway", () => {
    expect(toAmountJSON("000120")).toEqual({ aer: "120", aergo: "0.00000000000000012" });
  });

  it("rejects anything but a non-negative integer string", () => {
    for (const bad of ["", "-1", "1.5", "1e18", " 1", "abc"]) expect(() => toAmountJSON(bad), bad).toThrow(RangeError);
  });
});
