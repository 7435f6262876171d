import { base64 } from "@scure/base";
import { describe, expect, it } from "vitest";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { verifyContractQuery } from "./verifyContractQuery.ts";

const alice = devKeyPair("proof-alice");
const bob = devKeyPair("proof-bob");
const GAS = 5_000_000;

async function provenToken() {
  const chain = await createTestChain();
  await chain.fund(alice.address, 10n);
  const d = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Proof", 1000] }, gasLimit: GAS }).bytes);
  await chain.node.submitTx(chain.tx(alice, "call", { to: d.contractAddress!, payload: { procedure: "transfer", args: [bob.address, 77] }, gasLimit: GAS }).bytes);
  chain.next();
  chain.next();
  return { chain, token: d.contractAddress! };
}

describe("proofs of a view's answer", () => {
  it("verifies a view's result against a signed header alone", async () => {
    const { chain, token } = await provenToken();
    const proof = chain.node.queryContractProof(token, "balanceOf", [bob.address]);
    expect(proof.result).toBe(77);
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], proof, chain.node.chainIdHash)).resolves.toMatchObject({ result: 77, height: proof.height });
    const atDeploy = chain.node.queryContractProof(token, "balanceOf", [bob.address], { height: 1 });
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], atDeploy, chain.node.chainIdHash)).resolves.toMatchObject({ result: 77 });
  });

  it("refuses a forged result, forged rows, another source, another chain and a tampered header", async () => {
    const { chain, token } = await provenToken();
    const proof = chain.node.queryContractProof(token, "balanceOf", [bob.address]);
    const id = chain.node.chainIdHash;
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], { ...proof, result: 1_000_000 }, id)).rejects.toThrow(/another result/);
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], { ...proof, source: proof.source + "\n-- changed" }, id)).rejects.toThrow(/not the contract's code/);
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], proof, "CoH1U63s4rjEnqv1A7qN6ABDfKsHbR4vfS1GGFqv8tJS")).rejects.toThrow(/another chain/);
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], { ...proof, account: { ...proof.account, header: { ...proof.account.header, timestamp: 1 } } }, id)).rejects.toThrow(/hash to its hash/);
    // Rows from another database (an earlier height's) cannot pass for this height's storage root.
    await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 1] }, gasLimit: GAS }).bytes);
    chain.next();
    const otherDb = chain.node.queryContractProof(token, "balanceOf", [bob.address]).snapshot;
    expect(otherDb).not.toBe(proof.snapshot);
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], { ...proof, snapshot: otherDb }, id)).rejects.toThrow(/storage root/);
    await expect(verifyContractQuery(token, "balanceOf", [bob.address], { ...proof, snapshot: base64.encode(new Uint8Array(100)) }, id)).rejects.toThrow(/does not open|storage root/);
  });
});
