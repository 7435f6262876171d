import path from "node:path";
import { z } from "zod";
import { normalizeOrigin, parseTrustedProxies } from "./http/origins.ts";
import { DEFAULT_SIGNUPS_PER_IP_HOUR } from "./auth/rateLimit.ts";

const ZHubEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z.string().url().optional(),
  HUB_WEB: z.enum(["0", "1"]).default("1"),
  HUB_BLOCK_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  HUB_DEV_NETWORK: z.enum(["0", "1"]).default("1"),
  AUTH_URL: z.string().url().optional(),
  HUB_CALL_TIME_BUDGET_MS: z.coerce.number().int().min(50).max(600_000).optional(),
  HUB_CALL_SLICE_MS: z.coerce.number().int().min(0).max(1000).optional(),
  HUB_EXECUTION_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  HUB_SIGNATURE_ENGINE: z.enum(["libsecp256k1", "openssl"]).optional(),
  HUB_TRUSTED_PROXIES: z.string().max(2000).optional(),
  HUB_SIGNUPS_PER_IP_HOUR: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_SIGNUPS_PER_IP_HOUR),
  HUB_JOURNAL_TIMINGS: z.string().min(1).max(4096).optional(),
});
export type HubConfig = {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly web: boolean;
  readonly dev: boolean;
  readonly blockIntervalMs: number;
  readonly devNetwork: boolean;
  /** The hub's public URL (AUTH_URL): the only origin sign-in challenges name, when set. */
  readonly publicUrl: string | undefined;
  /** Reverse proxies whose X-Forwarded-For is believed (server/http/origins.ts). */
  readonly trustedProxies: readonly string[];
  /** The producer's wall-time budget for one contract transaction (default chain/node ADMISSION_TIME_BUDGET_MS). */
  readonly callTimeBudgetMs?: number;
  /** What a call may take on the main thread before it moves to the execution worker (default chain/node CALL_SLICE_MS; 0: every call there). */
  readonly callSliceMs?: number;
  /** Threads of the execution worker: long calls and views run side by side on them (default chain/exec DEFAULT_EXECUTION_THREADS). */
  readonly executionThreads?: number;
  /** The library that checks transactions' signatures (chain/crypto/verifyRule.cjs); unset: the fastest that loads. */
  readonly signatureEngine?: "libsecp256k1" | "openssl";
  /** Sign-ups one client address may make per hour (server/auth/routes.ts). */
  readonly signupsPerIpHour?: number;
  /** A file that gets a line per pool-journal write ("epoch-ms duration-ms bytes"): how long answers wait for the disk (`npm run bench`). */
  readonly journalTimingsFile?: string;
};

/**
 * Reads the hub's settings from the environment.
 * @throws Error naming the variable that is wrong.
 */
export function readHubConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): HubConfig {
  const parsed = ZHubEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The setting ${issue?.path.join(".")} is invalid: ${issue?.message}.`);
  }
  const e = parsed.data;
  if (e.AUTH_URL && normalizeOrigin(e.AUTH_URL) === null) throw new Error(`The setting AUTH_URL is invalid: "${e.AUTH_URL}" is not an http(s) URL.`);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    web: e.HUB_WEB === "1",
    dev: argv.includes("--dev"),
    blockIntervalMs: e.HUB_BLOCK_INTERVAL_MS,
    devNetwork: e.HUB_DEV_NETWORK === "1",
    publicUrl: e.AUTH_URL,
    trustedProxies: parseTrustedProxies(e.HUB_TRUSTED_PROXIES),
    callTimeBudgetMs: e.HUB_CALL_TIME_BUDGET_MS,
    callSliceMs: e.HUB_CALL_SLICE_MS,
    executionThreads: e.HUB_EXECUTION_THREADS,
    signatureEngine: e.HUB_SIGNATURE_ENGINE,
    signupsPerIpHour: e.HUB_SIGNUPS_PER_IP_HOUR,
    journalTimingsFile: e.HUB_JOURNAL_TIMINGS ? path.resolve(e.HUB_JOURNAL_TIMINGS) : undefined,
  });
}
