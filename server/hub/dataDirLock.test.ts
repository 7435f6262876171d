/**
 * One data folder, one hub: a second hub on the same DATA_DIR would seal its own blocks into the
 * same chain store (two forks under one `main`) and open the same PGlite folder, which PGlite
 * does not lock. The second hub must refuse to start and leave the first one untouched.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SealedBlock } from "../../chain/node/types.ts";
import type { ChainInfoJSON } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";

const FIRST_PORT = 3196;
const SECOND_PORT = 3197;

describe("a second hub on a data folder already in use", () => {
  let dataDir: string;
  const hubs: HubProcess[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "aergo-lock-"));
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses to start, naming the process that holds the folder, and the first hub's chain stays one chain", { timeout: 60_000 }, async () => {
    const first = await startHubProcess({ port: FIRST_PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "200" } });
    hubs.push(first);

    const second = startHubProcess({ port: SECOND_PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "200" } }).then((hub) => {
      hubs.push(hub);
      return hub;
    });
    await expect(second).rejects.toThrow(new RegExp(`exited before it was ready[\\s\\S]*${first.pid}`));

    // The first hub's blocks still link one to the next: nobody else sealed into its store, up to
    // a few blocks after the second one gave up (waited for, however slow this machine is).
    const heightNow = async () => ((await first.request("/v1/getChainInfo")).json as ChainInfoJSON).height;
    const gaveUpAt = await heightNow();
    await waitUntil("three more blocks from the first hub", async () => ((await heightNow()) >= gaveUpAt + 3 ? true : undefined));
    const info = (await first.request("/v1/getChainInfo")).json as ChainInfoJSON;
    let child = ((await first.request(`/v1/getBlock?number=${info.height}`)).json as SealedBlock).block;
    for (let h = info.height - 1; h >= Math.max(0, info.height - 10); h--) {
      const parent = ((await first.request(`/v1/getBlock?number=${h}`)).json as SealedBlock).block;
      expect(child.prevHash, `block ${child.height} does not extend block ${h}`).toBe(parent.hash);
      child = parent;
    }
  });
});
