/**
 * Runs the real hub (server/main.ts) as a child process for integration tests: its own process
 * group, its own port and data folder, its output kept for failure messages. Tests that kill it
 * with SIGKILL exercise exactly what a crash does to the chain store and the index.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hubProcessEnv } from "../../scripts/hubEnv.mjs";

/** The repository root: the hub resolves its migrations and Next app from here. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export type HubExit = { readonly code: number | null; readonly signal: NodeJS.Signals | null };

export type HttpAnswer = {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  readonly json: unknown;
};

export type RequestOptions = {
  readonly method?: string;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
};

export type HubProcess = {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly dataDir: string;
  /** Everything the hub printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<HubExit>;
  /** Sends `signal` to the hub's process group and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<HubExit>;
  /** SIGTERM (a clean shutdown), then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<HubExit>;
  /** One HTTP request to the hub (a keep-alive agent of its own, dropped when it exits). */
  request(pathAndQuery: string, opts?: RequestOptions): Promise<HttpAnswer>;
};

export type StartHubOptions = {
  readonly port: number;
  readonly dataDir: string;
  /** Extra environment (HUB_BLOCK_INTERVAL_MS, DATABASE_URL, ...); HUB_WEB defaults to "0". */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the hub may take to listen. */
  readonly startTimeoutMs?: number;
};

const READY_LINE = /AERGO Hub on http:\/\/localhost:(\d+)/;

/**
 * Starts `node --import tsx server/main.ts` and resolves once it printed its ready line and
 * answers /healthz.
 * @throws Error with the hub's output when it exits or does not get ready in time.
 */
export async function startHubProcess(opts: StartHubOptions): Promise<HubProcess> {
  // The runner's own DATABASE_URL must not redirect a test hub's index: only opts.env sets it.
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: REPO_ROOT,
    env: hubProcessEnv({
      ...inherited,
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      DATA_DIR: opts.dataDir,
      HUB_WEB: "0",
      ...opts.env,
    }),
    // Its own process group: kill() reaches the hub and nothing else of the test runner.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("The hub process could not be spawned.");

  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<HubExit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  void exited.then(() => agent.destroy());

  const url = `http://127.0.0.1:${opts.port}`;
  const hub: HubProcess = {
    url,
    port: opts.port,
    pid,
    dataDir: opts.dataDir,
    output: () => output,
    exited,
    async kill(signal) {
      signalGroup(child, signal);
      return exited;
    },
    async stop(graceMs = 15_000) {
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
    request: (pathAndQuery, requestOpts = {}) => httpRequest(agent, `${url}${pathAndQuery}`, requestOpts),
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  const early: { exit: HubExit | null } = { exit: null };
  void exited.then((e) => {
    early.exit = e;
  });
  while (!READY_LINE.test(output)) {
    if (early.exit) throw new Error(`The hub exited before it was ready (${describeExit(early.exit)}):\n${output}`);
    if (Date.now() > deadline) {
      await hub.kill("SIGKILL");
      throw new Error(`The hub did not print its ready line in time:\n${output}`);
    }
    await sleep(25);
  }
  const health = await hub.request("/healthz");
  if (health.status !== 200) {
    await hub.kill("SIGKILL");
    throw new Error(`The hub listens but /healthz answered ${health.status}:\n${output}`);
  }
  return hub;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone between the check and the signal.
  }
}

function describeExit(e: HubExit): string {
  return e.signal ? `signal ${e.signal}` : `exit code ${e.code}`;
}

/** A plain HTTP request that never throws on a status: tests assert on 4xx answers. */
export function httpRequest(agent: http.Agent | false, url: string, opts: RequestOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? (opts.body === undefined ? "GET" : "POST"), headers: opts.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on("error", reject);
    });
    req.setTimeout(opts.timeoutMs ?? 30_000, () => req.destroy(new Error(`No answer from ${url} in time.`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(everyMs);
  }
}

export type HubEvent = { readonly event: string; readonly data: unknown };

/** Listens to the hub's Server-Sent Events (/api/stream); events accumulate in `events`. */
export async function subscribeHubEvents(hubUrl: string): Promise<{ readonly events: HubEvent[]; close(): void }> {
  const events: HubEvent[] = [];
  const req = http.get(`${hubUrl}/api/stream`, { agent: false });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    req.once("response", resolve);
    req.once("error", reject);
  });
  let buffered = "";
  res.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const frame = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
    }
  });
  res.on("error", () => {}); // the hub may be killed under it
  return { events, close: () => req.destroy() };
}
