/**
 * names.ofAddresses through createCaller on a real in-process hub: the names of several addresses
 * in one read (a transaction page's from and to), each confirmed on the chain, so a name moved to
 * another address leaves the first at once, whatever the index still holds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex, utf8Bytes } from "../../../chain/crypto/hash.ts";
import { createKeyPair, devKeyPair } from "../../../chain/crypto/keys.ts";
import { NAME_ACCOUNT } from "../../../chain/names/names.ts";
import { buildTx } from "../../../chain/tx/buildTx.ts";
import type { HubConfig } from "../../config.ts";
import { createHub } from "../../hub/createHub.ts";
import type { Hub } from "../../hub/types.ts";
import { waitUntil } from "../../testing/hubProcess.ts";
import { createCaller } from "../root.ts";
import { createTrpcContext } from "../trpc.ts";
import { NAMES_LOOKUP_ADDRESSES } from "./names.ts";

const dev1 = devKeyPair("dev-1");
let dataDir: string;
let hub: Hub;
let caller: ReturnType<typeof createCaller>;

/** Sends a name transaction from dev-1 and waits for its block. */
async function sendName(payload: unknown, amount: bigint): Promise<void> {
  const nonce = hub.node.getAccount(dev1.address).nonce + 1;
  const tx = buildTx({ type: "name", key: dev1, chainIdHash: hub.node.chainIdHash, nonce, to: NAME_ACCOUNT, amount, gasPrice: hub.node.genesis.minGasPrice, payload: utf8Bytes(JSON.stringify(payload)) });
  const receipt = await caller.transactions.send({ tx: toHex(tx.bytes), wait: "block" });
  expect(receipt.status, JSON.stringify(receipt.error)).toBe("success");
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-names-router-"));
  const config: HubConfig = { port: 0, host: "127.0.0.1", dataDir, databaseUrl: undefined, web: false, dev: false, blockIntervalMs: 200, devNetwork: true, publicUrl: undefined, trustedProxies: [] };
  hub = await createHub(config, () => {});
  caller = createCaller(createTrpcContext(hub));
  await waitUntil("dev-1 to be funded", () => (hub.node.getAccount(dev1.address).balance.aer !== "0" ? true : undefined));
});

afterAll(async () => {
  await hub?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("names.ofAddresses", () => {
  it("answers the names of several addresses in one read, [] for an address no name resolves to", async () => {
    const shop = createKeyPair().address;
    const nobody = createKeyPair().address;
    const price = BigInt((await caller.names.price({})).price.aer);
    await sendName({ op: "register", name: "router.shop", destination: shop }, price);
    await sendName({ op: "register", name: "router.dev1" }, price);
    await waitUntil("both names are indexed", async () => ((await caller.names.ofAddress({ address: shop })).length > 0 && (await caller.names.ofAddress({ address: dev1.address })).length > 0 ? true : undefined));

    const found = await caller.names.ofAddresses({ addresses: [dev1.address, shop, nobody, shop] });
    expect(found).toEqual({ [dev1.address]: ["router.dev1"], [shop]: ["router.shop"], [nobody]: [] });
  });

  it("drops a name from an address as soon as the chain moves it elsewhere", async () => {
    const first = createKeyPair().address;
    const second = createKeyPair().address;
    const price = BigInt((await caller.names.price({})).price.aer);
    await sendName({ op: "register", name: "router.moves", destination: first }, price);
    await waitUntil("the name is indexed", async () => ((await caller.names.ofAddress({ address: first })).includes("router.moves") ? true : undefined));
    await sendName({ op: "update", name: "router.moves", owner: dev1.address, destination: second }, 0n);
    // The chain is read at its latest state, so the old destination loses the name whether or not the index caught up.
    expect((await caller.names.ofAddresses({ addresses: [first] }))[first]).toEqual([]);
    await waitUntil("the move is indexed", async () => ((await caller.names.ofAddresses({ addresses: [second] }))[second]?.includes("router.moves") ? true : undefined));
  });

  it("refuses no addresses, more than a page's worth, and text that is not an address", async () => {
    await expect(caller.names.ofAddresses({ addresses: [] })).rejects.toThrow();
    const many = Array.from({ length: NAMES_LOOKUP_ADDRESSES + 1 }, () => dev1.address);
    await expect(caller.names.ofAddresses({ addresses: many })).rejects.toThrow();
    await expect(caller.names.ofAddresses({ addresses: ["router.shop"] })).rejects.toThrow(/Aergo address/);
  });
});
