import { beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../crypto/keys.ts";
import { compileContract, type ContractArtifact } from "../sql/index.ts";
import { buildTx } from "../tx/buildTx.ts";
import type { TxTypeName } from "../types.ts";
import { callPayloadBytes } from "./contractPayload.ts";
import { partitionBlock, txAccess } from "./dependencies.ts";
import { RELAY_CONTRACT } from "./testing/parallelContracts.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";

const chainIdHash = new Uint8Array(32);
const [alice, bob, carol, dave] = ["alice", "bob", "carol", "dave"].map((n) => devKeyPair(`deps:${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];
const tokenA = devKeyPair("deps:tokenA").address;
const tokenB = devKeyPair("deps:tokenB").address;
const relay = devKeyPair("deps:relay").address;
let nonce = 0;
const tx = (key: typeof alice, type: TxTypeName, to: string | null, payload?: Uint8Array) => buildTx({ type, key, chainIdHash, nonce: ++nonce, to, amount: 1n, gasPrice: 1n, gasLimit: 10_000_000, payload });
const transfer = (key: typeof alice, to: string) => tx(key, "transfer", to);
const call = (key: typeof alice, contract: string, procedure: string, args: unknown[]) => tx(key, "call", contract, callPayloadBytes(procedure, args));

let artifacts: Map<string, ContractArtifact>;
const artifactOf = (address: string) => artifacts.get(address) ?? null;

beforeAll(async () => {
  const token = await compileContract(TOKEN_EXAMPLE);
  const relayCode = await compileContract(RELAY_CONTRACT);
  if (!token.ok || !relayCode.ok) throw new Error("the test contracts do not compile");
  artifacts = new Map([[tokenA, token.artifact], [tokenB, token.artifact], [relay, relayCode.artifact]]);
});

describe("dependency analysis", () => {
  it("splits transfers between disjoint accounts into separate groups", () => {
    const p = partitionBlock([transfer(alice, bob.address), transfer(carol, dave.address)], artifactOf);
    expect(p).toEqual({ groups: [[0], [1]], serialReason: null });
  });

  it("joins transfers that share a sender or a recipient, keeping block order", () => {
    const p = partitionBlock([transfer(alice, bob.address), transfer(carol, dave.address), transfer(dave, alice.address), transfer(bob, devKeyPair("deps:eve").address)], artifactOf);
    expect(p.groups).toEqual([[0, 1, 2, 3]]);
    const q = partitionBlock([transfer(alice, bob.address), transfer(carol, dave.address), transfer(carol, bob.address)], artifactOf);
    expect(q.groups).toEqual([[0, 1, 2]]);
  });

  it("splits calls to two different token contracts", () => {
    const p = partitionBlock([call(alice, tokenA, "transfer", [bob.address, 1]), call(carol, tokenB, "transfer", [dave.address, 1]), call(bob, tokenA, "transfer", [alice.address, 1])], artifactOf);
    expect(p.groups).toEqual([[0, 2], [1]]);
  });

  it("joins every call to the same contract, whatever rows the callers touch", () => {
    const p = partitionBlock([call(alice, tokenA, "transfer", [bob.address, 1]), call(carol, tokenA, "transfer", [dave.address, 1])], artifactOf);
    expect(p.groups).toEqual([[0, 1]]);
  });

  it("marks a procedure that CALLs, TRANSFERs or reads BALANCE() serial, and a bounded one not", () => {
    expect(txAccess(call(alice, relay, "deposit", []), artifactOf)).toEqual({ kind: "bounded", addresses: [alice.address, relay] });
    expect(txAccess(call(alice, relay, "withdraw", [1]), artifactOf)).toMatchObject({ kind: "serial", reason: expect.stringContaining("transfers AERGO") });
    expect(txAccess(call(alice, relay, "forward", [tokenA, bob.address, 1]), artifactOf)).toMatchObject({ kind: "serial", reason: expect.stringContaining("calls another contract") });
    expect(txAccess(call(alice, relay, "peek", [bob.address]), artifactOf)).toMatchObject({ kind: "serial", reason: expect.stringContaining("BALANCE()") });
  });

  it("marks deploys, system transactions, unknown contracts and unknown procedures serial", () => {
    expect(txAccess(tx(alice, "deploy", null, new Uint8Array()), artifactOf).kind).toBe("serial");
    expect(txAccess(tx(alice, "stake", null), artifactOf).kind).toBe("serial");
    expect(txAccess(call(alice, devKeyPair("deps:nobody").address, "transfer", []), artifactOf).kind).toBe("serial");
    expect(txAccess(call(alice, tokenA, "mint", []), artifactOf).kind).toBe("serial");
  });

  it("puts the whole block in one group when one transaction is serial", () => {
    const p = partitionBlock([transfer(alice, bob.address), call(carol, relay, "withdraw", [1]), call(dave, tokenB, "transfer", [alice.address, 1])], artifactOf);
    expect(p.groups).toEqual([[0, 1, 2]]);
    expect(p.serialReason).toContain("transfers AERGO");
  });
});
