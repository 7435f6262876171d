import { describe, expect, it } from "vitest";
import { toHex } from "../../crypto/hash.ts";
import { TOKEN_EXAMPLE } from "../testing/examples.ts";
import { addr, createHarness } from "../testing/harness.ts";
import { decodeCells } from "./stateEncoding.ts";

const alice = addr("alice");
const bob = addr("bob");

async function tokenWithHolders() {
  const h = await createHarness();
  const { address } = h.deploy("token", TOKEN_EXAMPLE, ["Gold", 1000], { sender: alice });
  expect(h.call(address, "transfer", [bob, 250], { sender: alice }).status).toBe("success");
  return { h, address };
}

const compile = (h: Awaited<ReturnType<typeof createHarness>>, source: string) => {
  const r = h.engine.compile(source);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.artifact;
};

describe("engine.redeploy", () => {
  it("adds a defaulted column to every row, reports each changed row and charges gas", async () => {
    const { h, address } = await tokenWithHolders();
    const v2 = compile(h, TOKEN_EXAMPLE.replace("amount INTEGER NOT NULL CHECK (amount >= 0)\n);", "amount INTEGER NOT NULL CHECK (amount >= 0),\n  frozen INTEGER NOT NULL DEFAULT 0\n);").replace("INSERT INTO balances VALUES (SENDER(), :supply);", "INSERT INTO balances (owner, amount) VALUES (SENDER(), :supply);"));
    const before = h.engine.stateEntries(address);
    const r = h.engine.redeploy(address, v2, { sender: alice, gasLimit: 1_000_000 });
    expect(r.status, JSON.stringify(r.error)).toBe("success");
    expect(r.gasUsed).toBeGreaterThan(0);
    // Both balances rows gained a cell; meta is untouched.
    expect(r.stateChanges.map((c) => c.table).sort()).toEqual(["balances", "balances"]);
    for (const c of r.stateChanges) expect(decodeCells(c.value!)).toHaveLength(3);
    expect(h.engine.stateEntries(address)).not.toEqual(before);
    expect(h.engine.tableRows(address, "balances").columns).toEqual(["owner", "amount", "frozen"]);
    expect(h.engine.query(address, "balanceOf", [bob]).result).toBe(250);
  });

  it("runs a MIGRATE block that renames a column on the real rows", async () => {
    const { h, address } = await tokenWithHolders();
    const v2 = compile(
      h,
      `${TOKEN_EXAMPLE.replace("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);", "CREATE TABLE meta (key TEXT PRIMARY KEY, val TEXT NOT NULL);").replace("INSERT INTO meta VALUES", "INSERT INTO meta (key, val) VALUES")}
MIGRATE BEGIN
  ALTER TABLE meta RENAME COLUMN value TO val;
END;
VIEW tokenName () RETURNS TEXT AS SELECT val FROM meta WHERE key = 'name';
`,
    );
    const r = h.engine.redeploy(address, v2, { sender: alice });
    expect(r.status, JSON.stringify(r.error)).toBe("success");
    // Same cells, same keys: a rename changes no row of the state.
    expect(r.stateChanges).toEqual([]);
    expect(h.engine.query(address, "tokenName", []).result).toBe("Gold");
  });

  it("leaves the contract exactly as it was when the migration fails on its rows or runs out of gas", async () => {
    const { h, address } = await tokenWithHolders();
    const before = h.engine.stateEntries(address).map((e) => toHex(e.value));
    const clashSource = `${TOKEN_EXAMPLE}
CREATE TABLE ranks (rank INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
MIGRATE BEGIN
  CREATE TABLE ranks (rank INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
  INSERT INTO ranks SELECT 1, owner FROM balances;
END;
`;
    const line = clashSource.split("\n").findIndex((l) => l.includes("INSERT INTO ranks")) + 1;
    const clash = compile(h, clashSource);
    const r = h.engine.redeploy(address, clash, { sender: alice });
    expect(r.status).toBe("error");
    expect(r.error).toMatchObject({ code: "MIGRATION_FAILED", line });
    expect(r.error?.message).toBe(`MIGRATE: UNIQUE constraint failed: ranks.rank (line ${line})`);
    const poor = h.engine.redeploy(address, compile(h, `${TOKEN_EXAMPLE}\nCREATE INDEX by_amount ON balances (amount);\n`), { sender: alice, gasLimit: 5 });
    expect(poor.error?.code).toBe("OUT_OF_GAS");
    expect(h.engine.stateEntries(address).map((e) => toHex(e.value))).toEqual(before);
    expect(h.engine.artifact(address)?.tables.map((t) => t.name)).toEqual(["balances", "meta"]);
    expect(h.call(address, "transfer", [bob, 1], { sender: alice }).status).toBe("success");
  });

  it("stops for time or gas while it reads the rows around the migration as a time-out or out of gas, never as a failed migration", async () => {
    // A clock that moves a millisecond per reading: a 5 ms budget passes while the engine reads
    // the 3,000 rows (the ADD COLUMN itself takes a few VM steps). Before, SQLite's "interrupted"
    // came back as the redeploy's error: a receipt the producer's clock decided.
    let now = 0;
    const h = await createHarness({ clock: () => now++ });
    const seeded = `CONTRACT Seeded;
CREATE TABLE seeds (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);
CONSTRUCTOR (n INTEGER) AS
BEGIN
  INSERT INTO seeds (k, v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) SELECT x, x FROM c;
END;
`;
    const { address } = h.deploy("seeded", seeded, [3000], { sender: alice });
    const v2 = compile(h, seeded.replace("v INTEGER NOT NULL);", "v INTEGER NOT NULL, note TEXT DEFAULT 'x');"));
    const timedOut = h.engine.redeploy(address, v2, { sender: alice, gasLimit: 50_000_000, timeBudgetMs: 5 });
    expect(timedOut.status).toBe("error");
    expect(timedOut.error?.code).toBe("TIME_BUDGET");
    // Gas too small to read the rows: out of gas.
    const starved = h.engine.redeploy(address, v2, { sender: alice, gasLimit: 20_000 });
    expect(starved.error?.code).toBe("OUT_OF_GAS");
    // Nothing changed; with gas and time it succeeds and changes every row.
    expect(h.engine.tableRows(address, "seeds").columns).toEqual(["k", "v"]);
    const done = h.engine.redeploy(address, v2, { sender: alice, gasLimit: 50_000_000 });
    expect(done.status, JSON.stringify(done.error)).toBe("success");
    expect(done.stateChanges).toHaveLength(3000);
  });
});
