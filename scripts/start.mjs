#!/usr/bin/env node
// `npm start`: builds the web app when the build is missing or older than the sources, then
// runs the hub (custom server: engine + API + Next pages) in this process's place.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hubProcessEnv } from "./hubEnv.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildId = path.join(root, ".next", "BUILD_ID");

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sources = ["app", "components", "server", "chain", "db", "public"].map((d) => newestMtime(path.join(root, d)));
const stale = !existsSync(buildId) || Math.max(...sources, statSync(path.join(root, "package.json")).mtimeMs) > statSync(buildId).mtimeMs;
if (stale || process.env.HUB_FORCE_BUILD === "1") {
  console.log("Building the web app (first start or changed sources)...");
  const r = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "server/main.ts"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: hubProcessEnv({ ...process.env, NODE_ENV: "production" }),
});
process.exit(r.status ?? 1);
