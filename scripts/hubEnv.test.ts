import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startHubProcess } from "../server/testing/hubProcess.ts";
import { hubProcessEnv } from "./hubEnv.mjs";

describe("the hub process's environment", () => {
  it("caps glibc's malloc arenas at two unless the environment says otherwise, and keeps the rest", () => {
    expect(hubProcessEnv({ PORT: "1" })).toEqual({ MALLOC_ARENA_MAX: "2", PORT: "1" });
    expect(hubProcessEnv({ MALLOC_ARENA_MAX: "8" }).MALLOC_ARENA_MAX).toBe("8");
  });

  it("is the environment a started hub runs with", { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "aergo-hub-env-"));
    const hub = await startHubProcess({ port: 3452, dataDir, env: {}, startTimeoutMs: 110_000 });
    try {
      const environ = readFileSync(`/proc/${hub.pid}/environ`, "utf8").split("\0");
      expect(environ).toContain("MALLOC_ARENA_MAX=2");
    } finally {
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
