import { describe, expect, it } from "vitest";
import { z } from "zod";
import { inputErrorMessage } from "./inputIssues.ts";

const errorOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error("expected a refusal");
  return r.error;
};

describe("input error messages", () => {
  // Found by the fuzzer: `{}` to sendSignedTransaction said "Invalid tx: Invalid input: expected string, received undefined."
  it("says a missing field is required instead of repeating zod's text", () => {
    const message = inputErrorMessage(errorOf(z.object({ tx: z.string(), wait: z.string().optional() }), {}));
    expect(message).toBe("Invalid input: tx is required (a string).");
  });

  it("says a missing input object is required", () => {
    expect(inputErrorMessage(errorOf(z.object({ address: z.string() }), undefined))).toBe("Invalid input: the input is required (an object).");
  });

  it("names each wrong field with what was wrong, once", () => {
    const message = inputErrorMessage(errorOf(z.object({ address: z.string(), limit: z.number().min(1) }), { address: 3, limit: 0 }));
    expect(message).toBe("Invalid input: address: expected string, received number; limit: Too small: expected number to be >=1.");
    expect(message).not.toMatch(/Invalid input: .*Invalid input/);
  });
});
