/**
 * Inputs the fuzzer once caught the hub failing on, replayed at the start of every fuzz run
 * (short form in `npm test` included) before the seeded stream.
 */
import type { FuzzInput } from "./fuzzInputs.ts";

export const REGRESSION_INPUTS: readonly FuzzInput[] = [
  // "Invalid tx: Invalid input: expected string, received undefined." (chain/inputIssues.ts)
  { door: "txBody", body: "{}", contentType: "application/json" },
  { door: "rest", method: "GET", path: "/v1/getproposal?%" },
  { door: "rest", method: "POST", path: "/v1/installmarketlisting?limit=1904021883", body: '{"txLimit":2.0968206966514072e-300}', contentType: "text/plain" },
  // "Invalid input: input Invalid input: expected object, received undefined"
  { door: "trpc", procedure: "governance.staking", type: "query", input: undefined, signedIn: false },
  { door: "trpc", procedure: "sources.rename", type: "mutation", input: {}, signedIn: true },
  { door: "trpc", procedure: "accounts.proof", type: "query", input: { amount: "Infinity" }, signedIn: true },
  // "The directory entry is malformed (repo: Invalid input: expected string, received undefined)." (FUZZ_SEED=777)
  { door: "trpc", procedure: "repos.applyEntry", type: "mutation", input: { entry: { view: "2057983976" } }, signedIn: true },
  { door: "trpc", procedure: "repos.create", type: "mutation", input: { entry: { id: "x", wait: { offset: "-1" } } }, signedIn: true },
];
