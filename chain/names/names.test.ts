import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeHash, fromHex, sha256 } from "../crypto/hash.ts";
import { isChainError } from "../errors.ts";
import { diffStates } from "../state/stateDiff.ts";
import { proofFromJSON, verifyProof } from "../state/smt.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";
import { NAME_ACCOUNT, nameProblem } from "./names.ts";

const alice = devKeyPair("names-alice");
const bob = devKeyPair("names-bob");
const carol = devKeyPair("names-carol");
type Chain = Awaited<ReturnType<typeof createTestChain>>;

const register = (chain: Chain, key = alice, name = "alice.shop", fields: { amount?: bigint; owner?: string; destination?: string; to?: string } = {}) =>
  chain.node.submitTx(chain.tx(key, "name", { to: fields.to ?? NAME_ACCOUNT, amount: fields.amount ?? aergo(1), payload: { op: "register", name, ...(fields.owner ? { owner: fields.owner } : {}), ...(fields.destination ? { destination: fields.destination } : {}) } }).bytes);
const update = (chain: Chain, key: typeof alice, name: string, owner: string) =>
  chain.node.submitTx(chain.tx(key, "name", { to: NAME_ACCOUNT, payload: { op: "update", name, owner } }).bytes);

/** Balances and nonces of everyone involved plus the name's record: what a refusal must leave alone. */
function snapshot(chain: Chain, name: string) {
  const acct = (a: string) => ({ ...chain.node.getAccount(a), height: 0, pending: false });
  return { accounts: [alice, bob, carol].map((k) => acct(k.address)), nameAccount: acct(NAME_ACCOUNT), name: chain.node.getName(name) };
}

async function funded() {
  const chain = await createTestChain();
  await chain.fund(alice.address, 10n);
  await chain.fund(bob.address, 10n);
  chain.next();
  return chain;
}

describe("name rules", () => {
  it("accepts 3–32 lowercase letters, digits, - _ . starting with a letter, never an address", () => {
    for (const ok of ["abc", "alice.shop", "a-b_c.d9", "x".repeat(32)]) expect(nameProblem(ok)).toBeNull();
    for (const bad of ["ab", "x".repeat(33), "Alice", "9lives", ".dot", "has space", "ümlaut", alice.address, alice.address.toLowerCase()]) expect(nameProblem(bad)).not.toBeNull();
  });
});

describe("name transactions", () => {
  it("registers a name, pays the price to the name account, and resolves it at every height", async () => {
    const chain = await funded();
    const before = chain.node.headHeight();
    const r = await register(chain);
    expect(r.status).toBe("success");
    // The answered transaction is in the latest state at once.
    expect(chain.node.resolveName("alice.shop")).toBe(alice.address);
    const sealed = chain.next()!;
    const h = sealed.block.height;
    expect(chain.node.getName("alice.shop", { height: h })).toMatchObject({ owner: alice.address, destination: alice.address, registeredAt: h });
    expect(chain.node.getName("alice.shop", { height: before })).toBeNull();
    expect(() => chain.node.resolveName("alice.shop", { height: before })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(chain.node.getAccount(NAME_ACCOUNT).balance.aergo).toBe("1");
    expect(chain.node.getAccount(alice.address, { height: h }).balance.aer).toBe((aergo(9) - BigInt(r.fee.aer)).toString());
    expect(chain.node.getNamePrice()).toMatchObject({ price: { aergo: "1" }, nameAccount: NAME_ACCOUNT });
    // The state root commits to the name: a Merkle proof against the block's header.
    const p = chain.node.getNameProof("alice.shop", { height: h });
    expect(p.name?.destination).toBe(alice.address);
    expect(verifyProof(decodeHash(p.header.stateRoot), fromHex(p.key), sha256(fromHex(p.value!)), proofFromJSON(p.proof))).toBe(true);
    const absent = chain.node.getNameProof("alice.shop", { height: before });
    expect(absent.name).toBeNull();
    expect(verifyProof(decodeHash(absent.header.stateRoot), fromHex(absent.key), null, proofFromJSON(absent.proof))).toBe(true);
    // A state diff across the registration walks past the name entry without mistaking it for an account.
    const d = diffStates(chain.node.nodes, decodeHash(chain.node.stateRoot(before)), decodeHash(sealed.block.stateRoot));
    expect(d.accounts.map((a) => a.address)).toContain(NAME_ACCOUNT);
    await chain.node.close();
  });

  it("registers for another owner and a contract-like destination; the owner transfers it, others cannot", async () => {
    const chain = await funded();
    await register(chain, alice, "shop", { owner: bob.address, destination: carol.address });
    chain.next();
    expect(chain.node.getName("shop")).toMatchObject({ owner: bob.address, destination: carol.address });
    const refusedBefore = snapshot(chain, "shop");
    await expect(update(chain, alice, "shop", alice.address)).rejects.toMatchObject({ code: "FORBIDDEN" });
    chain.resetNonces();
    expect(snapshot(chain, "shop")).toEqual(refusedBefore);
    const r = await update(chain, bob, "shop", carol.address);
    expect(r.status).toBe("success");
    const h = chain.next()!.block.height;
    expect(chain.node.getName("shop", { height: h })).toMatchObject({ owner: carol.address, destination: carol.address, registeredAt: h });
    expect(chain.node.getName("shop", { height: h - 1 })).toMatchObject({ owner: bob.address });
    await expect(update(chain, alice, "nobody", alice.address)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await chain.node.close();
  });

  it("refuses bad names, taken names, the wrong price, too little AERGO and a wrong recipient, changing nothing", async () => {
    const chain = await funded();
    await register(chain, alice, "taken");
    chain.next();
    const poor = devKeyPair("names-poor");
    await chain.fund(poor.address, 1n); // 1 AERGO: the price, but not the price and the fee
    chain.next();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => register(chain, bob, "Bad Name"), "INVALID_NAME"],
      [() => register(chain, bob, alice.address), "INVALID_NAME"],
      [() => register(chain, bob, "taken"), "NAME_TAKEN"],
      [() => register(chain, bob, "cheap", { amount: aergo(1) / 2n }), "INVALID_AMOUNT"],
      [() => register(chain, bob, "elsewhere", { to: carol.address }), "INVALID_ADDRESS"],
      [() => register(chain, poor, "poorname"), "INSUFFICIENT_BALANCE"],
      [() => chain.node.submitTx(chain.tx(bob, "name", { to: NAME_ACCOUNT, amount: aergo(1), payload: { op: "steal", name: "taken" } }).bytes), "INVALID_PAYLOAD"],
    ];
    for (const [run, code] of cases) {
      const before = { ...snapshot(chain, "taken"), poor: chain.node.getAccount(poor.address).balance };
      await expect(run()).rejects.toMatchObject({ code });
      chain.resetNonces();
      expect({ ...snapshot(chain, "taken"), poor: chain.node.getAccount(poor.address).balance }).toEqual(before);
    }
    expect(chain.node.getAccount(NAME_ACCOUNT).balance.aergo).toBe("1");
    expect(chain.node.getName("cheap")).toBeNull();
    expect(() => chain.node.getName("Bad Name")).toThrow(expect.objectContaining({ code: "INVALID_NAME" }));
    await chain.node.close();
  });

  it("survives a restart: a sealed name from the store, an answered one from the journal; the block re-executes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-names-"));
    try {
      const first = await createTestChain({ store: createLmdbStore(dir) });
      await first.fund(alice.address, 5n);
      await register(first, alice, "sealed.name");
      first.next();
      await register(first, alice, "answered.name"); // answered, not sealed
      await first.node.close();
      const second = await createTestChain({ store: createLmdbStore(dir), startAt: first.now });
      expect(second.node.resolveName("sealed.name")).toBe(alice.address);
      expect(second.node.resolveName("answered.name")).toBe(alice.address);
      const h = second.next()!.block.height;
      expect(second.node.getName("answered.name", { height: h })).toMatchObject({ owner: alice.address });
      expect(second.node.verifyBlock(h).status).toBe("verified");
      expect(second.node.verifyBlock(h - 1).status).toBe("verified");
      await second.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is deterministic: twin chains fed the same random name transactions agree on every outcome and root", async () => {
    const NAMES = ["alpha", "beta.shop", "gamma_1", "Bad", "ab"];
    const KEYS = [alice, bob, carol];
    const step = fc.record({ who: fc.nat(2), op: fc.constantFrom("register", "update"), name: fc.nat(NAMES.length - 1), owner: fc.nat(2), pay: fc.constantFrom(0, 1, 2), seal: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const [a, b] = [await funded(), await funded()];
        await a.fund(carol.address, 10n);
        await b.fund(carol.address, 10n);
        let registered = 0n;
        for (const s of steps) {
          const payload = s.op === "register" ? { op: "register", name: NAMES[s.name] } : { op: "update", name: NAMES[s.name], owner: KEYS[s.owner]!.address };
          const outcomes = [];
          for (const c of [a, b]) {
            const tx = c.tx(KEYS[s.who]!, "name", { to: NAME_ACCOUNT, amount: aergo(s.pay), payload });
            try {
              outcomes.push((await c.node.submitTx(tx.bytes)).status);
            } catch (e) {
              if (!isChainError(e)) throw e;
              c.resetNonces();
              outcomes.push(e.code);
            }
          }
          expect(outcomes[0]).toBe(outcomes[1]);
          if (s.op === "register" && outcomes[0] === "success") registered++;
          if (s.seal) expect(a.next()!.block.stateRoot).toBe(b.next()!.block.stateRoot);
        }
        expect(a.next()!.block.stateRoot).toBe(b.next()!.block.stateRoot);
        // Every registration paid exactly the price, and nothing else reached the name account.
        expect(BigInt(a.node.getAccount(NAME_ACCOUNT).balance.aer)).toBe(registered * aergo(1));
        await Promise.all([a.node.close(), b.node.close()]);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
