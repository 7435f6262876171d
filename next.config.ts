import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The hub's own custom server (server/main.ts) hosts the engine; Next only renders pages.
  serverExternalPackages: ["lmdb", "@electric-sql/pglite", "postgres"],
  typedRoutes: false,
};

export default nextConfig;
