import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { toHex } from "../../crypto/hash.ts";
import { addr, createHarness, type Harness } from "../testing/harness.ts";
import type { CallResult } from "../types.ts";

const example = (name: string) => readFileSync(new URL(`../../../examples/contracts/${name}.sql`, import.meta.url), "utf8");
const SHOP = `CONTRACT Shop;
CREATE TABLE orders (id INTEGER PRIMARY KEY, buyer ADDRESS NOT NULL, price INTEGER NOT NULL);
EVENT Bought (id INTEGER, buyer ADDRESS);
PROCEDURE buy (price INTEGER) RETURNS INTEGER AS
BEGIN
  LET id = COALESCE((SELECT max(id) FROM orders), 0) + 1;
  INSERT INTO orders VALUES (:id, SENDER(), :price);
  CALL Token.transferFrom (SENDER(), SELF(), :price);
  EMIT Bought (:id, SENDER());
  RETURN :id;
END;`;

const users = ["u0", "u1", "u2", "u3"].map(addr);

type Op =
  | { kind: "transfer"; from: number; to: number; amount: number }
  | { kind: "approve"; from: number; amount: number }
  | { kind: "buy"; from: number; price: number }
  | { kind: "open"; from: number; seller: number; amount: number }
  | { kind: "settle"; from: number; id: number; refund: boolean }
  | { kind: "reload" };

const user = fc.integer({ min: 0, max: users.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("transfer" as const), from: user, to: user, amount: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant("approve" as const), from: user, amount: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constant("buy" as const), from: user, price: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("open" as const), from: user, seller: user, amount: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ kind: fc.constant("settle" as const), from: user, id: fc.integer({ min: 1, max: 6 }), refund: fc.boolean() }),
  fc.constant({ kind: "reload" as const }),
);

type World = { h: Harness; token: string; shop: string; escrow: string };

async function world(): Promise<World> {
  const h = await createHarness({}, Object.fromEntries(users.map((u) => [u, 5_000n])));
  const token = h.deploy("token", example("token"), ["Gold", "GLD", 10_000], { sender: users[0]! });
  h.host.names.set("Token", token.address);
  const shop = h.deploy("shop", SHOP, [], { sender: users[0]! });
  const escrow = h.deploy("escrow", example("escrow"), [], { sender: users[0]! });
  for (const r of [token.result, shop.result, escrow.result]) expect(r.error).toBeUndefined();
  return { h, token: token.address, shop: shop.address, escrow: escrow.address };
}

/** Everything a node would commit to or show for one call. */
function observable(r: CallResult) {
  return JSON.stringify({
    status: r.status,
    error: r.error,
    gas: r.gasUsed,
    rows: r.rowsWritten,
    value: typeof r.returnValue === "bigint" ? `${r.returnValue}n` : r.returnValue,
    events: r.events,
    transfers: r.transfers.map((t) => [t.from, t.to, t.amount.toString()]),
    changesets: r.changesets.map((c) => [c.contract, toHex(c.changeset)]),
    state: r.stateChanges.map((s) => [s.contract, s.table, toHex(s.key), s.value ? toHex(s.value) : null]),
    digest: toHex(r.changesetDigest),
  });
}

function apply(w: World, op: Op, height: number, reload: boolean): string {
  const { h } = w;
  const ctx = (from: number, amount = 0) => ({ sender: users[from]!, blockHeight: height, blockTime: 1_700_000_000_000 + height * 1000, amount: BigInt(amount) });
  switch (op.kind) {
    case "transfer":
      return observable(h.call(w.token, "transfer", [users[op.to]!, op.amount], ctx(op.from)));
    case "approve":
      return observable(h.call(w.token, "approve", [w.shop, op.amount], ctx(op.from)));
    case "buy":
      return observable(h.call(w.shop, "buy", [op.price], ctx(op.from)));
    case "open":
      // A chain refuses a transaction whose amount the sender does not hold before it runs;
      // random opens can spend a sender's whole balance, so the same refusal is made here.
      if ((h.host.balances.get(users[op.from]!) ?? 0n) < BigInt(op.amount)) return "refused: insufficient balance";
      return observable(h.call(w.escrow, "open", [users[op.seller]!, users[0]!], ctx(op.from, op.amount)));
    case "settle":
      return observable(h.call(w.escrow, op.refund ? "refund" : "release", [op.id], ctx(op.from)));
    case "reload":
      // Only one of the two nodes restarts from its snapshots: cold caches must not change a thing.
      if (reload) for (const c of [w.token, w.shop, w.escrow]) h.engine.restore(c, h.engine.snapshot(c));
      return "reload";
  }
}

const fullState = (w: World) =>
  JSON.stringify({
    entries: [w.token, w.shop, w.escrow].map((c) => w.h.engine.stateEntries(c).map((e) => `${e.table}:${toHex(e.key)}=${toHex(e.value)}`)),
    native: [...w.h.host.balances.entries()].sort().map(([k, v]) => `${k}=${v}`),
  });

describe("determinism", () => {
  it("two fresh engines replaying the same random calls reach the same rows, events, gas and changesets", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const a = await world();
        const b = await world();
        try {
          ops.forEach((op, i) => {
            expect(apply(b, op, 10 + i, true)).toBe(apply(a, op, 10 + i, false));
          });
          expect(fullState(b)).toBe(fullState(a));
        } finally {
          a.h.engine.close();
          b.h.engine.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
