/**
 * `aergo market` against one real hub: three people (pat publishes, bo buys, zed is a stranger),
 * each with their own $AERGO_HOME, key and session. Publish from a repository pat administers,
 * list and show, buy (the money moves in one transaction), install into bo's private repository
 * and to a local folder, review, mark unsafe; every refusal a one-line reason that sends nothing.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../chain/amount.ts";
import { sourceHashOf } from "../chain/market/payload.ts";
import type { ReceiptJSON } from "../chain/types.ts";
import { REPO_ROOT, waitUntil } from "../server/testing/hubProcess.ts";
import { startCliHarness, type CliHarness } from "./testing.ts";

type Person = "pat" | "bo" | "zed" | "anonymous";
type SessionOut = { username: string; address: string };
type Card = { package: string; version: string; priceAer: string; rating: number | null; sales: number; installs: number; unsafeReason: string | null };
type Detail = { listing: { package: string; version: string; publisher: string; price: { aer: string; aergo: string }; sourceHash: string; mainFile: string; unsafe: { reason: string } | null }; files: { path: string; content: string }[]; abi: { procedures: { name: string }[] } | null; params: { hubFeeBps: number } };
type Published = ReceiptJSON & { listing: { package: string; version: string; sourceHash: string; files: string[] } };
type Bought = ReceiptJSON & { purchase: { price: { aer: string }; fee: { aer: string }; publisherShare: { aer: string }; publisher: string } };
type Installed = { repo: string; folder: string; files: string[]; mainFile: string; written: number; sourceHash: string; out?: { dir: string; files: string[]; sourceHash: string } };

const ESCROW = path.join(REPO_ROOT, "examples", "contracts", "escrow.sql");
const PRICE = 5n * AER_PER_AERGO;

let cli: CliHarness;
const homes: Record<Person, string> = { pat: "", bo: "", zed: "", anonymous: "" };
const address: Record<Person, string> = { pat: "", bo: "", zed: "", anonymous: "" };
const as = (who: Person) => ({ AERGO_HOME: homes[who] });
/** The package's sources on disk: escrow.sql and lib/notes.sql under `src`, the --base of publish. */
let src = "";
let sources: { path: string; content: string }[] = [];

const balance = async (who: Person | string) => BigInt(((await cli.hub.request(`/v1/getBalance?account=${who in address ? address[who as Person] : who}`)).json as { balance: { aer: string } }).balance.aer);
const nonce = async (who: Person) => ((await cli.hub.request(`/v1/getState?account=${address[who]}`)).json as { nonce: number }).nonce;
const publishArgs = (over: string[] = []) => ["market", "publish", "--package", "escrow", "--version", "1.0.0", "--repo", "pat/escrow", "--price", "5", "--title", "Escrow", "--description", "Holds a deal until both sides agree.", "--readme", path.join(src, "README.md"), "--tag", "escrow", "--tag", "payments", "--main", path.join(src, "escrow.sql"), "--base", src, ...over];

beforeAll(async () => {
  cli = await startCliHarness({ ports: [3340, 3349], prefix: "aergo-cli-market-" });
  for (const who of Object.keys(homes) as Person[]) homes[who] = path.join(cli.tmp, who);
  src = path.join(cli.tmp, "src");
  sources = [
    { path: "escrow.sql", content: await fs.readFile(ESCROW, "utf8") },
    { path: "lib/notes.sql", content: "-- How to deploy: aergo deploy market/escrow/escrow.sql --from KEY\n" },
  ];
  for (const f of sources) {
    await fs.mkdir(path.dirname(path.join(src, f.path)), { recursive: true });
    await fs.writeFile(path.join(src, f.path), f.content);
  }
  await fs.writeFile(path.join(src, "README.md"), "# Escrow\n\nDeploy it with the seller's address.\n");
  await Promise.all(
    (["pat", "bo", "zed"] as const).map(async (who) => {
      const made = await cli.run(["keys", "new", who], as(who));
      if (made.code !== 0) throw new Error(`aergo keys new ${who}: ${made.stderr}`);
      address[who] = (await cli.runJson<SessionOut>(["login", "--key", who, "--username", who], as(who))).address;
      const dripped = await cli.run(["faucet", who, "100"], as(who));
      if (dripped.code !== 0) throw new Error(`aergo faucet ${who}: ${dripped.stderr}`);
    }),
  );
  await cli.runJson(["repo", "create", "escrow"], as("pat"));
  await cli.runJson(["repo", "create", "ledger", "--private"], as("bo"));
}, 240_000);

afterAll(async () => {
  await cli?.stop();
});

describe("aergo market", () => {
  it("publishes from a repository the signer administers; show and list read it back", { timeout: 120_000 }, async () => {
    const stranger = await cli.runFail([...publishArgs(["--package", "escrow-copy"]), path.join(src, "escrow.sql")], as("zed"));
    expect(stranger.stderr).toMatch(/admins and owners of pat\/escrow.*\(FORBIDDEN\)/);

    const published = await cli.runJson<Published>([...publishArgs(), path.join(src, "escrow.sql"), path.join(src, "lib", "notes.sql")], as("pat"));
    expect(published.status).toBe("success");
    expect(published.listing).toMatchObject({ package: "escrow", version: "1.0.0", sourceHash: sourceHashOf(sources), files: ["escrow.sql", "lib/notes.sql"] });

    const shown = await cli.runJson<Detail>(["market", "show", "escrow@1.0.0"]);
    expect(shown.listing).toMatchObject({ publisher: address.pat, price: { aergo: "5" }, sourceHash: sourceHashOf(sources), mainFile: "escrow.sql", unsafe: null });
    expect(shown.files).toEqual(sources);
    expect(shown.abi?.procedures.map((p) => p.name)).toContain("release");
    const text = await cli.run(["market", "show", "escrow"]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^escrow@1\.0\.0 {2}Escrow {2}\(template\)$/m);
    expect(text.stdout).toMatch(/^price {6}5 AERGO \(publisher 4\.9, hub fee 0\.1 = 2%\)$/m);
    expect(text.stdout).toContain(`source     ${sourceHashOf(sources)}`);
    expect(text.stdout).toContain("Deploy it with the seller's address.");
    expect(text.stdout).toMatch(/procedure release\(/);
    expect(text.stdout).not.toContain("CREATE TABLE deals");
    const withSource = await cli.run(["market", "show", "escrow@1.0.0", "--source"]);
    expect(withSource.stdout).toContain("==> lib/notes.sql <==");
    expect(withSource.stdout).toContain("CREATE TABLE deals");

    // The shelf reads the index, which trails the chain by a block.
    const shelf = await waitUntil("the listing is on the shelf", async () => {
      const s = await cli.runJson<{ cards: Card[] }>(["market", "list", "--q", "escrow"]);
      return s.cards.some((c) => c.package === "escrow") ? s : undefined;
    });
    expect(shelf.cards[0]).toMatchObject({ package: "escrow", version: "1.0.0", priceAer: PRICE.toString(), sales: 0, unsafeReason: null });
    expect((await cli.runJson<{ cards: Card[] }>(["market", "list", "--tag", "payments", "--paid", "--sort", "price"])).cards.map((c) => c.package)).toEqual(["escrow"]);
    expect((await cli.runJson<{ cards: Card[] }>(["market", "list", "--free"])).cards).toEqual([]);
    const table = await cli.run(["market", "list"]);
    expect(table.stdout).toMatch(/^LISTING +TITLE +PRICE \(AERGO\) +RATING +SALES +INSTALLS +TAGS +NOTE$/m);
    expect(table.stdout).toMatch(/^escrow@1\.0\.0 +Escrow +5 +- +0 +0 +escrow,payments$/m);

    // A published version never changes; a version must be newer than the latest.
    const again = await cli.runFail([...publishArgs(), path.join(src, "escrow.sql")], as("pat"));
    expect(again.stderr).toMatch(/\(CONFLICT\)/);
  });

  it("buys at exactly the listed price: the publisher gets it minus 2%, and a second purchase is refused", { timeout: 120_000 }, async () => {
    const early = await cli.runFail(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger"], as("bo"));
    expect(early.stderr).toMatch(/Buy escrow@1\.0\.0 before installing it.*\(NOT_PURCHASED\)/);
    const [patBefore, boBefore, boNonce] = await Promise.all([balance("pat"), balance("bo"), nonce("bo")]);
    const unasked = await cli.runFail(["market", "buy", "escrow@1.0.0"], as("bo"));
    expect(unasked.stderr).toMatch(/Buy escrow@1\.0\.0 for 5 AERGO .*: pass --yes to confirm/);
    expect(await nonce("bo")).toBe(boNonce);
    const bought = await cli.runJson<Bought>(["market", "buy", "escrow@1.0.0", "--yes"], as("bo"));
    expect(bought.status).toBe("success");
    const fee = PRICE / 50n;
    expect(bought.purchase).toMatchObject({ price: { aer: PRICE.toString() }, fee: { aer: fee.toString() }, publisherShare: { aer: (PRICE - fee).toString() }, publisher: address.pat });
    expect(await balance("bo")).toBe(boBefore - PRICE - BigInt(bought.fee.aer));
    expect(await balance("pat")).toBe(patBefore + PRICE - fee);
    const purchase = (await cli.hub.request(`/v1/getMarketPurchase?package=escrow&version=1.0.0&buyer=${address.bo}`)).json;
    expect(purchase).toMatchObject({ buyer: address.bo, txHash: bought.txHash });

    const twice = await cli.runFail(["market", "buy", "escrow@1.0.0", "--yes"], as("bo"));
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^error: You bought escrow@1\.0\.0 already.*\(ALREADY_PURCHASED\)$/m);
    expect(await balance("pat")).toBe(patBefore + PRICE - fee);
    const own = await cli.runFail(["market", "buy", "escrow@1.0.0", "--yes"], as("pat"));
    expect(own.stderr).toMatch(/\(FORBIDDEN\)/);
  });

  it("installs the bought version into a private repository and, checked by its hash, into a local folder", { timeout: 120_000 }, async () => {
    const out = path.join(cli.tmp, "out");
    const installed = await cli.runJson<Installed>(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger", "--out", out], as("bo"));
    expect(installed).toMatchObject({ repo: "bo/ledger", folder: "market/escrow", files: ["market/escrow/escrow.sql", "market/escrow/lib/notes.sql"], mainFile: "market/escrow/escrow.sql", written: 2 });
    expect(installed.out?.sourceHash).toBe(sourceHashOf(sources));
    const local = await Promise.all(sources.map(async (f) => ({ path: f.path, content: await fs.readFile(path.join(out, f.path), "utf8") })));
    expect(sourceHashOf(local)).toBe(installed.sourceHash);

    // Installing again changes nothing; a file edited here is not overwritten without --replace.
    expect((await cli.runJson<Installed>(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger"], as("bo"))).written).toBe(0);
    await fs.appendFile(path.join(out, "escrow.sql"), "-- mine\n");
    const edited = await cli.runFail(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger", "--out", out], as("bo"));
    expect(edited.stderr).toMatch(/escrow\.sql exists and differs from escrow@1\.0\.0; pass --replace/);
    const replaced = await cli.runJson<Installed>(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger", "--out", out, "--replace"], as("bo"));
    expect(replaced.written).toBe(0);
    expect(await fs.readFile(path.join(out, "escrow.sql"), "utf8")).toBe(sources[0]!.content);

    // Someone who is not in the private repository is told it does not exist.
    const outsider = await cli.runFail(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger"], as("zed"));
    expect(outsider.stderr).toMatch(/\(NOT_FOUND\)/);
    const text = await cli.run(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger"], as("bo"));
    expect(text.stdout).toMatch(/^Installed escrow@1\.0\.0 into bo\/ledger \(branch main\): market\/escrow\/$/m);
  });

  it("takes the buyer's review; after the publisher marks the version unsafe, installs and purchases are refused", { timeout: 120_000 }, async () => {
    const notBought = await cli.runFail(["market", "review", "escrow@1.0.0", "--rating", "5"], as("zed"));
    expect(notBought.stderr).toMatch(/Only buyers of escrow@1\.0\.0 can review it.*\(NOT_PURCHASED\)/);
    const reviewed = await cli.runJson<ReceiptJSON>(["market", "review", "escrow@1.0.0", "--rating", "4", "--text", "Does what it says."], as("bo"));
    expect(reviewed.status).toBe("success");
    await waitUntil("the review is on the shelf", async () => {
      const s = await cli.runJson<{ cards: Card[] }>(["market", "list", "--q", "escrow"]);
      return s.cards[0]?.rating === 4 && s.cards[0].sales === 1 ? true : undefined;
    });

    const stranger = await cli.runFail(["market", "unsafe", "escrow@1.0.0", "--reason", "spite"], as("zed"));
    expect(stranger.stderr).toMatch(/\(FORBIDDEN\)/);
    const marked = await cli.runJson<ReceiptJSON>(["market", "unsafe", "escrow@1.0.0", "--reason", "release() pays twice"], as("pat"));
    expect(marked.status).toBe("success");
    const refused = await cli.runFail(["market", "install", "escrow@1.0.0", "--repo", "bo/ledger", "--replace"], as("bo"));
    expect(refused.stderr).toMatch(/marked unsafe.*release\(\) pays twice \(UNSAFE_VERSION\)/);
    const buyUnsafe = await cli.runFail(["market", "buy", "escrow@1.0.0", "--yes"], as("zed"));
    expect(buyUnsafe.stderr).toMatch(/\(UNSAFE_VERSION\)/);
    const shown = await cli.run(["market", "show", "escrow@1.0.0"]);
    expect(shown.stdout).toMatch(/^UNSAFE {5}release\(\) pays twice/m);
    await waitUntil("the unsafe mark is on the shelf", async () => {
      const table = await cli.run(["market", "list"]);
      return /^escrow@1\.0\.0 .*UNSAFE$/m.test(table.stdout) ? true : undefined;
    });
  });

  it("refuses bad input with one line and sends nothing", { timeout: 240_000 }, async () => {
    const before = await nonce("pat");
    const outside = path.join(cli.tmp, "outside.sql");
    await fs.writeFile(outside, "CONTRACT Outside;\n");
    const upper = path.join(src, "Upper.sql");
    await fs.writeFile(upper, "CONTRACT Upper;\n");
    const file = path.join(src, "escrow.sql");
    const cases: [string[], Person, RegExp][] = [
      [["market", "show", "Bad!"], "anonymous", /"Bad!" is not a package name: a package name is 3–40 lowercase letters/],
      [["market", "buy", "escrow"], "bo", /"escrow" is not PACKAGE@VERSION/],
      [["market", "buy", "escrow@1.0"], "bo", /"1\.0" is not a version: a version is MAJOR\.MINOR\.PATCH/],
      [["market", "review", "escrow@1.0.0", "--rating", "6"], "bo", /--rating is a whole number from 1 to 5/],
      [["market", "review", "escrow@1.0.0"], "bo", /--rating 1\.\.5 is required/],
      [["market", "unsafe", "escrow@1.0.0"], "pat", /--reason R is required/],
      [["market", "list", "--free", "--paid"], "anonymous", /--free and --paid exclude each other/],
      [["market", "list", "--sort", "cheap"], "anonymous", /--sort must be new, installs, rating, sales, price/],
      [["market", "buy", "escrow@1.0.0", "--rating", "3"], "bo", /aergo market buy: unknown option --rating/],
      [[...publishArgs(["--version", "2.0.0"]), path.join(src, "missing.sql")], "pat", /Cannot read the source file .*missing\.sql: no such file/],
      [[...publishArgs(["--version", "2.0.0"]), outside], "pat", /outside\.sql is outside .*src: files are stored under their path relative to --base/],
      [[...publishArgs(["--version", "2.0.0"]), upper], "pat", /would be stored as "Upper\.sql", which is not a source path/],
      [[...publishArgs(["--version", "2.0.0", "--price", "abc"]), file], "pat", /"abc" is not an amount/],
      [[...publishArgs(["--version", "2.0.0", "--price", "1000000001"]), file], "pat", /at price: a price is at most 1,000,000,000 AERGO\. \(INVALID_PAYLOAD\)/],
      [[...publishArgs(["--version", "v2"]), file], "pat", /at version: a version is MAJOR\.MINOR\.PATCH.*\(INVALID_PAYLOAD\)/],
      [[...publishArgs(["--version", "2.0.0", "--tag", "Bad Tag"]), file], "pat", /a tag is 1–24 lowercase letters.*\(INVALID_PAYLOAD\)/],
      [["market", "publish", "--package", "escrow", "--version", "2.0.0", "--repo", "pat/escrow", "--title", "Escrow", file], "pat", /--price AMOUNT is required/],
      [[...publishArgs(["--version", "2.0.0"]), file], "anonymous", /needs a key: pass --from KEY, or sign in with aergo login/],
      [["market", "install", "escrow@1.0.0", "--repo", "bo/ledger"], "anonymous", /You are not signed in to .* Run aergo login --key NAME first/],
      [["market", "install", "escrow@1.0.0", "--repo", "nope"], "bo", /"nope" is not a repository \(OWNER\/NAME\)/],
      [["market", "list", "--hub", "http://127.0.0.1:1"], "anonymous", /Cannot reach the hub at http:\/\/127\.0\.0\.1:1/],
      [[...publishArgs(["--version", "2.0.0", "--hub", "http://127.0.0.1:1", "--from", "pat"]), file], "pat", /Cannot reach the hub/],
    ];
    for (const [args, who, reason] of cases) {
      const r = await cli.runFail(args, as(who));
      expect(r.stderr, args.join(" ")).toMatch(reason);
    }
    expect(await nonce("pat")).toBe(before);
  });
});
