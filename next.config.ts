import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The hub's own custom server (server/main.ts) hosts the engine; Next only renders pages.
  serverExternalPackages: ["lmdb", "@electric-sql/pglite", "postgres", "secp256k1"],
  typedRoutes: false,
  turbopack: {
    rules: {
      // The browser's AergoSQL engine (components/editor/engineWorker.ts) bundles sqlite-wasm;
      // its unused Worker1 file cannot be bundled (see the loader for why).
      "sqlite3-worker1.mjs": { loaders: ["./components/editor/sqliteWorker1Stub.cjs"], as: "*.js" },
    },
  },
};

export default nextConfig;
