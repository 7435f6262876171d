/**
 * Names through the doors, over real HTTP against the hub process: a name transaction sent to
 * /v1, then read back by REST getNameInfo, used in place of an address in getBalance/getState
 * (at the height of the read), and by tRPC names.get; refusals are 4xx with the chain's code.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import { NAME_ACCOUNT } from "../../chain/names/names.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, ChainInfoJSON, NameJSON, ReceiptJSON } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { trpcQuery } from "../testing/people.ts";
import { sendTxBody } from "../testing/transfers.ts";

const PORT = 3231;
const dev1 = devKeyPair("dev-1");
const dev2 = devKeyPair("dev-2");
let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;

async function nameTx(key: KeyPair, payload: unknown, amount = AER_PER_AERGO) {
  const nonce = ((await hub.request(`/v1/getState?account=${key.address}`)).json as AccountJSON).nonce + 1;
  const tx = buildTx({ type: "name", key, chainIdHash: info.chainIdHash, nonce, to: NAME_ACCOUNT, amount, gasPrice: BigInt(info.minGasPrice.aer), payload: utf8Bytes(JSON.stringify(payload)) });
  return hub.request("/v1/sendSignedTransaction", { method: "POST", body: sendTxBody(tx, "block"), headers: { "content-type": "application/json" } });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-names-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "200" } });
  info = (await hub.request("/v1/getChainInfo")).json as ChainInfoJSON;
}, 240_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("names over REST and tRPC", () => {
  it("registers a name, answers getNameInfo, and takes the name wherever an account is read", { timeout: 60_000 }, async () => {
    const free = await hub.request("/v1/getNameInfo?name=rest.dev1");
    expect(free.status).toBe(200);
    expect(free.json).toMatchObject({ name: "rest.dev1", owner: null, destination: null });
    const sent = await nameTx(dev1, { op: "register", name: "rest.dev1" });
    expect(sent.status, sent.text).toBe(200);
    const height = (sent.json as ReceiptJSON).blockHeight!;
    const found = (await hub.request(`/v1/getNameInfo?name=rest.dev1&height=${height}`)).json as NameJSON;
    expect(found).toMatchObject({ name: "rest.dev1", owner: dev1.address, destination: dev1.address, registeredAt: height });
    // The same sealed height on both sides: what cannot change while blocks are produced.
    const byName = (await hub.request(`/v1/getBalance?account=rest.dev1&height=${height}`)).json as { address: string; balance: unknown };
    const byAddress = (await hub.request(`/v1/getBalance?account=${dev1.address}&height=${height}`)).json as { address: string; balance: unknown };
    expect(byName).toEqual(byAddress);
    expect(((await hub.request(`/v1/getState?account=rest.dev1&height=${height}`)).json as AccountJSON).address).toBe(dev1.address);
    // Before the registration the name resolves to nothing.
    const earlier = await hub.request(`/v1/getBalance?account=rest.dev1&height=${height - 1}`);
    expect(earlier.status).toBe(404);
    expect((await hub.request("/v1/getNamePrice")).json).toMatchObject({ price: { aergo: "1" }, nameAccount: NAME_ACCOUNT });
    const viaTrpc = await trpcQuery(hub, "names.get", { name: "rest.dev1", height }, null);
    expect(viaTrpc.data).toMatchObject({ owner: dev1.address, destination: dev1.address });
    // Explorer search: a name leads to the page of its address.
    const searched = await trpcQuery(hub, "accounts.search", { q: "rest.dev1" }, null);
    expect(searched.data).toEqual({ kind: "address", id: dev1.address, repo: "aergo/main" });
    expect((await trpcQuery(hub, "accounts.search", { q: "free.name" }, null)).data).toBeNull();
    // Reverse display: the index lists the names of an address once it caught up with the block.
    await waitUntil("the name is indexed", async () => {
      const r = await trpcQuery(hub, "names.ofAddress", { address: dev1.address }, null);
      return (r.data as string[] | undefined)?.includes("rest.dev1") ? true : undefined;
    });
  });

  it("answers bad names, taken names and updates by others with a 4xx and the chain's code", { timeout: 60_000 }, async () => {
    expect((await hub.request("/v1/getNameInfo?name=Bad%20Name")).json).toMatchObject({ error: { code: "INVALID_NAME" } });
    expect((await hub.request("/v1/getBalance?account=no_such_name")).status).toBe(404);
    expect((await hub.request("/v1/getBalance?account=-x-")).json).toMatchObject({ error: { code: "INVALID_ADDRESS" } });
    await nameTx(dev1, { op: "register", name: "rest.taken" });
    const taken = await nameTx(dev2, { op: "register", name: "rest.taken" });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ error: { code: "NAME_TAKEN" } });
    const stolen = await nameTx(dev2, { op: "update", name: "rest.taken", owner: dev2.address }, 0n);
    expect(stolen.status).toBe(403);
    expect((await hub.request("/v1/getNameInfo?name=rest.taken")).json).toMatchObject({ owner: dev1.address });
    const bad = await trpcQuery(hub, "names.get", { name: "UPPER" }, null);
    expect(bad.status).toBe(400);
  });
});
