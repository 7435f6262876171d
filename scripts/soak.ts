/**
 * `npm run soak`: the endurance suites at full length. Kill -9 cycles of the real hub under load
 * (SOAK_CYCLES, default 100), then the fuzzer (FUZZ_INPUTS, default 100,000). Seeds are printed
 * (SOAK_SEED / FUZZ_SEED replay a run); exits non-zero on any lost transaction, 5xx, crash,
 * unclear refusal or state change from refused input.
 */
import { z } from "zod";
import { postgresIsUp } from "../db/testing/backends.ts";
import { runFuzz } from "../server/soak/fuzz/runFuzz.ts";
import { runKillCycles } from "../server/soak/killCycles.ts";
import { freshSeed } from "../chain/testing/seededRandom.ts";
import { createScratchDatabase } from "../server/testing/scratchDatabase.ts";

const ZSoakEnv = z.object({
  SOAK_CYCLES: z.coerce.number().int().min(0).max(100_000).default(100),
  FUZZ_INPUTS: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
  SOAK_SEED: z.coerce.number().int().min(0).optional(),
  FUZZ_SEED: z.coerce.number().int().min(0).optional(),
});

/** Ports of the soak runner's hubs (3420–3449 belong to the soak suites; the vitest forms use 3420–3422). */
const KILL_PORT = 3430;
const FUZZ_PORT = 3431;
const EMBEDDED_KILL_PORT = 3432;

async function main(): Promise<number> {
  const env = ZSoakEnv.parse(process.env);
  const log = (line: string) => console.log(line);
  let ok = true;

  if (env.SOAK_CYCLES > 0) {
    await postgresIsUp();
    const seed = env.SOAK_SEED ?? freshSeed();
    log(`== kill -9 cycles: ${env.SOAK_CYCLES}, seed ${seed} (SOAK_SEED=${seed} replays it)`);
    const scratch = await createScratchDatabase("aergo_soak");
    try {
      const f = await runKillCycles({ cycles: env.SOAK_CYCLES, seed, port: KILL_PORT, databaseUrl: scratch.url, log });
      log(`kill cycles: ${f.cycles} cycles (${f.midSealKills} aimed at a seal), ${f.answeredTxs} answered txs, lost ${f.lostTxs}, ${f.restoredFromJournal} restored from the journal, ${f.sealedBlocksCompared} sealed blocks compared, time to ready p50 ${f.readyMsP50} ms, max ${f.readyMsMax} ms`);
      ok &&= f.lostTxs === 0;
    } catch (e) {
      ok = false;
      log(`kill cycles FAILED: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      await scratch.drop();
    }
    // The embedded index (PGlite in the data folder) gets a tenth of the cycles: its rows are
    // compared once, at the end, after every restart had to recover it from a kill.
    const embeddedCycles = Math.max(1, Math.round(env.SOAK_CYCLES / 10));
    log(`== kill -9 cycles on the embedded index, every contract call on the execution worker: ${embeddedCycles}, seed ${seed}`);
    try {
      const f = await runKillCycles({ cycles: embeddedCycles, seed, port: EMBEDDED_KILL_PORT, callsOnWorker: true, log });
      log(`kill cycles (embedded index): ${f.cycles} cycles, ${f.answeredTxs} answered txs, lost ${f.lostTxs}, ${f.sealedBlocksCompared} sealed blocks compared, time to ready p50 ${f.readyMsP50} ms, max ${f.readyMsMax} ms`);
      ok &&= f.lostTxs === 0;
    } catch (e) {
      ok = false;
      log(`kill cycles on the embedded index FAILED: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  if (env.FUZZ_INPUTS > 0) {
    const seed = env.FUZZ_SEED ?? freshSeed();
    log(`== fuzz: ${env.FUZZ_INPUTS} inputs, seed ${seed} (FUZZ_SEED=${seed} replays it)`);
    const f = await runFuzz({ inputs: env.FUZZ_INPUTS, seed, port: FUZZ_PORT, log: (line) => (/\d+000\//.test(line) ? log(line) : undefined) });
    for (const [door, t] of Object.entries(f.byDoor)) log(`  ${door.padEnd(8)} ${String(t.sent).padStart(7)} sent, ${t.refused} refused, ${t.accepted} accepted, ${t.failures} failures`);
    log(`fuzz: ${f.inputs} inputs, ${f.serverErrors} 5xx, ${f.crashes} crashes, ${f.failures.length} failures; ${f.acceptedWrites} accepted writes (${f.stateRootCompared ? "state root compared: unchanged" : "every transaction sealed meanwhile traced to an accepted one; fuzz accounts' nonces and balances checked"})`);
    for (const failure of f.failures) log(`  FAILURE ${failure}`);
    ok &&= f.failures.length === 0 && f.serverErrors === 0 && f.crashes === 0;
  }
  log(ok ? "soak: passed" : "soak: FAILED");
  return ok ? 0 : 1;
}

process.exitCode = await main();
