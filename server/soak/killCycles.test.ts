/**
 * The short form of `npm run soak`'s kill -9 cycles: three kills of the real hub process under a
 * transfer and a contract load, each followed by the checks of runKillCycles (no answered
 * transaction lost, sealed blocks unchanged, the index equal to the chain), on a Postgres index
 * and on the embedded PGlite one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresIsUp } from "../../db/testing/backends.ts";
import { createScratchDatabase, type ScratchDatabase } from "../testing/scratchDatabase.ts";
import { runKillCycles } from "./killCycles.ts";
import { freshSeed } from "../../chain/testing/seededRandom.ts";

const PORT = 3420;
const EMBEDDED_PORT = 3422;
const CYCLES = 3;

await postgresIsUp();

describe("a hub killed with kill -9 at random moments under load", () => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase("aergo_soak_kill");
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  it("loses no answered transaction, keeps every sealed block and its index equals the chain after each restart", { timeout: 180_000 }, async () => {
    const seed = Number(process.env.SOAK_SEED ?? freshSeed());
    console.info(`kill cycles: seed ${seed} (SOAK_SEED=${seed} replays it)`);
    const figures = await runKillCycles({ cycles: CYCLES, seed, port: PORT, databaseUrl: scratch.url, log: (line) => console.info(line) });
    console.info(`kill cycles: ${JSON.stringify(figures)}`);
    expect(figures.cycles).toBe(CYCLES);
    expect(figures.lostTxs).toBe(0);
    expect(figures.answeredTxs).toBeGreaterThan(CYCLES);
  });

  it("the same with the embedded PGlite index and every contract call on the execution worker: each restart recovers its folder, and its rows equal the chain at the end", { timeout: 180_000 }, async () => {
    const seed = Number(process.env.SOAK_SEED ?? freshSeed());
    console.info(`kill cycles (embedded index): seed ${seed} (SOAK_SEED=${seed} replays it)`);
    const figures = await runKillCycles({ cycles: 2, seed, port: EMBEDDED_PORT, callsOnWorker: true, log: (line) => console.info(line) });
    console.info(`kill cycles (embedded index): ${JSON.stringify(figures)}`);
    expect(figures.cycles).toBe(2);
    expect(figures.lostTxs).toBe(0);
    expect(figures.answeredTxs).toBeGreaterThan(2);
  });
});
