import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { addr, createHarness } from "./testing/harness.ts";
import type { CallResult } from "./types.ts";

const example = (name: string) => readFileSync(new URL(`../../examples/contracts/${name}.sql`, import.meta.url), "utf8");

const alice = addr("alice");
const bob = addr("bob");
const carol = addr("carol");

const ok = (r: CallResult) => {
  expect(r.error).toBeUndefined();
  return r;
};

describe("examples/contracts", () => {
  for (const name of ["token", "registry", "escrow", "voting"]) {
    it(`${name}.sql compiles without diagnostics`, async () => {
      const h = await createHarness();
      const r = h.engine.compile(example(name));
      expect(r.diagnostics).toEqual([]);
      expect(r.ok).toBe(true);
    });
  }
});

describe("token.sql", () => {
  it("mints the supply with an event, moves tokens by allowance, and lets only the owner mint", async () => {
    const h = await createHarness();
    const { address: t, result } = h.deploy("token", example("token"), ["Gold", "GLD", 1000], { sender: alice });
    expect(ok(result).events).toEqual([{ contract: t, name: "Transfer", args: { from: null, to: alice, amount: 1000 } }]);
    ok(h.call(t, "approve", [bob, 300], { sender: alice }));
    expect(h.engine.query(t, "allowance", [alice, bob]).result).toBe(300);
    ok(h.call(t, "transferFrom", [alice, carol, 200], { sender: bob }));
    expect(h.call(t, "transferFrom", [alice, carol, 200], { sender: bob }).error?.message).toBe("transferFrom: allowance exceeded (line 49)");
    expect(h.call(t, "mint", [bob, 5], { sender: bob }).error?.message).toBe("mint: only the owner can mint (line 62)");
    ok(h.call(t, "mint", [bob, 5], { sender: alice }));
    expect(h.engine.query(t, "totalSupply").result).toBe(1005);
    ok(h.call(t, "transfer", [alice, 200], { sender: carol }));
    expect(h.engine.tableRows(t, "balances").rows.map((r) => r[0])).not.toContain(carol);
    expect(h.engine.query(t, "info").result).toMatchObject({ rows: [["name", "Gold"], ["owner", alice], ["symbol", "GLD"]] });
    expect(h.deploy("token2", example("token"), ["Gold", "TOOLONGSYM", 1], { sender: alice }).result.error?.message).toBe("constructor: symbol must be 1 to 8 characters (line 21)");
  });
});

describe("registry.sql", () => {
  it("registers names first come first served and only lets owners change them", async () => {
    const h = await createHarness();
    const { address: r } = h.deploy("registry", example("registry"), [], { sender: alice });
    ok(h.call(r, "register", ["alice.dev", alice], { sender: alice, blockHeight: 7 }));
    expect(h.call(r, "register", ["alice.dev", bob], { sender: bob }).error?.message).toBe("register: the name is taken (line 20)");
    expect(h.call(r, "register", ["Bad Name", bob], { sender: bob }).error?.message).toBe("register: a name uses a-z, 0-9, . and - only (line 19)");
    expect(h.engine.query(r, "resolve", ["alice.dev"]).result).toBe(alice);
    expect(h.engine.query(r, "resolve", ["nobody"]).result).toBeNull();
    expect(h.call(r, "point", ["alice.dev", bob], { sender: bob }).error?.message).toBe("point: only the owner can change a name (line 27)");
    ok(h.call(r, "point", ["alice.dev", carol], { sender: alice }));
    ok(h.call(r, "give", ["alice.dev", bob], { sender: alice }));
    expect(h.engine.query(r, "namesOf", [bob]).result).toEqual({ columns: ["name", "target", "since"], rows: [["alice.dev", carol, 7]] });
    ok(h.call(r, "release", ["alice.dev"], { sender: bob }));
    expect(h.engine.query(r, "resolve", ["alice.dev"]).result).toBeNull();
  });
});

describe("escrow.sql", () => {
  it("holds the AERGO sent with the call and pays it to the seller or back to the buyer", async () => {
    const h = await createHarness({}, { [alice]: 10_000n });
    const { address: e } = h.deploy("escrow", example("escrow"), [], { sender: carol });
    const opened = ok(h.call(e, "open", [bob, carol], { sender: alice, amount: 1_500n }));
    expect(opened.returnValue).toBe(1);
    expect(h.host.balanceOf(e)).toBe(1_500n);
    expect(h.engine.query(e, "held").result).toBe(1_500);
    expect(h.call(e, "release", [1], { sender: bob }).error?.message).toBe("release: only the buyer or the arbiter can release (line 32)");
    const released = ok(h.call(e, "release", [1], { sender: alice }));
    expect(released.transfers).toEqual([{ from: e, to: bob, amount: 1_500n }]);
    expect(released.events).toEqual([{ contract: e, name: "Settled", args: { id: 1, state: "released", to: bob, amount: 1_500 } }]);
    expect(h.host.balanceOf(bob)).toBe(1_500n);
    expect(h.call(e, "release", [1], { sender: alice }).error?.message).toBe("release: the deal is not open (line 31)");

    ok(h.call(e, "open", [bob, carol], { sender: alice, amount: 700n }));
    ok(h.call(e, "refund", [2], { sender: carol }));
    expect(h.host.balanceOf(alice)).toBe(10_000n - 1_500n);
    expect(h.call(e, "open", [bob, carol], { sender: alice }).error?.message).toBe("open: send the amount to hold in escrow with the call (line 20)");
    expect(h.engine.query(e, "deal", [2]).result).toMatchObject({ rows: [[2, alice, bob, carol, 700, "refunded", 1]] });
  });
});

describe("voting.sql", () => {
  it("counts one vote per address until the deadline and closes with the winner", async () => {
    const h = await createHarness();
    const { address: v } = h.deploy("voting", example("voting"), [], { sender: alice });
    const id = ok(h.call(v, "propose", ["Lunch?", "pizza", "sushi", 10], { sender: alice, blockHeight: 100 })).returnValue;
    expect(id).toBe(1);
    ok(h.call(v, "vote", [1, "pizza"], { sender: alice, blockHeight: 101 }));
    ok(h.call(v, "vote", [1, "sushi"], { sender: bob, blockHeight: 102 }));
    ok(h.call(v, "vote", [1, "sushi"], { sender: carol, blockHeight: 103 }));
    expect(h.call(v, "vote", [1, "pizza"], { sender: bob, blockHeight: 104 }).error?.message).toBe("vote: you already voted (line 45)");
    expect(h.call(v, "vote", [1, "tacos"], { sender: addr("dave"), blockHeight: 104 }).error?.message).toBe("vote: not a choice of this proposal (line 44)");
    expect(h.engine.query(v, "tally", [1]).result).toEqual({ columns: ["choice", "votes"], rows: [["sushi", 2], ["pizza", 1]] });
    expect(h.call(v, "close", [1], { sender: bob, blockHeight: 105 }).error?.message).toBe("close: voting is still open (line 52)");
    expect(h.call(v, "vote", [1, "pizza"], { sender: addr("dave"), blockHeight: 111 }).error?.message).toBe("vote: voting has ended (line 43)");
    const closed = ok(h.call(v, "close", [1], { sender: bob, blockHeight: 111 }));
    expect(closed.returnValue).toBe("sushi");
    expect(closed.events).toEqual([{ contract: v, name: "Closed", args: { id: 1, winner: "sushi", votes: 3 } }]);
    expect(h.engine.query(v, "open", [], { blockHeight: 111 }).result).toEqual({ columns: ["id", "title", "deadline"], rows: [] });
  });
});
