/**
 * The hub's process: one HTTP server that hosts the chain engine, its API and the Next.js
 * pages. A custom server (not Next's) so the transaction hot path and the tRPC API skip page
 * routing: /v1/* (Aergo REST), /api/trpc/* (tRPC), /api/stream (live events), the rest Next.
 */
import fs from "node:fs";
import http from "node:http";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { observeJournalWrites } from "../chain/store/fileJournal.ts";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { readHubConfig } from "./config.ts";
import { appRouter } from "./api/root.ts";
import { createTrpcContext } from "./api/trpc.ts";
import { assertTrpcRequestLimits, TRPC_LIMITS } from "./api/batchLimits.ts";
import { createHub } from "./hub/createHub.ts";
import { registerHub, unregisterHub } from "./hub/registry.ts";
import { handleRestV1 } from "./rest/v1.ts";
import { handleStream } from "./http/stream.ts";
import { clientIpOf, createOriginPolicy, type HttpPolicy } from "./http/origins.ts";
import { setSecurityHeaders } from "./http/securityHeaders.ts";
import { errorResponse } from "./rest/v1.ts";
import { assertSameOrigin } from "./auth/csrf.ts";
import { startAuth } from "./auth/services.ts";
import { ensureAuthSecret, viewerFromRequest } from "./auth/session.ts";

const log = (line: string) => console.log(`[hub] ${line}`);

async function main() {
  useNodeCrypto();
  const config = readHubConfig(process.env, process.argv.slice(2));
  if (config.journalTimingsFile) {
    const timings = fs.createWriteStream(config.journalTimingsFile, { flags: "a" });
    observeJournalWrites((ms, bytes) => timings.write(`${Date.now()} ${ms.toFixed(3)} ${bytes}\n`));
  }
  // Before Next starts: the Auth.js route and this server must sign and read the same tokens.
  ensureAuthSecret(config.dataDir);
  const hub = await createHub(config, log);
  registerHub(hub);
  log(`chain ${hub.node.chainId} at height ${hub.node.headHeight()}; index: ${hub.index.kind}${config.databaseUrl ? "" : ` in ${config.dataDir}`}`);

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    // tRPC's own limits, the same numbers as the check before it (batchLimits.ts), for bodies without a Content-Length.
    maxBatchSize: TRPC_LIMITS.maxBatchCalls,
    maxBodySize: TRPC_LIMITS.maxBodyBytes,
    createContext: async ({ req }) => createTrpcContext(hub, await viewerFromRequest({ cookie: req.headers.cookie, authorization: req.headers.authorization }, hub.people), clientIpOf(req, policy())),
  });
  let handlePage: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | null = null;
  if (config.web) {
    // Imported lazily: an API-only hub (HUB_WEB=0, used by tests and benchmarks) never loads Next.
    const { default: next } = await import("next");
    const app = next({ dev: config.dev, dir: process.cwd(), hostname: "localhost", port: config.port });
    await app.prepare();
    const h = app.getRequestHandler();
    handlePage = (req, res) => h(req, res);
  }

  // Who the hub is (its origins) depends on the port it got, so it is settled once it listens;
  // no request is read before that.
  let httpPolicy: HttpPolicy | null = null;
  const policy = (): HttpPolicy => {
    if (!httpPolicy) throw new Error("The hub is still starting.");
    return httpPolicy;
  };

  const server = http.createServer((req, res) => {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? "/", "http://hub.local");
    try {
      decodeURIComponent(url.pathname);
    } catch {
      // A malformed %-escape is the client's mistake, not a page error.
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "BAD_REQUEST", message: "The URL has a malformed %-escape." } }));
      return;
    }
    if (url.pathname.startsWith("/v1/")) return void handleRestV1(hub, req, res, url, log, policy());
    if (url.pathname.startsWith("/api/trpc/")) {
      try {
        assertSameOrigin(req.method ?? "GET", req.headers);
        assertTrpcRequestLimits(req, url);
      } catch (e) {
        const { status, body } = errorResponse(e);
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
        return;
      }
      return void trpc(req, res);
    }
    if (url.pathname === "/api/stream") return void handleStream(hub, req, res, url);
    if (url.pathname === "/healthz") {
      const m = process.memoryUsage();
      const mib = (n: number) => Math.round(n / 2 ** 20);
      const memory = { rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed), externalMiB: mib(m.external), arrayBuffersMiB: mib(m.arrayBuffers) };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, height: hub.node.headHeight(), memory }));
      return;
    }
    if (handlePage) {
      // Sign-in rate limits key on the client's address: what the socket (or a trusted proxy)
      // says, never what a client claims; Auth.js reads it from this header.
      req.headers["x-forwarded-for"] = clientIpOf(req, policy());
      return void handlePage(req, res);
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: "This hub serves the API only." } }));
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  httpPolicy = Object.freeze({ origins: createOriginPolicy(config.publicUrl, { host: config.host, port }), trustedProxies: config.trustedProxies });
  const auth = startAuth({ dataDir: config.dataDir, hubName: "AERGO Hub", people: hub.people, signupsPerIpHour: config.signupsPerIpHour });
  console.log(`AERGO Hub on http://localhost:${port}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections?.();
    server.close();
    await auth.close();
    unregisterHub(hub);
    await hub.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((e: unknown) => {
  console.error(`The hub could not start: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env.HUB_DEBUG) console.error(e);
  process.exit(1);
});
