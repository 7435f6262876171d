import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";

const alice = devKeyPair("branch-alice");
const bob = devKeyPair("branch-bob");
const carol = devKeyPair("branch-carol");
const GAS = 5_000_000;

/** A chain with the Token example deployed by alice on main and sealed. */
async function tokenChain(opts: Parameters<typeof createTestChain>[0] = {}) {
  const chain = await createTestChain(opts);
  await chain.fund(alice.address, 100n);
  await chain.fund(bob.address, 100n);
  const receipt = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Hub Token", 1000] }, gasLimit: GAS, nonce: 1 }).bytes);
  chain.next();
  return { chain, token: receipt.contractAddress! };
}

const transferCall = (chain: Awaited<ReturnType<typeof createTestChain>>, from: typeof alice, nonce: number, token: string, to: string, amount: number) =>
  chain.tx(from, "call", { to: token, nonce, payload: { procedure: "transfer", args: [to, amount] }, gasLimit: GAS });

/** Polls a condition the test's own steps make true (no clock involved), up to 5 s. */
async function until(done: () => boolean) {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isChainError(e)) return (e.meta.code as string | undefined) ?? e.code;
    throw e;
  }
  return undefined;
}

describe("branches", () => {
  it("start at a past block with its state, then diverge: each branch sees only its own transactions", async () => {
    const { chain, token } = await tokenChain();
    const forkHeight = chain.node.headHeight();
    const rootAtFork = chain.node.stateRoot(forkHeight);
    // main moves on after the fork point
    await chain.node.submitTx(transferCall(chain, alice, 2, token, bob.address, 100).bytes);
    chain.next();

    const created = chain.node.createBranch("feature", { height: forkHeight, by: alice.address });
    expect(created).toMatchObject({ name: "feature", head: { height: forkHeight }, base: { branch: "main", height: forkHeight }, pendingTxs: 0, createdBy: alice.address });
    expect(chain.node.stateRoot(undefined, "feature")).toBe(rootAtFork);
    // Reads on the branch: its head is the fork block, so main's later transfer is not there.
    expect(chain.node.queryContract(token, "balanceOf", [bob.address], { branch: "feature" }).result).toBe(0);
    expect(chain.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(100);
    expect(chain.node.getContract(token, { branch: "feature" }).name).toBe("Token");
    expect(chain.node.listContracts({ branch: "feature" })).toEqual([token]);

    // A transfer on the branch uses the branch's nonces (alice's 2 is free there).
    const r = await chain.node.submitTx(transferCall(chain, alice, 2, token, carol.address, 7).bytes, { branch: "feature" });
    expect(r.status).toBe("success");
    expect(chain.node.getBranch("feature").pendingTxs).toBe(1);
    expect(chain.node.queryContract(token, "balanceOf", [carol.address], { branch: "feature" }).result).toBe(7);
    expect(chain.node.queryContract(token, "balanceOf", [carol.address]).result).toBe(0);
    const sealed = chain.next();
    expect(sealed?.block.branch).toBe("main");
    const featureHead = chain.node.getBranch("feature").head;
    expect(featureHead.height).toBe(forkHeight + 1);
    const block = chain.node.getBlock(featureHead.height, { branch: "feature" })!;
    expect(block.block.branch).toBe("feature");
    expect(block.block.prevHash).toBe(created.head.hash);
    expect(block.receipts.map((x) => x.txHash)).toEqual([r.txHash]);

    // Tables at (branch, height) and the fork block from both sides.
    expect(chain.node.contractTable(token, "balances", { branch: "feature", height: featureHead.height }).total).toBe(2);
    expect(chain.node.contractTable(token, "balances", { branch: "main", height: chain.node.headHeight() }).total).toBe(2);
    expect(chain.node.queryContract(token, "balanceOf", [carol.address], { branch: "feature", height: forkHeight }).result).toBe(0);
    expect(chain.node.getBlock(forkHeight, { branch: "feature" })!.block.hash).toBe(chain.node.getBlock(forkHeight)!.block.hash);

    // Transactions resolve along each branch's own history.
    expect(chain.node.getTx(r.txHash, { branch: "feature" })?.state).not.toBe("pending");
    expect(chain.node.getTx(r.txHash)).toBeUndefined();
    expect(chain.node.getAccount(alice.address, { branch: "feature" }).nonce).toBe(2);
    expect(chain.node.getAccount(carol.address, { branch: "feature" }).nonce).toBe(0);
  });

  it("an idle branch adds no blocks, and blocks of a branch reach finality under the same producers", async () => {
    const { chain } = await tokenChain({ producerCount: 3 });
    chain.node.createBranch("idle");
    const before = chain.node.getBranch("idle").head.height;
    for (let i = 0; i < 5; i++) chain.next();
    expect(chain.node.getBranch("idle").head.height).toBe(before);

    chain.node.createBranch("busy");
    const start = chain.node.getBranch("busy").head.height;
    for (let i = 0; i < 4; i++) {
      await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: i + 1 }).bytes, { branch: "busy" });
      chain.next();
    }
    const busy = chain.node.getBranch("busy");
    expect(busy.head.height).toBe(start + 4);
    expect(busy.lastIrreversible).toBeGreaterThan(start);
    expect(chain.node.getAccount(carol.address, { branch: "busy" }).balance.aer).toBe("4");
    expect(chain.node.getAccount(carol.address).balance.aer).toBe("0");
  });

  it("a branch that goes quiet seals empty blocks until its transactions are final, then none: a wait for finality on it ends", async () => {
    const { chain } = await tokenChain({ producerCount: 3 });
    chain.node.createBranch("quiet");
    let final = false;
    const waiting = chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 1 }).bytes, { branch: "quiet", wait: "final" }).then((r) => {
      final = true;
      return r;
    });
    await until(() => chain.node.getBranch("quiet").pendingTxs === 1);
    chain.next();
    const txHeight = chain.node.getBranch("quiet").head.height;
    expect(chain.node.getBlock(txHeight, { branch: "quiet" })!.block.txCount).toBe(1);
    expect(chain.node.getBranch("quiet").lastIrreversible).toBeLessThan(txHeight);
    // Nothing else is sent to the branch: only its own empty blocks can make that block final.
    for (let i = 0; i < 6 && !final; i++) {
      chain.next();
      await new Promise((r) => setImmediate(r));
    }
    expect(final).toBe(true);
    expect((await waiting).status).toBe("success");
    const quiet = chain.node.getBranch("quiet");
    expect(quiet.lastIrreversible).toBeGreaterThanOrEqual(txHeight);
    // A quorum of 2 of 3 producers: one block of another producer after it is enough.
    expect(quiet.head.height).toBe(txHeight + 1);
    expect(chain.node.getBlock(quiet.head.height, { branch: "quiet" })!.block.txCount).toBe(0);
    for (let i = 0; i < 5; i++) chain.next();
    expect(chain.node.getBranch("quiet").head.height).toBe(txHeight + 1);
  });

  it("a consistent merge into a quiet branch is sealed (rows, no transactions of its own) and then made final", async () => {
    const { chain, token } = await tokenChain({ producerCount: 3 });
    chain.node.createBranch("target");
    chain.node.createBranch("rows", { mergeMode: "consistent" });
    await chain.node.submitTx(transferCall(chain, alice, 2, token, carol.address, 3).bytes, { branch: "rows" });
    chain.next();
    await chain.node.merge("rows", "target");
    chain.next();
    const target = chain.node.getBranch("target");
    const merged = chain.node.getBlock(target.head.height, { branch: "target" })!.block;
    expect(merged.txCount).toBe(0);
    expect(chain.node.queryContract(token, "balanceOf", [carol.address], { branch: "target" }).result).toBe(3);
    for (let i = 0; i < 4; i++) chain.next();
    await until(() => chain.node.getBranch("target").lastIrreversible >= merged.height);
    expect(chain.node.getBranch("target").head.height).toBe(merged.height + 1);
  });

  it("a restart (LMDB) with a branch's last transactions not yet final goes on sealing its empty blocks until they are", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-branches-"));
    try {
      const { chain } = await tokenChain({ producerCount: 3, store: createLmdbStore(dir) });
      chain.node.createBranch("quiet");
      await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 1 }).bytes, { branch: "quiet" });
      chain.next();
      const txHeight = chain.node.getBranch("quiet").head.height;
      await chain.node.close();

      const reopened = await createTestChain({ producerCount: 3, store: createLmdbStore(dir), startAt: chain.now });
      expect(reopened.node.getBranch("quiet")).toMatchObject({ head: { height: txHeight }, pendingTxs: 0 });
      expect(reopened.node.getBranch("quiet").lastIrreversible).toBeLessThan(txHeight);
      for (let i = 0; i < 4; i++) reopened.next();
      // Finality is announced once the store has committed the block (the clock stays pinned).
      await until(() => reopened.node.getBranch("quiet").lastIrreversible >= txHeight);
      expect(reopened.node.getBranch("quiet").head.height).toBe(txHeight + 1);
      await reopened.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the same signed transaction can land on two branches (each history holds it once)", async () => {
    const { chain } = await tokenChain();
    chain.node.createBranch("twin");
    const tx = chain.tx(bob, "transfer", { to: carol.address, amount: 5n, nonce: 1 });
    await chain.node.submitTx(tx.bytes);
    await chain.node.submitTx(tx.bytes, { branch: "twin" });
    chain.next();
    await expect(chain.node.submitTx(tx.bytes, { branch: "twin" })).rejects.toMatchObject({ code: "KNOWN_TX" });
    await expect(chain.node.submitTx(tx.bytes)).rejects.toMatchObject({ code: "KNOWN_TX" });
    // A branch started after it holds it too, through main's history.
    chain.node.createBranch("later");
    await expect(chain.node.submitTx(tx.bytes, { branch: "later" })).rejects.toMatchObject({ code: "KNOWN_TX" });
    expect(chain.node.getTx(tx.hashText, { branch: "later" })?.state).toBeDefined();
  });

  it("branches start from branches; deleting a base keeps its descendants' history", async () => {
    const { chain, token } = await tokenChain();
    chain.node.createBranch("a");
    await chain.node.submitTx(transferCall(chain, alice, 2, token, bob.address, 11).bytes, { branch: "a" });
    chain.next();
    chain.node.createBranch("b", { from: "a" });
    await chain.node.submitTx(transferCall(chain, alice, 3, token, carol.address, 22).bytes, { branch: "b" });
    chain.next();
    chain.node.deleteBranch("a");
    expect(chain.node.listBranches().map((x) => x.name)).toEqual(["main", "b"]);
    expect(chain.node.queryContract(token, "balanceOf", [bob.address], { branch: "b" }).result).toBe(11);
    expect(chain.node.queryContract(token, "balanceOf", [carol.address], { branch: "b" }).result).toBe(22);
    // The name is free again, for a new line of blocks.
    const again = chain.node.createBranch("a");
    expect(chain.node.queryContract(token, "balanceOf", [bob.address], { branch: again.name }).result).toBe(0);
    const walk = [];
    for (let h = 0; h <= chain.node.headHeight("b"); h++) walk.push(chain.node.getBlock(h, { branch: "b" })?.block.height);
    expect(walk).toEqual([...Array(chain.node.headHeight("b") + 1).keys()]);
  });

  it("refuses bad names, unknown branches, heights past the head, deleting main or a busy branch: nothing changes", async () => {
    const { chain } = await tokenChain();
    const names = () => chain.node.listBranches().map((b) => b.name);
    expect(errorCode(() => chain.node.createBranch("Feature"))).toBe("BAD_BRANCH_NAME");
    expect(errorCode(() => chain.node.createBranch("-x"))).toBe("BAD_BRANCH_NAME");
    expect(errorCode(() => chain.node.createBranch("a".repeat(65)))).toBe("BAD_BRANCH_NAME");
    expect(errorCode(() => chain.node.createBranch("x/y"))).toBe("BAD_BRANCH_NAME");
    expect(errorCode(() => chain.node.createBranch("main"))).toBe("BRANCH_EXISTS");
    expect(errorCode(() => chain.node.createBranch("x", { from: "nope" }))).toBe("UNKNOWN_BRANCH");
    expect(errorCode(() => chain.node.createBranch("x", { height: chain.node.headHeight() + 1 }))).toBe("BAD_HEIGHT");
    expect(errorCode(() => chain.node.createBranch("x", { height: -1 }))).toBe("BAD_HEIGHT");
    expect(errorCode(() => chain.node.deleteBranch("main"))).toBe("MAIN_BRANCH");
    expect(errorCode(() => chain.node.deleteBranch("nope"))).toBe("UNKNOWN_BRANCH");
    expect(errorCode(() => chain.node.getAccount(alice.address, { branch: "nope" }))).toBe("UNKNOWN_BRANCH");
    expect(names()).toEqual(["main"]);
    chain.node.createBranch("busy");
    await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 1 }).bytes, { branch: "busy" });
    expect(errorCode(() => chain.node.deleteBranch("busy"))).toBe("BRANCH_BUSY");
    await expect(chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 1 }).bytes, { branch: "nope" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(names()).toEqual(["main", "busy"]);
  });

  it("a restart (LMDB) reopens every branch: heads, contracts, answered transactions of an unsealed block", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-branches-"));
    try {
      const { chain, token } = await tokenChain({ store: createLmdbStore(dir) });
      chain.node.createBranch("feature", { by: alice.address });
      await chain.node.submitTx(transferCall(chain, alice, 2, token, carol.address, 9).bytes, { branch: "feature" });
      chain.next();
      const sealedHead = chain.node.getBranch("feature").head;
      // answered but not sealed when the node stops
      const pendingTx = transferCall(chain, alice, 3, token, carol.address, 1);
      await chain.node.submitTx(pendingTx.bytes, { branch: "feature" });
      const roots = { main: chain.node.stateRoot(), feature: chain.node.stateRoot(undefined, "feature") };
      await chain.node.close();

      const reopened = await createTestChain({ store: createLmdbStore(dir), startAt: chain.now });
      const f = reopened.node.getBranch("feature");
      expect(f.head).toEqual(sealedHead);
      expect(f.createdBy).toBe(alice.address);
      expect(f.pendingTxs).toBe(1);
      expect(reopened.node.stateRoot()).toBe(roots.main);
      expect(reopened.node.stateRoot(undefined, "feature")).toBe(roots.feature);
      expect(reopened.node.queryContract(token, "balanceOf", [carol.address], { branch: "feature" }).result).toBe(10);
      reopened.next();
      expect(reopened.node.getTx(pendingTx.hashText, { branch: "feature" })?.state).not.toBe("pending");
      expect(reopened.node.queryContract(token, "balanceOf", [carol.address]).result).toBe(0);
      await reopened.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
