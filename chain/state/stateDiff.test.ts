import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeHash } from "../crypto/hash.ts";
import { cellFromJs, concatCells, rowStateKey } from "../sql/runtime/stateEncoding.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import type { NodeStore } from "./nodeStore.ts";
import { accountPreimageKey, rowPreimageKey } from "./preimages.ts";
import { accountStateKey } from "./account.ts";
import { diffStates, type RowDiff, type StateDiff } from "./stateDiff.ts";
import { createWorldState } from "./worldState.ts";

const alice = devKeyPair("diff-alice");
const bob = devKeyPair("diff-bob");
const carol = devKeyPair("diff-carol");
const GAS = 5_000_000;
const registrySource = fs.readFileSync(path.resolve(import.meta.dirname, "../../examples/contracts/registry.sql"), "utf8");

/** A dev chain on a memory store (whose node store the diffs read), with alice and bob funded. */
async function fundedChain() {
  const store = createMemoryStore();
  const chain = await createTestChain({ store });
  await chain.fund(alice.address, 100n);
  await chain.fund(bob.address, 100n);
  chain.next();
  const rootAt = (height: number) => decodeHash(chain.node.stateRoot(height));
  const call = async (key: typeof alice, to: string, procedure: string, args: unknown[]) => {
    const r = await chain.node.submitTx(chain.tx(key, "call", { to, payload: { procedure, args }, gasLimit: GAS }).bytes);
    expect(r, r.error?.message).toMatchObject({ status: "success" });
    return r;
  };
  const deploy = async (key: typeof alice, source: string, args: unknown[] = []) => {
    const r = await chain.node.submitTx(chain.tx(key, "deploy", { payload: { source, args }, gasLimit: GAS }).bytes);
    expect(r, r.error?.message).toMatchObject({ status: "success" });
    return r.contractAddress!;
  };
  /** Seals the pending block and returns its height. */
  const seal = () => {
    chain.next();
    return chain.node.headHeight();
  };
  return { chain, nodes: store.nodes, rootAt, call, deploy, seal };
}

/**
 * The accounts expected to differ, read the slow way: each candidate address at both roots,
 * compared field by field except the contract's storage root.
 */
function changedAccounts(nodes: NodeStore, rootA: Uint8Array, rootB: Uint8Array, candidates: readonly string[]): string[] {
  const world = createWorldState(nodes);
  const view = (root: Uint8Array, address: string) => {
    const a = world.readAccount(root, address);
    return JSON.stringify({ ...a, contract: a.contract ? Buffer.from(a.contract.codeHash).toString("hex") : null }, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  };
  return candidates.filter((a) => view(rootA, a) !== view(rootB, a)).sort();
}

const rowsOf = (d: StateDiff) => d.rows.map(({ table, key, before, after }) => ({ table, key, before, after }));
const byKey = (a: Pick<RowDiff, "table" | "key">, b: Pick<RowDiff, "table" | "key">) => (JSON.stringify([a.table, a.key]) < JSON.stringify([b.table, b.key]) ? -1 : 1);

describe("state diff", () => {
  it("reports a token's new rows and the deployer's account when it is deployed, and the changed balances after a transfer", async () => {
    const { chain, nodes, rootAt, call, deploy, seal } = await fundedChain();
    const h0 = chain.node.headHeight();
    const token = await deploy(alice, TOKEN_EXAMPLE, ["Hub Token", 1000]);
    const h1 = seal();
    await call(alice, token, "transfer", [bob.address, 250]);
    const h2 = seal();
    const candidates = [alice.address, bob.address, token, chain.net.faucetKey.address, ...chain.net.producerKeys.map((k) => k.address)];

    // Deploy: the contract's rows are all added; its account is new.
    const deployed = diffStates(nodes, rootAt(h0), rootAt(h1));
    expect(deployed.truncated).toBe(false);
    expect(deployed.unresolvedRows).toEqual([]);
    expect(rowsOf(deployed).sort((a, b) => a.table.localeCompare(b.table))).toEqual([
      { table: "balances", key: [alice.address], before: null, after: [alice.address, 1000] },
      { table: "meta", key: ["name"], before: null, after: ["name", "Hub Token"] },
    ]);
    expect(deployed.rows.every((r) => r.contract === token)).toBe(true);
    expect(deployed.accounts.map((a) => a.address).sort()).toEqual(changedAccounts(nodes, rootAt(h0), rootAt(h1), candidates));
    const tokenAccount = deployed.accounts.find((a) => a.address === token)!;
    expect(tokenAccount.before).toBeNull();
    expect(tokenAccount.after?.contract).toBeDefined();
    const aliceAtDeploy = deployed.accounts.find((a) => a.address === alice.address)!;
    expect(aliceAtDeploy.after!.nonce).toBe(aliceAtDeploy.before!.nonce + 1);
    expect(aliceAtDeploy.after!.balance).toBeLessThan(aliceAtDeploy.before!.balance);

    // Transfer: one row changed, one added; the token's account changed only its storage root.
    const moved = diffStates(nodes, rootAt(h1), rootAt(h2));
    expect(rowsOf(moved).sort((a, b) => (a.key[0]! < b.key[0]! ? -1 : 1))).toEqual(
      [
        { table: "balances", key: [alice.address], before: [alice.address, 1000], after: [alice.address, 750] },
        { table: "balances", key: [bob.address], before: null, after: [bob.address, 250] },
      ].sort((a, b) => (a.key[0]! < b.key[0]! ? -1 : 1)),
    );
    const accounts = moved.accounts.map((a) => a.address).sort();
    expect(accounts).toEqual(changedAccounts(nodes, rootAt(h1), rootAt(h2), candidates));
    expect(accounts).toContain(alice.address);
    expect(accounts).not.toContain(token);
    expect(accounts).not.toContain(bob.address); // bob's tokens are a row; his account is untouched

    // The reverse diff is the mirror image.
    const back = diffStates(nodes, rootAt(h2), rootAt(h1));
    expect(rowsOf(back).sort(byKey)).toEqual(rowsOf(moved).map((r) => ({ ...r, before: r.after, after: r.before })).sort(byKey));
    expect(back.accounts.map((a) => [a.address, a.before, a.after])).toEqual(moved.accounts.map((a) => [a.address, a.after, a.before]));
    // Equal roots: nothing.
    expect(diffStates(nodes, rootAt(h2), rootAt(h2))).toEqual({ accounts: [], rows: [], unresolvedRows: [], truncated: false });
  });

  it("reports rows added, removed and changed across several blocks, and nothing for a row changed and changed back", async () => {
    const { nodes, rootAt, call, deploy, seal } = await fundedChain();
    const registry = await deploy(alice, registrySource);
    await call(alice, registry, "register", ["alpha", bob.address]);
    await call(alice, registry, "register", ["beta", bob.address]);
    await call(alice, registry, "register", ["gamma", bob.address]);
    const h1 = seal();
    await call(alice, registry, "point", ["alpha", carol.address]); // changed
    await call(alice, registry, "release", ["beta"]); // removed
    await call(alice, registry, "point", ["gamma", carol.address]); // changed ...
    seal();
    await call(alice, registry, "point", ["gamma", bob.address]); // ... and back
    await call(alice, registry, "register", ["delta", carol.address]); // added
    const h3 = seal();

    const d = diffStates(nodes, rootAt(h1), rootAt(h3), { table: "names" });
    expect(d.accounts).toEqual([]); // a table filter reports rows only
    const names = d.rows.map((r) => r.key[0]).sort();
    expect(names).toEqual(["alpha", "beta", "delta"]);
    const row = (name: string) => d.rows.find((r) => r.key[0] === name)!;
    expect(row("alpha").before).toEqual(["alpha", alice.address, bob.address, h1]);
    expect(row("alpha").after).toEqual(["alpha", alice.address, carol.address, h1]);
    expect(row("beta")).toMatchObject({ contract: registry, table: "names", before: ["beta", alice.address, bob.address, h1], after: null });
    expect(row("delta")).toMatchObject({ before: null, after: ["delta", alice.address, carol.address, h3] });
  });

  it("filters by contract and table, and stops at a limit saying it was truncated", async () => {
    const { nodes, rootAt, call, deploy, seal, chain } = await fundedChain();
    const h0 = chain.node.headHeight();
    const token = await deploy(alice, TOKEN_EXAMPLE, ["Hub Token", 1000]);
    const registry = await deploy(bob, registrySource);
    await call(bob, registry, "register", ["alpha", bob.address]);
    await call(alice, token, "transfer", [carol.address, 5]);
    const h1 = seal();
    const [a, b] = [rootAt(h0), rootAt(h1)];

    const all = diffStates(nodes, a, b);
    expect(all.rows).toHaveLength(4); // balances: alice, carol; meta: name; names: alpha
    const onlyToken = diffStates(nodes, a, b, { contract: token });
    expect(onlyToken.rows.map((r) => r.table).sort()).toEqual(["balances", "balances", "meta"]);
    expect(onlyToken.accounts.map((x) => x.address)).toEqual([token]);
    expect(diffStates(nodes, a, b, { contract: token, table: "META" }).rows).toEqual([{ contract: token, table: "meta", key: ["name"], before: null, after: ["name", "Hub Token"] }]);
    expect(diffStates(nodes, a, b, { table: "names" }).rows.map((r) => r.contract)).toEqual([registry]);
    expect(diffStates(nodes, a, b, { contract: carol.address })).toEqual({ accounts: [], rows: [], unresolvedRows: [], truncated: false });

    const total = all.accounts.length + all.rows.length;
    const cut = diffStates(nodes, a, b, { limit: 3 });
    expect(cut.truncated).toBe(true);
    expect(cut.accounts.length + cut.rows.length).toBe(3);
    expect(diffStates(nodes, a, b, { limit: total })).toEqual(all);
    expect(diffStates(nodes, a, b, { limit: 0 }).truncated).toBe(true);
    expect(() => diffStates(nodes, a, b, { limit: -1 })).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
    expect(() => diffStates(nodes, a, b, { contract: "nope" })).toThrow(expect.objectContaining({ code: "INVALID_ADDRESS" }));
  });

  it("still reports rows and accounts whose key preimages the store lacks (state written before they were recorded)", async () => {
    const { chain, nodes, rootAt, call, deploy, seal } = await fundedChain();
    const token = await deploy(alice, TOKEN_EXAMPLE, ["Hub Token", 1000]);
    const h1 = seal();
    await call(alice, token, "transfer", [bob.address, 7]);
    const h2 = seal();
    const full = diffStates(nodes, rootAt(h1), rootAt(h2));

    // Hide the preimages of the token's account, bob's row, and alice's account.
    const hidden = new Set(
      [accountPreimageKey(accountStateKey(token)), accountPreimageKey(accountStateKey(alice.address)), rowPreimageKey(rowStateKey(token, "balances", concatCells([cellFromJs(bob.address)])))].map((k) => Buffer.from(k).toString("hex")),
    );
    const older: NodeStore = { get: (h) => (hidden.has(Buffer.from(h).toString("hex")) ? undefined : nodes.get(h)), put: () => {} };
    const d = diffStates(older, rootAt(h1), rootAt(h2));
    expect(d.rows).toEqual(full.rows.filter((r) => r.key[0] !== bob.address));
    expect(d.unresolvedRows).toEqual([{ contract: null, stateKey: rowStateKey(token, "balances", concatCells([cellFromJs(bob.address)])), before: null, after: [bob.address, 7] }]);
    expect(d.accounts.find((x) => x.address === null)).toMatchObject({ stateKey: accountStateKey(alice.address) });
    expect(d.accounts).toHaveLength(full.accounts.length);
    expect(chain.node.headHeight()).toBe(h2);
  });

  it("refuses a store whose preimage names another row", async () => {
    const { nodes, rootAt, call, deploy, seal } = await fundedChain();
    const token = await deploy(alice, TOKEN_EXAMPLE, ["Hub Token", 1000]);
    const h1 = seal();
    await call(alice, token, "transfer", [bob.address, 7]);
    const h2 = seal();
    const bobKey = rowPreimageKey(rowStateKey(token, "balances", concatCells([cellFromJs(bob.address)])));
    const aliceKey = rowPreimageKey(rowStateKey(token, "balances", concatCells([cellFromJs(alice.address)])));
    const swapped: NodeStore = { get: (h) => nodes.get(Buffer.from(h).equals(bobKey) ? aliceKey : h), put: () => {} };
    expect(() => diffStates(swapped, rootAt(h1), rootAt(h2))).toThrow(expect.objectContaining({ code: "STORE_CORRUPT" }));
  });
});
