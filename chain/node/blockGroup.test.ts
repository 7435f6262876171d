/**
 * One group run apart (runGroup): what it hands back, and its safety net — a read outside the
 * group's analysed set makes it answer "sequential" instead of a result that could differ.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createScratchLayer } from "../state/nodeStore.ts";
import { createExecutionBed, type ExecutionBed } from "../testing/executionBed.ts";
import { runGroup, type BlockGroupInput } from "./blockGroup.ts";

let bed: ExecutionBed;
beforeAll(async () => {
  bed = await createExecutionBed({ users: 3, contracts: [{ source: TOKEN_EXAMPLE, args: ["T", 1000] }] });
}, 60_000);

function inputFor(txs: BlockGroupInput["txs"], allowed: readonly string[]): BlockGroupInput {
  const runtime = bed.runtimeAt(createScratchLayer(bed.store));
  const env = bed.envAt(createScratchLayer(bed.store), runtime);
  const token = bed.contracts[0]!;
  const contracts = allowed.includes(token) ? [{ address: token, code: runtime.code(token)!, database: runtime.engine.snapshot(token) }] : [];
  runtime.engine.close();
  return { context: { ...env.context, height: 3, timestamp: 3_000_000 }, contracts, positions: txs.map((_, i) => i * 2), txs, readParent: (a) => (allowed.includes(a) ? env.readParent(a) : undefined) };
}

describe("a block group run apart", () => {
  it("returns receipts, accounts with their first writer's position, row changes and the databases", () => {
    bed.resetNonces();
    const [a, b] = bed.users as [ExecutionBed["users"][number], ExecutionBed["users"][number]];
    const token = bed.contracts[0]!;
    const txs = [bed.sign.transfer(a, b.address, 5n), bed.sign.call(bed.deployer, token, "transfer", [a.address, 7])];
    const r = runGroup(inputFor(txs, [a.address, b.address, bed.deployer.address, token]), bed.sqlite);
    expect(r.outcome).toBe("executed");
    if (r.outcome !== "executed") return;
    expect(r.receipts.map((x) => x.status)).toEqual(["success", "success"]);
    expect(r.accounts.map(([address, , first]) => [address, first])).toEqual([
      [a.address, 0],
      [b.address, 0],
      [bed.deployer.address, 2],
    ]);
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ first: 2, log: { contract: token } });
    expect(r.databases.map(([address]) => address)).toEqual([token]);
  });

  it("answers sequential when a transaction reads an account outside the group's set", () => {
    bed.resetNonces();
    const [a, b] = bed.users as [ExecutionBed["users"][number], ExecutionBed["users"][number]];
    const r = runGroup(inputFor([bed.sign.transfer(a, b.address, 5n)], [a.address]), bed.sqlite);
    expect(r).toEqual({ outcome: "sequential", reason: `the group read account ${b.address}, outside its analysed set` });
  });

  it("answers sequential when a transaction is refused (the sequential run gives the exact error)", () => {
    bed.resetNonces();
    const [a, b] = bed.users as [ExecutionBed["users"][number], ExecutionBed["users"][number]];
    const tx = bed.sign.transfer(a, b.address, 5n);
    const r = runGroup(inputFor([tx, tx], [a.address, b.address]), bed.sqlite);
    expect(r).toMatchObject({ outcome: "sequential", reason: expect.stringContaining("transaction 2 is refused: NONCE_TOO_LOW") });
  });
});
