import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";

const alice = devKeyPair("redeploy-alice");
const bob = devKeyPair("redeploy-bob");
const GAS = 5_000_000;

/** Token v2: the same tables plus an allowance table and a procedure that uses it. */
const TOKEN_V2 = `${TOKEN_EXAMPLE}
CREATE TABLE allowances (owner ADDRESS NOT NULL, spender ADDRESS NOT NULL, amount INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (owner, spender));

PROCEDURE approve (spender ADDRESS, amount INTEGER) AS
BEGIN
  INSERT INTO allowances VALUES (SENDER(), :spender, :amount)
    ON CONFLICT (owner, spender) DO UPDATE SET amount = excluded.amount;
END;

VIEW allowance (owner ADDRESS, spender ADDRESS) RETURNS INTEGER AS
  SELECT COALESCE((SELECT amount FROM allowances WHERE owner = :owner AND spender = :spender), 0);
`;

async function tokenChain(opts: Parameters<typeof createTestChain>[0] = {}) {
  const chain = await createTestChain(opts);
  await chain.fund(alice.address, 100n);
  await chain.fund(bob.address, 100n);
  const receipt = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Hub Token", 1000] }, gasLimit: GAS }).bytes);
  const token = receipt.contractAddress!;
  chain.next();
  await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 250] }, gasLimit: GAS }).bytes);
  chain.next();
  return { chain, token };
}

describe("contract redeploys", () => {
  it("keeps the rows, adds the new table and procedure, changes the code hash and the state root", async () => {
    const { chain, token } = await tokenChain();
    const before = chain.node.stateRoot();
    const oldHeight = chain.node.headHeight();

    const r = await chain.node.submitTx(chain.tx(alice, "redeploy", { to: token, payload: { source: TOKEN_V2 }, gasLimit: GAS }).bytes);
    expect(r).toMatchObject({ status: "success", error: null });
    chain.next();

    expect(chain.node.stateRoot()).not.toBe(before);
    // The account's code hash is the new source's (it sits in the encoded account).
    expect(chain.node.getAccountProof(token).value).toContain(toHex(sha256(utf8Bytes(TOKEN_V2))));
    expect(chain.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(250);
    expect(chain.node.queryContract(token, "balanceOf", [alice.address]).result).toBe(750);
    expect(chain.node.getContract(token).source).toBe(TOKEN_V2);

    const approve = await chain.node.submitTx(chain.tx(bob, "call", { to: token, payload: { procedure: "approve", args: [alice.address, 30] }, gasLimit: GAS }).bytes);
    expect(approve.status).toBe("success");
    chain.next();
    expect(chain.node.queryContract(token, "allowance", [bob.address, alice.address]).result).toBe(30);

    // A view at a height before the redeploy runs the code of that height.
    expect(chain.node.queryContract(token, "balanceOf", [bob.address], { height: oldHeight }).result).toBe(250);
    expect(() => chain.node.queryContract(token, "allowance", [bob.address, alice.address], { height: oldHeight })).toThrow(/allowance/);
  });

  it("refuses a redeploy by anyone but the deployer, and an incompatible source with its diagnostics", async () => {
    const { chain, token } = await tokenChain();
    await expect(chain.node.submitTx(chain.tx(bob, "redeploy", { to: token, payload: { source: TOKEN_V2 }, gasLimit: GAS, nonce: 1 }).bytes)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const retyped = TOKEN_EXAMPLE.replace("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);", "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);");
    await expect(chain.node.submitTx(chain.tx(alice, "redeploy", { to: token, payload: { source: retyped }, gasLimit: GAS, nonce: 3 }).bytes)).rejects.toMatchObject({
      code: "INVALID_PAYLOAD",
      message: expect.stringMatching(/meta\.value/),
    });
    expect(chain.node.getContract(token).source).toBe(TOKEN_EXAMPLE);
  });

  it("turns a MIGRATE block that fails on the rows into an error receipt that changes nothing", async () => {
    const { chain, token } = await tokenChain();
    const root = chain.node.stateRoot();
    // Every holder gets rank 1: the primary key only breaks with two rows, so only at run time.
    const ranked = `${TOKEN_EXAMPLE}
CREATE TABLE ranks (rank INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
MIGRATE BEGIN
  CREATE TABLE ranks (rank INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
  INSERT INTO ranks SELECT 1, owner FROM balances;
END;
`;
    const r = await chain.node.submitTx(chain.tx(alice, "redeploy", { to: token, payload: { source: ranked }, gasLimit: GAS }).bytes);
    expect(r.status).toBe("error");
    expect(r.error?.message).toMatch(/UNIQUE constraint failed: ranks.rank/);
    chain.next();
    expect(chain.node.getContract(token).source).toBe(TOKEN_EXAMPLE);
    expect(chain.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(250);
    expect(chain.node.stateRoot()).not.toBe(root); // only the fee and the nonce moved
    expect(chain.node.contractTable(token, "balances", {}).columns).toEqual(["owner", "amount"]);
  });

  it("refuses a MIGRATE block that makes rows from nothing, after a bounded check, with a message that says so", async () => {
    const { chain, token } = await tokenChain();
    const root = chain.node.stateRoot();
    // Five million rows counted on the check's empty tables: seconds of the node's thread
    // unchecked (without a bound, the same CTE never ends); refused within its step limit.
    const generating = `${TOKEN_EXAMPLE}
CREATE TABLE seeds (n INTEGER PRIMARY KEY);
MIGRATE BEGIN
  CREATE TABLE seeds (n INTEGER PRIMARY KEY);
  INSERT INTO seeds SELECT (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c);
END;
`;
    await expect(chain.node.submitTx(chain.tx(alice, "redeploy", { to: token, payload: { source: generating }, gasLimit: GAS }).bytes)).rejects.toMatchObject({
      code: "INVALID_PAYLOAD",
      message: expect.stringMatching(/may not generate rows/),
    });
    chain.next();
    expect(chain.node.getContract(token).source).toBe(TOKEN_EXAMPLE);
    expect(chain.node.stateRoot()).toBe(root);
  });

  it("restarts with the new version", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-redeploy-"));
    try {
      const { chain, token } = await tokenChain({ store: createLmdbStore(dir) });
      await chain.node.submitTx(chain.tx(alice, "redeploy", { to: token, payload: { source: TOKEN_V2 }, gasLimit: GAS }).bytes);
      chain.next();
      await chain.node.submitTx(chain.tx(bob, "call", { to: token, payload: { procedure: "approve", args: [alice.address, 7] }, gasLimit: GAS }).bytes);
      chain.next();
      const root = chain.node.stateRoot();
      await chain.node.close();

      const again = await createTestChain({ store: createLmdbStore(dir), startAt: chain.now });
      expect(again.node.stateRoot()).toBe(root);
      expect(again.node.getContract(token).source).toBe(TOKEN_V2);
      expect(again.node.queryContract(token, "allowance", [bob.address, alice.address]).result).toBe(7);
      expect(again.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(250);
      await again.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
