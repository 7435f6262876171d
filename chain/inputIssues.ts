/**
 * Zod issues as sentences a caller can act on, shared by tRPC's error formatter, the /v1 error
 * body and the repository directory's entry checks. Zod's own text repeats itself ("Invalid
 * input: address Invalid input: expected string, received undefined"); a missing field should
 * say it is required.
 */
import type { z } from "zod";

const ZOD_PREFIX = /^Invalid input: /;

/** One issue: `address is required (a string)`, `limit: Too small: expected number to be >=1`. */
export function issueSentence(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join(".") || "the input";
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) return `${where} is required (${issue.expected === "object" ? "an object" : `a ${issue.expected}`})`;
  return `${where}: ${issue.message.replace(ZOD_PREFIX, "")}`;
}

/** Every issue of a ZodError, joined: `Invalid input: address is required (a string); table: …`. */
export function inputErrorMessage(error: z.ZodError): string {
  return `Invalid input: ${error.issues.map(issueSentence).join("; ")}.`;
}
