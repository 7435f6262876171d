import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSqlCompiler } from "./compiler/compileContract.ts";
import { TOKEN_EXAMPLE } from "./testing/examples.ts";
import { addr, createHarness } from "./testing/harness.ts";

const doc = readFileSync(new URL("../../docs/aergosql.md", import.meta.url), "utf8");
const contracts = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.trimStart().startsWith("CONTRACT"));

describe("docs/aergosql.md", () => {
  it("has contract examples, and the first is AERGOSQL.md's Token verbatim", () => {
    expect(contracts.length).toBeGreaterThan(0);
    expect(contracts[0]).toBe(TOKEN_EXAMPLE);
  });

  it("every contract example compiles without diagnostics", async () => {
    const compiler = await createSqlCompiler();
    for (const src of contracts) expect(compiler.compile(src).diagnostics).toEqual([]);
  });
});

describe("the Vault example of docs/aergosql.md", () => {
  it("holds deposits, pays withdrawals in native AERGO and refuses overdrafts", async () => {
    const vault = contracts.find((c) => c.startsWith("CONTRACT Vault"))!;
    const alice = addr("alice");
    const h = await createHarness({}, { [alice]: 1_000n });
    const { address } = h.deploy("vault", vault, [], { sender: alice });
    expect(h.call(address, "deposit", [], { sender: alice, amount: 100n }).status).toBe("success");
    const w = h.call(address, "withdraw", [40], { sender: alice });
    expect([w.returnValue, w.transfers]).toEqual([60, [{ from: address, to: alice, amount: 40n }]]);
    expect(h.engine.query(address, "depositOf", [alice]).result).toBe(60);
    expect(h.engine.query(address, "depositOf", [addr("bob")]).result).toBe(0);
    expect(h.call(address, "withdraw", [61], { sender: alice }).error?.message).toBe("withdraw: you cannot withdraw more than you deposited (line " + (vault.split("\n").findIndex((l) => l.includes("cannot withdraw")) + 1) + ")");
    expect(h.host.balanceOf(alice)).toBe(940n);
  });
});
