/** The local contract names: kept per repository, and a first-release book still read. */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { checkNewContractName, contractBookFile, readContractBook, recordContract, resolveContract } from "./contractBook.ts";

const [a, b] = [devKeyPair("book-a").address, devKeyPair("book-b").address];
let home = "";
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), "aergo-book-"));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe("contracts.json", () => {
  it("keeps the same name apart in two repositories", async () => {
    await recordContract(home, "gold", a);
    await checkNewContractName(home, "gold", "alice/ledger");
    await recordContract(home, "gold", b, "alice/ledger");
    expect(await resolveContract(home, "gold")).toBe(a);
    expect(await resolveContract(home, "gold", "alice/ledger")).toBe(b);
    await expect(checkNewContractName(home, "gold", "alice/ledger")).rejects.toThrow(/already stands for the contract .* of alice\/ledger/);
    await expect(resolveContract(home, "gold", "bob/other")).rejects.toThrow(/neither an address nor a name for bob\/other/);
  });

  it("reads a first-release flat book as the root repository's and rewrites it at the next record", async () => {
    await fs.writeFile(contractBookFile(home), JSON.stringify({ gold: a }));
    expect(await readContractBook(home)).toEqual({ gold: a });
    expect(await resolveContract(home, "gold", "alice/ledger").catch((e: Error) => e.message)).toMatch(/neither/);
    await recordContract(home, "silver", b, "alice/ledger");
    expect(JSON.parse(await fs.readFile(contractBookFile(home), "utf8"))).toEqual({ version: 2, repos: { "aergo/main": { gold: a }, "alice/ledger": { silver: b } } });
  });
});
