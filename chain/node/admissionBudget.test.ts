/**
 * Gas bounds a call's work deterministically, but SQLite's work on long values is not
 * proportional to VM steps (a 32 KB comparison is one step): the producer gives a contract
 * transaction a wall-time budget at admission and refuses one that passes it. Refused means
 * not included: no receipt, no fee, nonce and state as they were, so time never decides what a
 * block holds. Here the budget is 250 ms against a deploy that takes a few ms and a call that
 * runs for seconds, so the outcome does not depend on the machine's speed.
 */
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";
import { SLOW_COMPARE_CONTRACT } from "../sql/testing/examples.ts";

const GAS = 5_000_000;
const alice = devKeyPair("admission-alice");

describe("the producer's admission time budget", () => {
  it("refuses a contract transaction past its budget: no receipt, no fee, nothing changed; the sender cools down", async () => {
    const chain = await createTestChain({ admissionTimeBudgetMs: 250 });
    await chain.fund(alice.address, 100n);
    const deploy = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: SLOW_COMPARE_CONTRACT, args: [] }, gasLimit: GAS }).bytes).catch((e: unknown) => e);
    expect(deploy).toMatchObject({ status: "success" });
    const slow = (deploy as { contractAddress: string }).contractAddress;
    chain.next();
    const before = chain.node.getAccount(alice.address);
    const root = chain.node.stateRoot();

    const call = chain.tx(alice, "call", { to: slow, payload: { procedure: "compare", args: [] }, gasLimit: GAS });
    await expect(chain.node.submitTx(call.bytes)).rejects.toMatchObject({ code: ErrorCode.ExecutionTimeout, message: expect.stringMatching(/did not include it; no fee was charged/) });
    expect(chain.node.getAccount(alice.address)).toEqual(before);
    expect(chain.node.info().pendingTxs).toBe(0);
    expect(chain.node.getTx(call.hashText)).toBeFalsy();

    // The next contract transaction from that sender is refused at once; a transfer is not.
    const again = chain.tx(alice, "call", { to: slow, payload: { procedure: "one", args: [] }, gasLimit: GAS, nonce: before.nonce + 1 });
    await expect(chain.node.submitTx(again.bytes)).rejects.toMatchObject({ code: ErrorCode.RateLimited });
    const transfer = await chain.node.submitTx(chain.tx(alice, "transfer", { to: devKeyPair("admission-bob").address, amount: aergo(1), nonce: before.nonce + 1 }).bytes);
    expect(transfer.status).toBe("success");
    chain.next();
    expect(chain.node.queryContract(slow, "rows", []).result).toBe(0);
    expect(chain.node.stateRoot()).not.toBe(root);
  });
});
