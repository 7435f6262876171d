import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["{chain,server,db,cli,scripts,components}/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one on these 2-core machines, while
    // most files wait on hubs, blocks and child processes. Every file has its own ports, data
    // folders and databases, so two run side by side.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
