/**
 * What the CLI's test files share: one real hub (server/main.ts, API only, 300 ms blocks) in its
 * own data folder, a fresh $AERGO_HOME, and the real `aergo` binary run as a child process.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { REPO_ROOT, startHubProcess, type HubProcess } from "../server/testing/hubProcess.ts";

const BIN = path.join(REPO_ROOT, "bin", "aergo.mjs");
export const TEST_PASSWORD = "cli-test-password";

export type CliRun = { readonly code: number; readonly stdout: string; readonly stderr: string };
type Env = Record<string, string | undefined>;

export type CliHarness = {
  readonly hub: HubProcess;
  readonly hubUrl: string;
  /** A temporary folder removed by stop(); $AERGO_HOME is `${tmp}/home`. */
  readonly tmp: string;
  readonly home: string;
  /** Runs `aergo ARGS` with AERGO_HOME, AERGO_PASSWORD and AERGO_HUB set (env overrides them). */
  run(args: readonly string[], env?: Env): Promise<CliRun>;
  /** Runs with --json, expects success, nothing on stderr and exactly one JSON document on stdout. */
  runJson<T = unknown>(args: readonly string[], env?: Env): Promise<T>;
  /** Runs with --json and expects a failure: nothing on stdout, a one-line reason, no stack trace. */
  runFail(args: readonly string[], env?: Env): Promise<CliRun>;
  stop(): Promise<void>;
};

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

export async function freePort(from: number, to: number): Promise<number> {
  for (let p = from; p <= to; p++) if (await portIsFree(p)) return p;
  throw new Error(`no free port in ${from}-${to}`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Starts a hub on the first free port of `ports` and returns the CLI runners bound to it.
 * `prepare` runs while the hub starts (local-only commands such as `keys import-dev`).
 */
export async function startCliHarness(opts: { ports: readonly [number, number]; prefix: string; prepare?: (run: CliHarness["run"]) => Promise<unknown> }): Promise<CliHarness> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), opts.prefix));
  const home = path.join(tmp, "home");
  const port = await freePort(...opts.ports);
  const hubUrl = `http://127.0.0.1:${port}`;
  let hub: HubProcess;
  try {
    const starting = startHubProcess({ port, dataDir: path.join(tmp, "data"), env: { HUB_BLOCK_INTERVAL_MS: "300" }, startTimeoutMs: 90_000 });
    const prepared = opts.prepare?.(run);
    // Both settle before anything is cleaned up, so a failed prepare never leaves a hub running.
    const [started, ready] = await Promise.allSettled([starting, prepared]);
    if (started.status === "rejected") throw started.reason;
    hub = started.value;
    if (ready.status === "rejected") {
      await hub.stop(10_000);
      throw ready.reason;
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }

  function run(args: readonly string[], env: Env = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, AERGO_HOME: home, AERGO_PASSWORD: TEST_PASSWORD, AERGO_HUB: hubUrl, ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.stdin.end();
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  return {
    hub,
    hubUrl,
    tmp,
    home,
    run,
    async runJson<T>(args: readonly string[], env: Env = {}): Promise<T> {
      const r = await run([...args, "--json"], env);
      if (r.code !== 0) throw new Error(`aergo ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
      expect(r.stderr).toBe("");
      return JSON.parse(r.stdout) as T;
    },
    async runFail(args: readonly string[], env: Env = {}): Promise<CliRun> {
      const r = await run([...args, "--json"], env);
      expect(r.code, `aergo ${args.join(" ")}: ${r.stdout}${r.stderr}`).not.toBe(0);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: [^\n]+\n/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
      return r;
    },
    async stop() {
      await hub.stop(10_000);
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}
