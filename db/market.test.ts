/** The marketplace in the index: rows from the market account's receipt events, browse/sort/filter, versions, reviews, a publisher's dashboard. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { marketPayload, type MarketPayloadInput } from "../chain/market/payload.ts";
import { MARKET_ACCOUNT } from "../chain/market/records.ts";
import { aergo, createTestChain, devKeyPair } from "../chain/testing/testChain.ts";
import type { IndexDb } from "./client.ts";
import { createIndexer, type Indexer } from "./indexer.ts";
import { listMarket, listMarketReviews, listMarketTags, listPackageVersions, listPurchasesOf, publisherDashboard, recordInstall } from "./queries/market.ts";
import { testBackends, type TestBackend } from "./testing/backends.ts";
import { truncateIndex } from "./writeBlocks.ts";

const REPO = "aergo/main";
const pub = devKeyPair("index-market-pub");
const pub2 = devKeyPair("index-market-pub2");
const buyer = devKeyPair("index-market-buyer");
const buyer2 = devKeyPair("index-market-buyer2");

const listing = (pkg: string, version: string, price: bigint, tags: string[], title = pkg): MarketPayloadInput => ({
  op: "publish",
  package: pkg,
  version,
  title,
  description: `The ${pkg} template`,
  license: "MIT",
  tags,
  price: price.toString(),
  repo: "pat/templates",
  files: [{ path: `${pkg}.sql`, content: `CONTRACT ${pkg.replaceAll("-", "_")};\n-- ${version}\n` }],
});

describe.each(await testBackends())("the marketplace in the index on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  let chain: Awaited<ReturnType<typeof createTestChain>>;
  let indexer: Indexer;
  const send = (key: typeof pub, op: MarketPayloadInput, amount = 0n) =>
    chain.node.submitTx(chain.tx(key, "market", { to: MARKET_ACCOUNT, amount, payload: JSON.parse(new TextDecoder().decode(marketPayload(op))) }).bytes);

  beforeAll(async () => {
    index = await backend.open();
    chain = await createTestChain();
    for (const k of [pub, pub2, buyer, buyer2]) await chain.fund(k.address, 50n);
    chain.next();
    await send(pub, listing("escrow", "1.0.0", aergo(5), ["escrow", "payments"], "Escrow"));
    await send(pub, listing("token", "0.1.0", 0n, ["token"], "Simple token"));
    await send(pub2, listing("voting", "2.0.0", aergo(1), ["governance"], "Voting 100% on-chain"));
    chain.next();
    await send(buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5));
    await send(buyer2, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5));
    await send(buyer, { op: "buy", package: "token", version: "0.1.0" });
    await send(buyer, { op: "review", package: "escrow", version: "1.0.0", rating: 5, text: "Solid." });
    await send(buyer2, { op: "review", package: "escrow", version: "1.0.0", rating: 4, text: "Good." });
    await send(pub, listing("escrow", "1.1.0", aergo(6), ["escrow", "payments"], "Escrow"));
    chain.next();
    await send(buyer2, { op: "review", package: "escrow", version: "1.0.0", rating: 3, text: "Meh after all." });
    await send(pub, { op: "unsafe", package: "escrow", version: "1.0.0", reason: "double release" });
    chain.next();
    indexer = createIndexer({ index, chain: chain.node, repo: REPO });
    await indexer.start();
    await indexer.whenIndexed(chain.node.headHeight());
  }, 120_000);

  afterAll(async () => {
    await indexer?.stop();
    await chain?.node.close();
    await index?.close();
    await backend.dispose();
  });

  it("shows one card per package (its newest version) with the package's counts, filtered and sorted", async () => {
    const all = await listMarket(index.db, { repo: REPO });
    expect(all.total).toBe(3);
    const escrow = all.cards.find((c) => c.package === "escrow")!;
    expect(escrow).toMatchObject({ version: "1.1.0", priceAer: aergo(6).toString(), sales: 2, reviews: 2, rating: 4, unsafeReason: null, tags: ["escrow", "payments"] });
    expect((await listMarket(index.db, { repo: REPO, price: "free" })).cards.map((c) => c.package)).toEqual(["token"]);
    expect((await listMarket(index.db, { repo: REPO, price: "paid", sort: "price" })).cards.map((c) => c.package)).toEqual(["voting", "escrow"]);
    expect((await listMarket(index.db, { repo: REPO, tag: "governance" })).cards.map((c) => c.package)).toEqual(["voting"]);
    expect((await listMarket(index.db, { repo: REPO, q: "100%" })).cards.map((c) => c.package)).toEqual(["voting"]);
    expect((await listMarket(index.db, { repo: REPO, q: "_" })).cards).toEqual([]); // a literal underscore, not a wildcard
    expect((await listMarket(index.db, { repo: REPO, sort: "sales" })).cards.map((c) => c.package)).toEqual(["escrow", "token", "voting"]);
    expect((await listMarket(index.db, { repo: REPO, sort: "rating" })).cards[0]!.package).toBe("escrow");
    await recordInstall(index.db, { package: "voting", version: "2.0.0", buyer: buyer.address, targetRepo: "bo/ledger", targetBranch: "main", folder: "market/voting", installedAt: 1 });
    await recordInstall(index.db, { package: "voting", version: "2.0.0", buyer: buyer.address, targetRepo: "bo/ledger", targetBranch: "main", folder: "market/voting", installedAt: 2 });
    const byInstalls = await listMarket(index.db, { repo: REPO, sort: "installs" });
    expect(byInstalls.cards[0]).toMatchObject({ package: "voting", installs: 1 }); // the same target twice counts once
    expect(await listMarketTags(index.db, REPO)).toEqual(expect.arrayContaining([{ tag: "escrow", packages: 1 }, { tag: "token", packages: 1 }]));
    expect(await listMarket(index.db, { repo: REPO, sort: "nonsense" as "new" })).toEqual({ cards: [], total: 0 });
  });

  it("lists versions with their own counts and unsafe marks, reviews as last edited, purchases per buyer", async () => {
    const versions = await listPackageVersions(index.db, REPO, "escrow");
    expect(versions.map((v) => v.version)).toEqual(["1.1.0", "1.0.0"]);
    expect(versions[1]).toMatchObject({ sales: 2, reviews: 2, rating: 4, unsafeReason: "double release" });
    expect(versions[0]).toMatchObject({ sales: 0, reviews: 0, rating: null, unsafeReason: null });
    const reviews = await listMarketReviews(index.db, REPO, "escrow");
    expect(reviews.find((r) => r.buyer === buyer2.address)).toMatchObject({ rating: 3, text: "Meh after all.", edited: true });
    expect(reviews.find((r) => r.buyer === buyer.address)).toMatchObject({ rating: 5, edited: false });
    expect((await listPurchasesOf(index.db, REPO, buyer.address)).map((p) => p.package).sort()).toEqual(["escrow", "token"]);
    expect(await listPackageVersions(index.db, REPO, "Nope!")).toEqual([]);
  });

  it("gives the publisher their sales, the payouts after the hub fee and revenue by day; a reindex rebuilds it", async () => {
    const d = await publisherDashboard(index.db, REPO, pub.address);
    expect(d.listings.map((l) => [l.package, l.versions]).sort()).toEqual([["escrow", 2], ["token", 1]]);
    expect(d.totals.sales).toBe(3);
    const gross = aergo(10);
    const fees = (aergo(5) * 200n) / 10_000n * 2n;
    expect(d.totals).toMatchObject({ grossAer: gross.toString(), feesAer: fees.toString(), revenueAer: (gross - fees).toString() });
    expect(d.revenueByDay.reduce((n, x) => n + BigInt(x.revenueAer), 0n)).toBe(gross - fees);
    expect(d.sales[0]!.txHash).toMatch(/^[1-9A-HJ-NP-Za-km-z]+$/);
    // The index is derived: truncating and reindexing gives the same dashboard; installs (the hub's record) stay.
    const before = await listMarket(index.db, { repo: REPO, sort: "installs" });
    await indexer.stop();
    await truncateIndex(index.db, REPO);
    indexer = createIndexer({ index, chain: chain.node, repo: REPO });
    await indexer.start();
    await indexer.whenIndexed(chain.node.headHeight());
    expect(await publisherDashboard(index.db, REPO, pub.address)).toEqual(d);
    expect(await listMarket(index.db, { repo: REPO, sort: "installs" })).toEqual(before);
  });
});
