/**
 * The hub's process: one HTTP server that hosts the chain engine, its API and the Next.js
 * pages. A custom server (not Next's) so the transaction hot path skips page routing.
 */
import http from "node:http";
import next from "next";
import { readHubConfig } from "./config.ts";

async function main() {
  const config = readHubConfig(process.env, process.argv.slice(2));
  const nextApp = config.web ? next({ dev: config.dev, dir: process.cwd(), hostname: "localhost", port: config.port }) : null;
  const handlePage = nextApp ? nextApp.getRequestHandler() : null;
  await nextApp?.prepare();

  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      return;
    }
    if (handlePage) void handlePage(req, res);
    else res.writeHead(404).end();
  });
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, config.host, () => {
    console.log(`AERGO Hub on http://localhost:${config.port}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
