import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contractAddressOf } from "../crypto/address.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import type { ChainStore } from "../store/types.ts";
import { ITEMS_CONTRACT, TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";

const alice = devKeyPair("contract-alice");
const bob = devKeyPair("contract-bob");
const GAS = 5_000_000;
const escrowSource = fs.readFileSync(path.resolve(import.meta.dirname, "../../examples/contracts/escrow.sql"), "utf8");

async function tokenChain(opts: Parameters<typeof createTestChain>[0] = {}) {
  const chain = await createTestChain(opts);
  await chain.fund(alice.address, 100n);
  await chain.fund(bob.address, 100n);
  const deploy = chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Hub Token", 1000] }, gasLimit: GAS });
  const receipt = await chain.node.submitTx(deploy.bytes);
  return { chain, receipt, token: receipt.contractAddress! };
}

describe("contracts on the chain", () => {
  it("deploys the Token example, runs transfer with its event, and reads views and tables at any height", async () => {
    const { chain, receipt, token } = await tokenChain();
    expect(receipt).toMatchObject({ status: "success", error: null });
    expect(token).toBe(contractAddressOf(alice.address, 1));
    chain.next();
    const deployedAt = chain.node.headHeight();
    const before = chain.node.stateRoot();

    const r = await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 250] }, gasLimit: GAS }).bytes);
    expect(r.status).toBe("success");
    expect(r.events).toEqual([{ index: 0, contract: token, name: "Transfer", args: { from: alice.address, to: bob.address, amount: 250 } }]);
    expect(r.gasUsed).toBeGreaterThan(100_000);
    chain.next();

    expect(chain.node.stateRoot()).not.toBe(before);
    expect(chain.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(250);
    expect(chain.node.queryContract(token, "balanceOf", [bob.address], { height: deployedAt }).result).toBe(0);
    expect(chain.node.queryContract(token, "balanceOf", [alice.address], { height: deployedAt }).result).toBe(1000);
    const holders = chain.node.contractTable(token, "balances", { height: chain.node.headHeight() });
    expect(holders.total).toBe(2);
    expect(chain.node.getContract(token)).toMatchObject({ name: "Token", source: TOKEN_EXAMPLE });
  });

  it("reverts a failing REQUIRE with its message and line, keeps the rows, and still charges the gas", async () => {
    const { chain, token } = await tokenChain();
    chain.next();
    const bobBefore = BigInt(chain.node.getAccount(bob.address).balance.aer);
    const r = await chain.node.submitTx(chain.tx(bob, "call", { to: token, payload: { procedure: "transfer", args: [alice.address, 5] }, gasLimit: GAS }).bytes);
    expect(r.status).toBe("error");
    expect(r.error?.message).toMatch(/transfer: insufficient balance \(line \d+\)/);
    expect(r.events).toEqual([]);
    const bobAfter = chain.node.getAccount(bob.address);
    expect(BigInt(bobAfter.balance.aer)).toBe(bobBefore - BigInt(r.fee.aer));
    expect(bobAfter.nonce).toBe(1);
    chain.next();
    expect(chain.node.queryContract(token, "balanceOf", [alice.address]).result).toBe(1000);
  });

  it("refuses a deploy that does not compile and a call to no contract, changing nothing", async () => {
    const chain = await createTestChain();
    await chain.fund(alice.address, 10n);
    const before = chain.node.getAccount(alice.address);
    await expect(chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: "CONTRACT X; CREATE TABLE t (a INTEGER PRIMARY KEY); VIEW v () AS SELECT random();" }, gasLimit: GAS }).bytes)).rejects.toMatchObject({ code: "INVALID_PAYLOAD" });
    chain.resetNonces();
    await expect(chain.node.submitTx(chain.tx(alice, "call", { to: bob.address, payload: { procedure: "x" }, gasLimit: GAS }).bytes)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(chain.node.getAccount(alice.address)).toEqual(before);
  });

  it("moves native AERGO with AMOUNT() and TRANSFER, and gives it back when the call reverts", async () => {
    const chain = await createTestChain();
    await chain.fund(alice.address, 100n);
    const d = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: escrowSource }, gasLimit: GAS }).bytes);
    expect(d.status).toBe("success");
    const escrow = d.contractAddress!;
    const open = await chain.node.submitTx(chain.tx(alice, "call", { to: escrow, amount: aergo(10), payload: { procedure: "open", args: [bob.address, alice.address] }, gasLimit: GAS }).bytes);
    expect(open).toMatchObject({ status: "success", returnValue: 1 });
    expect(chain.node.getAccount(escrow).balance.aergo).toBe("10");
    // The seller equal to the buyer is refused by a REQUIRE: the 5 AERGO sent come back.
    const aliceBefore = BigInt(chain.node.getAccount(alice.address).balance.aer);
    const bad = await chain.node.submitTx(chain.tx(alice, "call", { to: escrow, amount: aergo(5), payload: { procedure: "open", args: [alice.address, bob.address] }, gasLimit: GAS }).bytes);
    expect(bad.status).toBe("error");
    expect(BigInt(chain.node.getAccount(alice.address).balance.aer)).toBe(aliceBefore - BigInt(bad.fee.aer));
    expect(chain.node.getAccount(escrow).balance.aergo).toBe("10");
    const release = await chain.node.submitTx(chain.tx(alice, "call", { to: escrow, payload: { procedure: "release", args: [1] }, gasLimit: GAS }).bytes);
    expect(release.status).toBe("success");
    expect(chain.node.getAccount(bob.address).balance.aergo).toBe("10");
    expect(chain.node.getAccount(escrow).balance.aergo).toBe("0");
  });

  it("gives two nodes fed the same transactions the same state roots, block by block", async () => {
    const run = async () => {
      const { chain, token } = await tokenChain();
      const roots: string[] = [chain.next()!.block.stateRoot];
      for (let i = 1; i <= 5; i++) {
        await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, i] }, gasLimit: GAS }).bytes);
        roots.push(chain.next()!.block.stateRoot);
      }
      return roots;
    };
    expect(await run()).toEqual(await run());
  });

  it("restarts with every contract's rows, and answers views at past heights after the restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-contracts-"));
    try {
      const { chain, token } = await tokenChain({ store: createLmdbStore(dir) });
      chain.next();
      const deployedAt = chain.node.headHeight();
      await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 40] }, gasLimit: GAS }).bytes);
      chain.next();
      // Answered but not sealed when the node stops: restored from the journal.
      await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 2] }, gasLimit: GAS }).bytes);
      const root = chain.node.stateRoot();
      await chain.node.close();

      const again = await createTestChain({ store: createLmdbStore(dir), startAt: chain.now });
      expect(again.node.stateRoot()).toBe(root);
      expect(again.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(42);
      expect(again.node.queryContract(token, "balanceOf", [bob.address], { height: deployedAt }).result).toBe(0);
      again.next();
      expect(again.node.queryContract(token, "balanceOf", [bob.address], { height: again.node.headHeight() }).result).toBe(42);
      await again.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stores a block's change to a large contract as the pages it rewrote, and reads every height back after a restart", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-contract-pages-"));
    try {
      // Counts the bytes of every node the chain writes (contract pages among them).
      let written = 0;
      const counted = (store: ChainStore): ChainStore => ({ ...store, nodes: { get: (h) => store.nodes.get(h), put: (h, b) => ((written += b.length), store.nodes.put(h, b)) } });
      const chain = await createTestChain({ store: counted(createLmdbStore(dir)) });
      await chain.fund(alice.address, 100_000n);
      chain.next();
      const deploy = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: ITEMS_CONTRACT, args: [] }, gasLimit: GAS }).bytes);
      const items = deploy.contractAddress!;
      for (let i = 0; i < 4; i++) expect((await chain.node.submitTx(chain.tx(alice, "call", { to: items, payload: { procedure: "fill", args: [1000] }, gasLimit: 200_000_000 }).bytes)).status).toBe("success");
      chain.next();
      const full = Buffer.from(chain.node.contractState(items).snapshot, "base64");
      expect(full.length).toBeGreaterThan(800_000); // ~4,000 rows of 200 characters

      const heights: number[] = [];
      const perBlock: number[] = [];
      for (let i = 1; i <= 4; i++) {
        expect((await chain.node.submitTx(chain.tx(alice, "call", { to: items, payload: { procedure: "touch", args: [i * 900, `block ${i}`] }, gasLimit: GAS }).bytes)).status).toBe("success");
        written = 0;
        chain.next();
        perBlock.push(written);
        heights.push(chain.node.headHeight());
      }
      // Each block wrote its own nodes (header, txs, trees) and a few pages: a whole file a block before.
      for (const bytes of perBlock) expect(bytes).toBeLessThan(full.length / 10);
      const states = heights.map((height) => chain.node.contractState(items, { height }).snapshot);
      await chain.node.close();

      const again = await createTestChain({ store: createLmdbStore(dir), startAt: chain.now });
      heights.forEach((height, i) => {
        expect(again.node.contractState(items, { height }).snapshot).toBe(states[i]);
        expect(again.node.queryContract(items, "bodyOf", [(i + 1) * 900], { height }).result).toBe(`block ${i + 1}`);
        if (i > 0) expect(again.node.queryContract(items, "bodyOf", [(i + 1) * 900], { height: heights[i - 1] }).result).not.toBe(`block ${i + 1}`);
      });
      expect((await again.node.submitTx(again.tx(alice, "call", { to: items, payload: { procedure: "touch", args: [1, "after"] }, gasLimit: GAS }).bytes)).status).toBe("success");
      again.next();
      expect(again.node.queryContract(items, "bodyOf", [1]).result).toBe("after");
      await again.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
