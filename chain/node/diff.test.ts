import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";

const GAS = 5_000_000;
const [alice, bob, carol] = ["alice", "bob", "carol"].map((n) => devKeyPair(`diff-${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];

async function setup() {
  const chain = await createTestChain();
  for (const k of [alice, bob, carol]) await chain.fund(k.address, 100n);
  const token = (await chain.node.submitTx(chain.tx(alice, "deploy", { nonce: 1, payload: { source: TOKEN_EXAMPLE, args: ["T", 1000] }, gasLimit: GAS }).bytes)).contractAddress!;
  chain.next();
  const transfer = (key: typeof alice, nonce: number, to: string, amount: number) => chain.tx(key, "call", { to: token, nonce, payload: { procedure: "transfer", args: [to, amount] }, gasLimit: GAS });
  return { chain, token, transfer };
}

describe("node.diff", () => {
  it("two-dot lists the rows and accounts that differ, with named columns and changed cells; three-dot only the other side's changes", async () => {
    const { chain, token, transfer } = await setup();
    const at = chain.node.headHeight();
    chain.node.createBranch("feature");
    await chain.node.submitTx(transfer(alice, 2, bob.address, 10).bytes, { branch: "feature" });
    await chain.node.submitTx(transfer(alice, 2, carol.address, 5).bytes);
    chain.next();

    const two = chain.node.diff({ branch: "main" }, { branch: "feature" });
    expect(two.base).toBeNull();
    expect(two.from.branch).toBe("main");
    expect(two.to.branch).toBe("feature");
    const table = two.tables.find((t) => t.contract === token)!;
    expect(table.table.toLowerCase()).toBe("balances");
    const byKey = new Map(table.rows.map((r) => [String(r.key[0]), r]));
    // alice: 995 on main, 990 on feature; bob added on feature; carol removed (only on main)
    expect(byKey.get(bob.address)!.kind).toBe("added");
    expect(byKey.get(carol.address)!.kind).toBe("removed");
    const aliceRow = byKey.get(alice.address)!;
    expect(aliceRow.kind).toBe("changed");
    expect(aliceRow.changed.length).toBeGreaterThan(0);
    expect(Object.values(aliceRow.before!).map(String)).toContain("995");
    expect(Object.values(aliceRow.after!).map(String)).toContain("990");

    const three = chain.node.diff({ branch: "main" }, { branch: "feature" }, { threeDot: true });
    expect(three.base!.height).toBe(at);
    const rows3 = three.tables.flatMap((t) => t.rows.map((r) => String(r.key[0])));
    expect(rows3.sort()).toEqual([alice.address, bob.address].sort());
    // the accounts: alice's nonce moved on the feature side
    expect(three.accounts.some((a) => a.address === alice.address)).toBe(true);

    // a table filter, a limit, and the same point on both sides
    const onlyBalances = chain.node.diff({ branch: "main" }, { branch: "feature" }, { table: "balances", limit: 1 });
    expect(onlyBalances.accounts).toEqual([]);
    expect(onlyBalances.truncated).toBe(true);
    expect(chain.node.diff({ branch: "feature", height: at }, { branch: "main", height: at }).tables).toEqual([]);
  });

  it("refuses unknown branches, heights and bad options", async () => {
    const { chain } = await setup();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isChainError(e) ? e.code : "other";
      }
      return "none";
    };
    expect(code(() => chain.node.diff({ branch: "main" }, { branch: "nope" }))).toBe("NOT_FOUND");
    expect(code(() => chain.node.diff({ branch: "main", height: 999 }, { branch: "main" }))).toBe("NOT_FOUND");
    expect(code(() => chain.node.diff({ branch: "main" }, { branch: "main" }, { limit: 0 }))).toBe("BAD_REQUEST");
    expect(code(() => chain.node.diff({ branch: "Bad Name" }, { branch: "main" }))).toBe("BAD_REQUEST");
  });
});
