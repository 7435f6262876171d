import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";
import { DEFAULT_HUB_FEE_BPS, HUB_FEE_PARAM, readHubFeeBps, splitPrice } from "./hubFee.ts";
import { marketPayload, sourceHashOf, type MarketPayloadInput } from "./payload.ts";
import { MARKET_ACCOUNT, TREASURY_ACCOUNT } from "./records.ts";
import { compareSemver, parseSemver } from "./semver.ts";

const pub = devKeyPair("market-publisher");
const buyer = devKeyPair("market-buyer");
const other = devKeyPair("market-other");
type Chain = Awaited<ReturnType<typeof createTestChain>>;

const ESCROW = "CONTRACT escrow (seller ADDRESS);\nCREATE TABLE deals (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL);\n";
const files = [{ path: "contracts/escrow.sql", content: ESCROW }];
const publishOp = (over: Partial<Extract<MarketPayloadInput, { op: "publish" }>> = {}): MarketPayloadInput => ({
  op: "publish",
  package: "escrow",
  version: "1.0.0",
  title: "Escrow",
  description: "Holds a deal's amount until both sides agree.",
  readme: "# Escrow\n\nDeploy with the seller's address.",
  license: "MIT",
  tags: ["escrow", "payments"],
  price: aergo(5).toString(),
  repo: "pat/escrow",
  files,
  ...over,
});

const send = (chain: Chain, key: typeof pub, op: MarketPayloadInput, amount = 0n, to = MARKET_ACCOUNT) =>
  chain.node.submitTx(chain.tx(key, "market", { to, amount, payload: JSON.parse(new TextDecoder().decode(marketPayload(op))) }).bytes);
const sendRaw = (chain: Chain, key: typeof pub, payload: unknown, amount = 0n) => chain.node.submitTx(chain.tx(key, "market", { to: MARKET_ACCOUNT, amount, payload }).bytes);

async function market() {
  const chain = await createTestChain();
  for (const k of [pub, buyer, other]) await chain.fund(k.address, 20n);
  chain.next();
  return chain;
}

/** Balances and nonces of everyone a market transaction could touch, and the market's records. */
function snapshot(chain: Chain) {
  const m = chain.node.marketAt();
  const acct = (a: string) => chain.node.getAccount(a).balance.aer + "/" + chain.node.getAccount(a).nonce;
  return {
    accounts: [pub.address, buyer.address, other.address, TREASURY_ACCOUNT, MARKET_ACCOUNT].map(acct),
    listing: m.listing("escrow", "1.0.0"),
    purchase: m.purchase("escrow", "1.0.0", buyer.address),
    review: m.review("escrow", "1.0.0", other.address),
  };
}

describe("semver", () => {
  it("orders releases above their pre-releases, numerically", () => {
    const order = ["0.9.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "1.0.1", "1.10.0", "2.0.0"];
    for (let i = 1; i < order.length; i++) expect(compareSemver(parseSemver(order[i - 1]!)!, parseSemver(order[i]!)!)).toBeLessThan(0);
    for (const bad of ["1.0", "01.0.0", "1.0.0+build", "v1.0.0", "1.0.0-", ""]) expect(parseSemver(bad)).toBeNull();
  });
});

describe("market transactions", () => {
  it("publishes a version pinned by its source hash; a purchase pays the publisher and the treasury in the same block", async () => {
    const chain = await market();
    expect((await send(chain, pub, publishOp())).status).toBe("success");
    const h = chain.next()!.block.height;
    const listing = chain.node.marketAt({ height: h }).listing("escrow", "1.0.0")!;
    expect(listing).toMatchObject({ publisher: pub.address, price: { aergo: "5" }, sourceHash: sourceHashOf(files), mainFile: "contracts/escrow.sql", publishedAt: h, unsafe: null, repo: "pat/escrow" });
    expect(chain.node.marketAt({ height: h }).bundle(listing.sourceHash)).toEqual(files);
    expect(chain.node.marketAt({ height: h - 1 }).listing("escrow", "1.0.0")).toBeNull();

    const pubBefore = BigInt(chain.node.getAccount(pub.address).balance.aer);
    const buyerBefore = BigInt(chain.node.getAccount(buyer.address).balance.aer);
    const r = await send(chain, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5));
    expect(r.status).toBe("success");
    const hb = chain.next()!.block.height;
    const { fee, publisher } = splitPrice(aergo(5), DEFAULT_HUB_FEE_BPS);
    expect(fee).toBe(aergo(5) / 50n); // 2%
    expect(BigInt(chain.node.getAccount(pub.address, { height: hb }).balance.aer) - pubBefore).toBe(publisher);
    expect(buyerBefore - BigInt(chain.node.getAccount(buyer.address, { height: hb }).balance.aer)).toBe(aergo(5) + BigInt(r.fee.aer));
    expect(BigInt(chain.node.getAccount(TREASURY_ACCOUNT, { height: hb }).balance.aer)).toBe(fee);
    expect(chain.node.marketAt({ height: hb }).purchase("escrow", "1.0.0", buyer.address)).toMatchObject({ price: { aergo: "5" }, fee: { aer: fee.toString() }, height: hb, txHash: r.txHash });
    expect(chain.node.marketAt({ height: hb - 1 }).purchase("escrow", "1.0.0", buyer.address)).toBeNull();
    expect(chain.node.verifyBlock(hb).status).toBe("verified");
    await chain.node.close();
  });

  it("takes one review per purchase, editable; marks a version unsafe; new versions are new listings", async () => {
    const chain = await market();
    await send(chain, pub, publishOp());
    await send(chain, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5));
    await send(chain, buyer, { op: "review", package: "escrow", version: "1.0.0", rating: 4, text: "Works." });
    const h1 = chain.next()!.block.height;
    await send(chain, buyer, { op: "review", package: "escrow", version: "1.0.0", rating: 2, text: "Found a bug." });
    chain.next();
    expect(chain.node.marketAt().review("escrow", "1.0.0", buyer.address)).toMatchObject({ rating: 2, text: "Found a bug.", createdAt: h1, edits: 1 });
    expect(chain.node.marketAt({ height: h1 }).review("escrow", "1.0.0", buyer.address)).toMatchObject({ rating: 4, edits: 0 });

    await send(chain, pub, { op: "unsafe", package: "escrow", version: "1.0.0", reason: "release() pays twice" });
    await send(chain, pub, publishOp({ version: "1.0.1", files: [{ path: "contracts/escrow.sql", content: ESCROW + "-- fixed\n" }] }));
    chain.next();
    const m = chain.node.marketAt();
    expect(m.listing("escrow", "1.0.0")!.unsafe).toMatchObject({ reason: "release() pays twice" });
    expect(m.listing("escrow", "1.0.1")!.unsafe).toBeNull();
    expect(m.listing("escrow", "1.0.1")!.sourceHash).not.toBe(m.listing("escrow", "1.0.0")!.sourceHash);
    expect(m.package("escrow")).toMatchObject({ publisher: pub.address, latest: "1.0.1", versions: 2 });
    // The buyer of the unsafe version keeps their purchase (they are warned, not robbed).
    expect(m.purchase("escrow", "1.0.0", buyer.address)).not.toBeNull();
    await chain.node.close();
  });

  it("refuses bad input and wrong actors with a clear code, changing nothing and moving no money", async () => {
    const chain = await market();
    await send(chain, pub, publishOp());
    await send(chain, pub, publishOp({ package: "bad-one", version: "0.1.0", price: "0" }));
    await send(chain, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5));
    await send(chain, pub, { op: "unsafe", package: "bad-one", version: "0.1.0", reason: "broken" });
    chain.next();
    const poor = devKeyPair("market-poor");
    await chain.fund(poor.address, 1n);
    chain.next();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => send(chain, other, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(4)), "INVALID_AMOUNT"],
      [() => send(chain, poor, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)), "INSUFFICIENT_BALANCE"],
      [() => send(chain, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)), "ALREADY_PURCHASED"],
      [() => send(chain, pub, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)), "FORBIDDEN"],
      [() => send(chain, other, { op: "buy", package: "escrow", version: "9.9.9" }, aergo(5)), "NOT_FOUND"],
      [() => send(chain, other, { op: "buy", package: "bad-one", version: "0.1.0" }), "UNSAFE_VERSION"],
      [() => send(chain, other, { op: "review", package: "escrow", version: "1.0.0", rating: 5 }), "NOT_PURCHASED"],
      [() => send(chain, other, publishOp({ version: "2.0.0" })), "FORBIDDEN"],
      [() => send(chain, pub, publishOp()), "CONFLICT"],
      [() => send(chain, pub, publishOp({ version: "0.9.0" })), "CONFLICT"],
      [() => send(chain, other, { op: "unsafe", package: "escrow", version: "1.0.0", reason: "spite" }), "FORBIDDEN"],
      [() => send(chain, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5), other.address), "INVALID_ADDRESS"],
      [() => sendRaw(chain, other, { op: "review", package: "escrow", version: "1.0.0", rating: 9 }), "INVALID_PAYLOAD"],
      [() => sendRaw(chain, other, { op: "publish", package: "Escrow!", version: "1.0.0" }), "INVALID_PAYLOAD"],
      [() => sendRaw(chain, other, publishOp({ package: "dashboard" })), "INVALID_PAYLOAD"],
      [() => sendRaw(chain, other, { ...publishOp({ package: "hashed" }), sourceHash: "0".repeat(64) }), "INVALID_PAYLOAD"],
      [() => sendRaw(chain, other, { ...publishOp({ package: "twofiles" }), files: [files[0], files[0]] }), "INVALID_PAYLOAD"],
      [() => sendRaw(chain, other, { ...publishOp({ package: "badpath" }), files: [{ path: "../etc/passwd", content: "x" }] }), "INVALID_PAYLOAD"],
      [() => sendRaw(chain, other, publishOp({ package: "paid-publish" }), aergo(1)), "INVALID_AMOUNT"],
      [() => chain.node.submitTx(chain.tx(other, "market", { to: MARKET_ACCOUNT }).bytes.slice(0, 40)), "MALFORMED_TX"],
    ];
    for (const [run, code] of cases) {
      const before = snapshot(chain);
      await expect(run(), code).rejects.toMatchObject({ code });
      chain.resetNonces();
      expect(snapshot(chain)).toEqual(before);
    }
    // Not JSON at all.
    await expect(chain.node.submitTx(chain.tx(other, "market", { to: MARKET_ACCOUNT, payload: "x" }).bytes)).rejects.toMatchObject({ code: "INVALID_PAYLOAD" });
    chain.resetNonces();
    expect(() => marketPayload({ op: "buy", package: "escrow", version: "one" })).toThrow(/version/);
    await chain.node.close();
  });

  it("charges the hub fee governance voted: a stake-weighted proposal raises it to 5%, and the next purchase pays that", async () => {
    const chain = await market();
    await chain.fund(other.address, 200n);
    chain.next();
    await chain.node.submitTx(chain.tx(other, "stake", { amount: aergo(150) }).bytes);
    await send(chain, pub, publishOp());
    chain.next();
    expect(chain.node.marketAt().params()).toMatchObject({ hubFeeBps: DEFAULT_HUB_FEE_BPS, maxHubFeeBps: 500, treasury: TREASURY_ACCOUNT });
    const proposal = await chain.node.submitTx(chain.tx(other, "govern", { payload: { op: "propose", param: "hubFeeBps", value: "500", description: "5%" } }).bytes);
    await chain.node.submitTx(chain.tx(other, "govern", { payload: { op: "vote", proposal: proposal.txHash, choice: "yes" } }).bytes);
    chain.next();
    const end = chain.node.getProposal(proposal.txHash)!.endHeight;
    while (chain.node.headHeight() < end) chain.next();
    expect(chain.node.marketAt().params().hubFeeBps).toBe(500);
    expect(chain.node.marketAt({ height: end - 1 }).params().hubFeeBps).toBe(DEFAULT_HUB_FEE_BPS);
    const treasuryBefore = BigInt(chain.node.getAccount(TREASURY_ACCOUNT).balance.aer);
    await send(chain, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5));
    expect(chain.node.marketAt().purchase("escrow", "1.0.0", buyer.address)!.fee.aer).toBe((aergo(5) / 20n).toString());
    expect(BigInt(chain.node.getAccount(TREASURY_ACCOUNT).balance.aer) - treasuryBefore).toBe(aergo(5) / 20n);
    expect(HUB_FEE_PARAM).toBe("param:hubFeeBps");
    // Whatever the entry says, no sale pays more than 5%; the fee rounds in the publisher's favour.
    expect(readHubFeeBps(() => new TextEncoder().encode("9000"))).toBe(500);
    expect(splitPrice(3n, 200)).toEqual({ fee: 0n, publisher: 3n });
    await chain.node.close();
  });

  it("survives a restart: sealed and answered market records come back, and the blocks re-execute", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-market-"));
    try {
      const first = await createTestChain({ store: createLmdbStore(dir) });
      for (const k of [pub, buyer]) await first.fund(k.address, 20n);
      await send(first, pub, publishOp());
      first.next();
      await send(first, buyer, { op: "buy", package: "escrow", version: "1.0.0" }, aergo(5)); // answered, not sealed
      await first.node.close();
      const second = await createTestChain({ store: createLmdbStore(dir), startAt: first.now });
      expect(second.node.marketAt().purchase("escrow", "1.0.0", buyer.address)).not.toBeNull();
      const h = second.next()!.block.height;
      expect(second.node.marketAt({ height: h }).purchase("escrow", "1.0.0", buyer.address)?.height).toBe(h);
      expect(second.node.verifyBlock(h).status).toBe("verified");
      expect(second.node.verifyBlock(h - 1).status).toBe("verified");
      await second.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is deterministic and moves no money but prices: twin chains fed random market transactions agree on every outcome and root", async () => {
    const KEYS = [pub, buyer, other];
    const PKGS = ["escrow", "token"];
    const VERSIONS = ["1.0.0", "1.1.0", "0.9.0"];
    const step = fc.record({
      who: fc.nat(2),
      op: fc.constantFrom("publish", "buy", "review", "unsafe"),
      pkg: fc.nat(1),
      ver: fc.nat(2),
      price: fc.constantFrom(0n, 1n, 5n),
      pay: fc.constantFrom(0n, 1n, 5n),
      rating: fc.integer({ min: 0, max: 6 }),
      seal: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const [a, b] = [await market(), await market()];
        const total = (c: Chain) => [...KEYS.map((k) => k.address), TREASURY_ACCOUNT, MARKET_ACCOUNT].reduce((n, addr) => n + BigInt(c.node.getAccount(addr).balance.aer), 0n);
        const start = total(a);
        let fees = 0n;
        for (const s of steps) {
          const pkg = PKGS[s.pkg]!;
          const version = VERSIONS[s.ver]!;
          const payload =
            s.op === "publish"
              ? { ...publishOp({ package: pkg, version, price: aergo(Number(s.price)).toString() }) }
              : s.op === "buy"
                ? { op: "buy", package: pkg, version }
                : s.op === "review"
                  ? { op: "review", package: pkg, version, rating: s.rating, text: "r" }
                  : { op: "unsafe", package: pkg, version, reason: "bad" };
          const outcomes: string[] = [];
          for (const c of [a, b]) {
            try {
              const r = await sendRaw(c, KEYS[s.who]!, payload, s.op === "buy" ? aergo(Number(s.pay)) : 0n);
              outcomes.push(r.status);
              if (c === a) fees += BigInt(r.fee.aer);
            } catch (e) {
              if (!isChainError(e)) throw e;
              c.resetNonces();
              outcomes.push(e.code);
            }
          }
          expect(outcomes[0]).toBe(outcomes[1]);
          if (s.seal) expect(a.next()!.block.stateRoot).toBe(b.next()!.block.stateRoot);
        }
        const last = a.next()!.block;
        expect(last.stateRoot).toBe(b.next()!.block.stateRoot);
        // Prices move between accounts; only gas fees leave them (to the producer).
        expect(total(a)).toBe(start - fees);
        expect(a.node.verifyBlock(last.height).status).toBe("verified");
        await Promise.all([a.node.close(), b.node.close()]);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
