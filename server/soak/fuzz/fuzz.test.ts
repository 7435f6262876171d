/**
 * The short form of `npm run soak`'s fuzzer: 1,500 seeded inputs over every door of a real hub
 * process (raw transaction bytes, /v1 bodies and query strings, tRPC inputs, AergoSQL sources,
 * `aergo` command lines). No crash, no 5xx, every refusal a 4xx with a clear message, and refused
 * input changes no state.
 */
import { describe, expect, it } from "vitest";
import { freshSeed } from "../../../chain/testing/seededRandom.ts";
import { runFuzz } from "./runFuzz.ts";

const PORT = 3421;
const INPUTS = 1500;

describe("the hub under fuzzed input", () => {
  it("never crashes, never answers 5xx, refuses with a clear 4xx and changes no state for refused input", { timeout: 180_000 }, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? freshSeed());
    console.info(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays it)`);
    const figures = await runFuzz({ inputs: INPUTS, seed, port: PORT });
    console.info(`fuzz: ${JSON.stringify({ ...figures, failures: figures.failures.length })}`);
    expect(figures.failures).toEqual([]);
    expect(figures.serverErrors).toBe(0);
    expect(figures.crashes).toBe(0);
    expect(figures.inputs).toBe(INPUTS);
  });
});
