import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { decodeHash, encodeHash } from "../crypto/hash.ts";
import { createWorldState } from "../state/worldState.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";

const GAS = 5_000_000;
const REGISTRY = fs.readFileSync(path.resolve(import.meta.dirname, "../../examples/contracts/registry.sql"), "utf8");
const [alice, bob, carol, dave] = ["alice", "bob", "carol", "dave"].map((n) => devKeyPair(`merge-${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];

type Chain = Awaited<ReturnType<typeof createTestChain>>;
const call = (chain: Chain, key: typeof alice, nonce: number, to: string, procedure: string, args: unknown[]) => chain.tx(key, "call", { to, nonce, payload: { procedure, args }, gasLimit: GAS });
const balance = (chain: Chain, address: string, branch?: string) => BigInt(chain.node.getAccount(address, { branch }).balance.aer);

/** Block `height`'s state root with its producer's account as it was before (the block's fees taken back out). */
function withoutProducerFees(chain: Chain, height: number): string {
  const producer = chain.node.getBlock(height)!.block.producer;
  const world = createWorldState(chain.node.nodes);
  const before = world.readAccount(decodeHash(chain.node.stateRoot(height - 1)), producer);
  return encodeHash(world.commitAccounts(decodeHash(chain.node.stateRoot(height)), new Map([[producer, before]])));
}

async function setup() {
  const chain = await createTestChain();
  for (const k of [alice, bob, carol, dave]) await chain.fund(k.address, 100n);
  const token = (await chain.node.submitTx(chain.tx(alice, "deploy", { nonce: 1, payload: { source: TOKEN_EXAMPLE, args: ["T", 1000] }, gasLimit: GAS }).bytes)).contractAddress!;
  const registry = (await chain.node.submitTx(chain.tx(alice, "deploy", { nonce: 2, payload: { source: REGISTRY }, gasLimit: GAS }).bytes)).contractAddress!;
  chain.next();
  return { chain, token, registry };
}

describe("automated merge (replay)", () => {
  it("re-runs the source's transactions on the target: applied ones land, the rest are excluded with a reason, nothing else changes", async () => {
    const { chain, token, registry } = await setup();
    chain.node.createBranch("feature");
    const feature = { branch: "feature" };
    const aliceToken = call(chain, alice, 3, token, "transfer", [bob.address, 100]);
    const daveName = call(chain, dave, 1, registry, "register", ["shop", dave.address]);
    const bobPays = chain.tx(bob, "transfer", { to: carol.address, amount: aergo(1), nonce: 1 });
    for (const tx of [aliceToken, daveName, bobPays]) expect((await chain.node.submitTx(tx.bytes, feature)).status).toBe("success");
    // main meanwhile: carol takes the name, alice uses her nonce 3
    await chain.node.submitTx(call(chain, carol, 1, registry, "register", ["shop", carol.address]).bytes);
    await chain.node.submitTx(chain.tx(alice, "transfer", { to: dave.address, amount: aergo(2), nonce: 3 }).bytes);
    chain.next();
    const carolBefore = balance(chain, carol.address);
    const mainRootBefore = chain.node.stateRoot();

    const preview = chain.node.previewMerge("feature", "main");
    expect(preview.base.height).toBe(chain.node.getBranch("feature").base!.height);
    expect(preview.applied.map((a) => [a.txHash, a.status])).toEqual([[bobPays.hashText, "success"]]);
    expect(preview.excluded.map((x) => [x.txHash, x.reason])).toEqual([
      [aliceToken.hashText, "NONCE"],
      [daveName.hashText, "CONTRACT_ERROR"],
    ]);
    expect(preview.excluded[1]!.message).toMatch(/the name is taken/);
    // A preview changes nothing.
    expect(chain.node.stateRoot()).toBe(mainRootBefore);
    expect(chain.node.info().pendingTxs).toBe(0);

    const merged = await chain.node.merge("feature", "main", { expectDigest: preview.digest });
    expect(merged).toEqual(preview);
    expect(chain.node.info().pendingTxs).toBe(1);
    const sealed = chain.next()!;
    // The preview's state root is the sealed block's, but for the fees its producer got.
    expect(preview.stateRoot).not.toBe(mainRootBefore);
    expect(withoutProducerFees(chain, sealed.block.height)).toBe(preview.stateRoot);
    expect(chain.node.getTx(bobPays.hashText)?.state).not.toBe("pending");
    expect(balance(chain, carol.address)).toBe(carolBefore + aergo(1));
    expect(chain.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(0);
    expect(chain.node.contractTable(registry, "names").rows.map((r) => r[1])).toEqual([carol.address]);
    // The source branch is as it was.
    expect(chain.node.queryContract(token, "balanceOf", [bob.address], feature).result).toBe(100);

    // Merging again adds nothing: the merge base moved to the source head last merged.
    const again = await chain.node.merge("feature", "main");
    expect(again.base).toEqual(merged.sourceHead);
    expect(again.applied).toEqual([]);
    expect(again.excluded).toEqual([]);
    expect(chain.node.info().pendingTxs).toBe(0);
  });

  it("a preview stays good while its source seals only empty blocks: a quiet branch going final, main every slot", async () => {
    const chain = await createTestChain({ producerCount: 3 });
    await chain.fund(bob.address, 100n);
    chain.next();
    chain.node.createBranch("feature");
    await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 1 }).bytes, { branch: "feature" });
    chain.next();
    const preview = chain.node.previewMerge("feature", "main");
    const back = chain.node.previewMerge("main", "feature");
    const heads = [chain.node.getBranch("feature").head.height, chain.node.headHeight()];
    for (let i = 0; i < 3; i++) chain.next();
    // Both sources have moved by empty blocks only: the branch's to make its transfer final.
    expect(chain.node.getBranch("feature").head.height).toBeGreaterThan(heads[0]!);
    expect(chain.node.headHeight()).toBeGreaterThan(heads[1]!);
    expect(preview.sourceHead.height).toBe(heads[0]);
    expect(back.sourceHead.height).toBeLessThan(heads[1]!);
    expect(await chain.node.merge("main", "feature", { expectDigest: back.digest })).toMatchObject({ applied: [] });
    const merged = await chain.node.merge("feature", "main", { expectDigest: preview.digest });
    expect(merged.applied).toHaveLength(1);
  });

  it("refuses a stale preview, a branch into itself and an unknown branch: nothing changes", async () => {
    const { chain } = await setup();
    chain.node.createBranch("feature");
    await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 1 }).bytes, { branch: "feature" });
    chain.next();
    const preview = chain.node.previewMerge("feature", "main");
    await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: 2 }).bytes, { branch: "feature" });
    chain.next();
    const root = chain.node.stateRoot();
    const code = async (p: Promise<unknown> | (() => unknown)) => {
      try {
        await (typeof p === "function" ? p() : p);
      } catch (e) {
        return isChainError(e) ? ((e.meta.code as string | undefined) ?? e.code) : String(e);
      }
      return "no error";
    };
    expect(await code(chain.node.merge("feature", "main", { expectDigest: preview.digest }))).toBe("STALE_PREVIEW");
    expect(await code(() => chain.node.previewMerge("main", "main"))).toBe("SAME_BRANCH");
    expect(await code(() => chain.node.previewMerge("nope", "main"))).toBe("UNKNOWN_BRANCH");
    expect(chain.node.stateRoot()).toBe(root);
    expect(chain.node.info().pendingTxs).toBe(0);
    // Merging into a branch with answered transactions of its own keeps their receipts.
    const own = await chain.node.submitTx(chain.tx(dave, "transfer", { to: alice.address, amount: 3n, nonce: 1 }).bytes);
    const merged = await chain.node.merge("feature", "main");
    expect(merged.targetPending).toBe(1);
    expect(merged.applied).toHaveLength(2);
    expect(chain.node.getTx(own.txHash)?.receipt).toEqual(own);
  });

  it("a prepared merge is computed once: committed as prepared when the target stayed, merged again when it moved", async () => {
    const { chain } = await setup();
    chain.node.createBranch("feature");
    const pays = chain.tx(bob, "transfer", { to: carol.address, amount: aergo(1), nonce: 1 });
    await chain.node.submitTx(pays.bytes, { branch: "feature" });
    chain.next();
    const code = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        return isChainError(e) ? ((e.meta.code as string | undefined) ?? e.code) : String(e);
      }
      return "no error";
    };

    // Discarded: nothing changes, and it cannot be committed afterwards.
    const dropped = chain.node.prepareMerge("feature", "main");
    dropped.discard();
    expect(await code(() => dropped.commit())).toBe("INTERNAL");
    expect(chain.node.info().pendingTxs).toBe(0);

    // The target stays: the commit adopts what was computed (the very report, not a second replay).
    const prepared = chain.node.prepareMerge("feature", "main");
    expect(chain.node.info().pendingTxs).toBe(0);
    expect(await prepared.commit("alice")).toBe(prepared.report);
    expect(chain.node.getTx(pays.hashText, {})?.state).toBe("pending");
    expect(await code(() => prepared.commit())).toBe("INTERNAL");
    chain.next();

    // The target moves between prepare and commit (an answered transaction): merged again on it,
    // the same outcome, and the target's transaction kept.
    await chain.node.submitTx(chain.tx(carol, "transfer", { to: dave.address, amount: 1n, nonce: 1 }).bytes, { branch: "feature" });
    chain.next();
    const later = chain.node.prepareMerge("feature", "main");
    const own = await chain.node.submitTx(chain.tx(dave, "transfer", { to: alice.address, amount: 3n, nonce: 1 }).bytes);
    const done = await later.commit();
    expect(done).not.toBe(later.report);
    expect(done.digest).toBe(later.report.digest);
    expect(done.targetPending).toBe(1);
    expect(chain.node.getTx(own.txHash)?.receipt).toEqual(own);
    expect(chain.node.info().pendingTxs).toBe(2);
  });

  it("the executed merge equals its preview, and balances move by replayed transfers (random branch pairs)", async () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const people = [alice, bob, carol, dave];
    for (let run = 0; run < 12; run++) {
      const { chain } = await setup();
      const nonces = new Map<string, number>();
      const send = async (branch: string, count: number) => {
        for (let i = 0; i < count; i++) {
          const from = people[rand(people.length)]!;
          const to = people[rand(people.length)]!;
          const key = `${branch}:${from.address}`;
          const nonce = (nonces.get(key) ?? chain.node.getAccount(from.address, { branch }).nonce) + 1;
          nonces.set(key, nonce);
          // Sometimes more than the sender has, so the target refuses it for funds.
          const amount = rand(4) === 0 ? aergo(60) : BigInt(1 + rand(1000));
          try {
            await chain.node.submitTx(chain.tx(from, "transfer", { to: to.address, amount, nonce }).bytes, { branch });
          } catch {
            nonces.set(key, nonce - 1);
          }
        }
      };
      chain.node.createBranch("a");
      for (const k of people) nonces.set(`a:${k.address}`, chain.node.getAccount(k.address, { branch: "a" }).nonce);
      await send("a", 3 + rand(6));
      await send("main", rand(5));
      chain.next();
      await send("a", rand(4));
      chain.next();
      const before = new Map(people.map((p) => [p.address, balance(chain, p.address)]));
      const preview = chain.node.previewMerge("a", "main");
      const merged = await chain.node.merge("a", "main", { expectDigest: preview.digest });
      expect(merged, `run ${run}`).toEqual(preview);
      chain.next();
      // Each applied transfer moved exactly its amount (plus the fee, zero gas price aside).
      const expected = new Map(before);
      for (const a of merged.applied) {
        const tx = chain.node.getTx(a.txHash)!;
        expect(tx.state, `run ${run}`).not.toBe("pending");
        const fee = BigInt(tx.receipt.fee.aer);
        const amount = BigInt(tx.tx.amount.aer);
        expected.set(tx.tx.from, expected.get(tx.tx.from)! - amount - fee);
        expected.set(tx.tx.to!, expected.get(tx.tx.to!)! + amount);
      }
      for (const p of people) expect(balance(chain, p.address), `run ${run} ${p.address}`).toBe(expected.get(p.address));
      await chain.node.close();
    }
  });
});
