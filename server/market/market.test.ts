/**
 * The marketplace through a real hub process: publish (only from a repository one administers),
 * buy with a signed transaction, install into a private repository, review, mark unsafe; every
 * refusal a clear 4xx that changes nothing and moves no money. tRPC and REST.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aergo } from "../../chain/testing/testChain.ts";
import { devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import { toHex } from "../../chain/crypto/hash.ts";
import { marketPayload, type MarketPayloadInput } from "../../chain/market/payload.ts";
import { MARKET_ACCOUNT, TREASURY_ACCOUNT } from "../../chain/market/records.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../../chain/types.ts";
import { REPO_ROOT, startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { createRepo, signInWithKey, trpcMutation, trpcQuery, type Person } from "../testing/people.ts";

const PORT = 3276;
const ESCROW = readFileSync(path.join(REPO_ROOT, "examples/contracts/escrow.sql"), "utf8");

let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;
let pat: Person;
let bo: Person;
let zed: Person;

const publish = (over: Partial<Extract<MarketPayloadInput, { op: "publish" }>> = {}): MarketPayloadInput => ({
  op: "publish",
  package: "escrow",
  version: "1.0.0",
  title: "Escrow",
  description: "Holds a deal until both sides agree.",
  readme: "# Escrow\n\nDeploy it with the seller's address.",
  license: "MIT",
  tags: ["escrow", "payments"],
  price: aergo(5).toString(),
  repo: "pat/escrow",
  files: [{ path: "escrow.sql", content: ESCROW }],
  ...over,
});

async function rest(pathAndQuery: string, who: Person | null, body?: unknown, repo?: string) {
  const headers: Record<string, string> = { ...(who ? { authorization: `Bearer ${who.token}` } : {}), ...(repo ? { "x-aergo-repo": repo } : {}) };
  const a = await hub.request(pathAndQuery, body === undefined ? { headers } : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });
  return { status: a.status, text: a.text, json: a.json as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function marketTx(key: KeyPair, op: MarketPayloadInput | Record<string, unknown>, amount = 0n): Promise<string> {
  const state = (await rest(`/v1/getState?account=${key.address}`, null)).json as { nonce: number };
  const payload = "op" in op && typeof op.op === "string" && ["publish", "buy", "review", "unsafe"].includes(op.op) ? safePayload(op) : new TextEncoder().encode(JSON.stringify(op));
  return toHex(buildTx({ type: "market", key, chainIdHash: info.chainIdHash, nonce: state.nonce + 1, to: MARKET_ACCOUNT, amount, gasPrice: BigInt(info.minGasPrice.aer), payload }).bytes);
}
// Bad payloads must reach the hub as they are (the CLI and browser check first; the chain must too).
function safePayload(op: Record<string, unknown>): Uint8Array {
  try {
    return marketPayload(op as MarketPayloadInput);
  } catch {
    return new TextEncoder().encode(JSON.stringify(op));
  }
}

const send = (who: Person, tx: string) => trpcMutation(hub, "transactions.send", { tx }, who);
const balance = async (address: string) => BigInt(((await rest(`/v1/getBalance?account=${address}`, null)).json as { balance: { aer: string } }).balance.aer);
const files = async (who: Person, repo: string) => ((await trpcQuery(hub, "sources.list", { repo }, who)).data as { path: string; version: number }[]).map((f) => `${f.path}@${f.version}`);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-market-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "250" } });
  pat = await signInWithKey(hub, devKeyPair("market-pat"), "pat");
  bo = await signInWithKey(hub, devKeyPair("market-bo"), "bo");
  zed = await signInWithKey(hub, devKeyPair("market-zed"), "zed");
  expect((await createRepo(hub, pat, "escrow", "public")).error).toBeNull();
  expect((await createRepo(hub, bo, "ledger", "private")).error).toBeNull();
  info = (await rest("/v1/getChainInfo", null)).json as unknown as ChainInfoJSON;
  for (const p of [pat, bo, zed]) {
    const dripped = await rest("/v1/faucet", null, { address: p.key.address, amount: "100" });
    expect(dripped.status, dripped.text).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the marketplace through the hub", () => {
  it("lists only from a repository the signer administers; the listing reads back with sources and ABI", async () => {
    const stranger = await send(bo, await marketTx(bo.key, publish({ package: "escrow-copy" })));
    expect(stranger.status, stranger.text).toBe(403);
    expect(stranger.error?.message).toMatch(/admins and owners of pat\/escrow/);
    const missing = await send(bo, await marketTx(bo.key, publish({ package: "escrow-copy", repo: "nobody/nothing" })));
    expect(missing.status).toBe(404);
    const ok = await send(pat, await marketTx(pat.key, publish()));
    expect(ok.status, ok.text).toBe(200);
    const listing = await trpcQuery(hub, "market.listing", { package: "escrow" }, null);
    expect(listing.status, listing.text).toBe(200);
    const d = listing.data as { listing: { version: string; price: { aergo: string }; publisher: string }; files: { path: string }[]; abi: { functions: { name: string }[] } | null; params: { hubFeeBps: number } };
    expect(d.listing).toMatchObject({ version: "1.0.0", price: { aergo: "5" }, publisher: pat.key.address });
    expect(d.files.map((f) => f.path)).toEqual(["escrow.sql"]);
    expect(JSON.stringify(d.abi)).toContain("release");
    expect(d.params.hubFeeBps).toBe(200);
    // The shelf reads the index: the listing shows once its block is indexed.
    await waitUntil("the listing is indexed", async () => {
      const shelf = await trpcQuery(hub, "market.list", { q: "escrow" }, null);
      return (shelf.data as { cards: { package: string }[] }).cards.some((c) => c.package === "escrow") ? true : undefined;
    });
    const viaRest = await rest("/v1/getMarketListings?tag=payments&sort=new", null);
    expect(viaRest.status).toBe(200);
    expect((viaRest.json as unknown as { cards: { package: string }[] }).cards.map((c) => c.package)).toEqual(["escrow"]);
    expect((await rest("/v1/getMarketListing?package=escrow&version=1.0.0", null)).status).toBe(200);
    expect((await rest("/v1/getMarketListing?package=Bad!", null)).status).toBe(400);
    expect((await rest("/v1/getMarketListing?package=nothing-here", null)).status).toBe(404);
  });

  it("refuses installing before buying and reviewing without a purchase; buying pays the publisher and the treasury", async () => {
    const filesBefore = await files(bo, "bo/ledger");
    const early = await trpcMutation(hub, "market.install", { repo: "bo/ledger", package: "escrow", version: "1.0.0" }, bo);
    expect(early.status, early.text).toBe(403);
    expect(early.error?.data?.domainCode).toBe("NOT_PURCHASED");
    const review = await send(bo, await marketTx(bo.key, { op: "review", package: "escrow", version: "1.0.0", rating: 5 }));
    expect(review.status).toBe(403);
    const short = await send(bo, await marketTx(bo.key, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(4)));
    expect(short.status).toBe(400);
    expect(short.error?.message).toMatch(/costs 5 AERGO/);
    expect(await files(bo, "bo/ledger")).toEqual(filesBefore);

    const [patBefore, boBefore, treasuryBefore] = await Promise.all([balance(pat.key.address), balance(bo.key.address), balance(TREASURY_ACCOUNT)]);
    const bought = await send(bo, await marketTx(bo.key, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)));
    expect(bought.status, bought.text).toBe(200);
    const receipt = bought.data as ReceiptJSON;
    expect(receipt.events.map((e) => e.name)).toEqual(["Purchased"]);
    const fee = aergo(5) / 50n;
    expect(await balance(pat.key.address)).toBe(patBefore + aergo(5) - fee);
    expect(await balance(TREASURY_ACCOUNT)).toBe(treasuryBefore + fee);
    expect(await balance(bo.key.address)).toBe(boBefore - aergo(5) - BigInt(receipt.fee.aer));
    // Buying twice is refused and moves nothing.
    const twice = await send(bo, await marketTx(bo.key, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)));
    expect(twice.status).toBe(409);
    expect(twice.error?.data?.domainCode).toBe("ALREADY_PURCHASED");
    expect(await balance(pat.key.address)).toBe(patBefore + aergo(5) - fee);
    const purchase = await rest(`/v1/getMarketPurchase?package=escrow&version=1.0.0&buyer=${bo.key.address}`, null);
    expect(purchase.json).toMatchObject({ buyer: bo.key.address, price: { aergo: "5" } });
    const mine = await trpcQuery(hub, "market.mine", { package: "escrow", version: "1.0.0" }, bo);
    expect(mine.data).toMatchObject({ publisher: false, purchase: { txHash: receipt.txHash }, review: null });
  });

  it("installs the bought version into a private repository byte for byte, once; outsiders and readers cannot", async () => {
    const outsider = await trpcMutation(hub, "market.install", { repo: "bo/ledger", package: "escrow", version: "1.0.0" }, zed);
    expect(outsider.status).toBe(404);
    const viaRest = await rest("/v1/installMarketListing", bo, { package: "escrow", version: "1.0.0" }, "bo/ledger");
    expect(viaRest.status, viaRest.text).toBe(200);
    expect(viaRest.json).toMatchObject({ folder: "market/escrow", mainFile: "market/escrow/escrow.sql", written: 1 });
    const file = await trpcQuery(hub, "sources.get", { repo: "bo/ledger", path: "market/escrow/escrow.sql" }, bo);
    expect((file.data as { content: string }).content).toBe(ESCROW);
    const again = await trpcMutation(hub, "market.install", { repo: "bo/ledger", package: "escrow", version: "1.0.0" }, bo);
    expect(again.data).toMatchObject({ written: 0 });
    // An edited install is not overwritten without asking.
    const edited = await trpcMutation(hub, "sources.save", { repo: "bo/ledger", path: "market/escrow/escrow.sql", content: ESCROW + "-- mine\n", baseVersion: 1 }, bo);
    expect(edited.status).toBe(200);
    const conflict = await trpcMutation(hub, "market.install", { repo: "bo/ledger", package: "escrow", version: "1.0.0" }, bo);
    expect(conflict.status).toBe(409);
    const replaced = await trpcMutation(hub, "market.install", { repo: "bo/ledger", package: "escrow", version: "1.0.0", replace: true }, bo);
    expect(replaced.data).toMatchObject({ written: 1 });
    const installs = await trpcQuery(hub, "market.installs", { repo: "bo/ledger" }, bo);
    expect(installs.data).toEqual([expect.objectContaining({ package: "escrow", version: "1.0.0", targetRepo: "bo/ledger", folder: "market/escrow" })]);
  });

  it("takes the buyer's review, shows the sale on the publisher's dashboard, and refuses installs of a version marked unsafe", async () => {
    const reviewed = await send(bo, await marketTx(bo.key, { op: "review", package: "escrow", version: "1.0.0", rating: 4, text: "Does what it says." }));
    expect(reviewed.status, reviewed.text).toBe(200);
    const dashboard = await waitUntil("the sale is indexed", async () => {
      const d = (await trpcQuery(hub, "market.dashboard", undefined, pat)).data as { totals: { sales: number; revenueAer: string }; sales: { buyer: string }[] };
      return d.totals.sales === 1 ? d : undefined;
    });
    expect(dashboard.totals.revenueAer).toBe((aergo(5) - aergo(5) / 50n).toString());
    expect(dashboard.sales[0]!.buyer).toBe(bo.key.address);
    await waitUntil("the review is indexed", async () => {
      const r = (await trpcQuery(hub, "market.reviews", { package: "escrow" }, null)).data as { rating: number }[];
      return r.length === 1 && r[0]!.rating === 4 ? true : undefined;
    });
    const stranger = await send(zed, await marketTx(zed.key, { op: "unsafe", package: "escrow", version: "1.0.0", reason: "spite" }));
    expect(stranger.status).toBe(403);
    const marked = await send(pat, await marketTx(pat.key, { op: "unsafe", package: "escrow", version: "1.0.0", reason: "release() pays twice" }));
    expect(marked.status, marked.text).toBe(200);
    const before = await files(bo, "bo/ledger");
    const refused = await trpcMutation(hub, "market.install", { repo: "bo/ledger", package: "escrow", version: "1.0.0", replace: true }, bo);
    expect(refused.status).toBe(409);
    expect(refused.error?.message).toMatch(/unsafe.*release\(\) pays twice/);
    expect(await files(bo, "bo/ledger")).toEqual(before);
    const buyUnsafe = await send(zed, await marketTx(zed.key, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)));
    expect(buyUnsafe.error?.data?.domainCode).toBe("UNSAFE_VERSION");
    const bad = await send(zed, await marketTx(zed.key, { op: "publish", package: "x" }));
    expect(bad.status).toBe(400);
    expect(bad.error?.data?.domainCode).toBe("INVALID_PAYLOAD");
  });
});
