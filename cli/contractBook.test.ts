/** The old local contract book: still read (per repository, a first-release flat book too), never written. */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { contractBookFile, readContractBook } from "./contractBook.ts";

const [a, b] = [devKeyPair("book-a").address, devKeyPair("book-b").address];
let home = "";
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), "aergo-book-"));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe("contracts.json (read-only fallback)", () => {
  it("keeps the same name apart in two repositories", async () => {
    await fs.writeFile(contractBookFile(home), JSON.stringify({ version: 2, repos: { "aergo/main": { gold: a }, "alice/ledger": { gold: b } } }));
    expect(await readContractBook(home)).toEqual({ gold: a });
    expect(await readContractBook(home, "alice/ledger")).toEqual({ gold: b });
    expect(await readContractBook(home, "bob/other")).toEqual({});
  });

  it("reads a first-release flat book as the root repository's", async () => {
    await fs.writeFile(contractBookFile(home), JSON.stringify({ Gold: a }));
    expect(await readContractBook(home)).toEqual({ Gold: a });
    expect(await readContractBook(home, "alice/ledger")).toEqual({});
  });

  it("refuses a damaged book rather than ignoring it", async () => {
    await fs.writeFile(contractBookFile(home), "{ not json");
    await expect(readContractBook(home)).rejects.toThrow(/not valid JSON/);
  });
});
