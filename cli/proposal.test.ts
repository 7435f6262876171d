/**
 * `aergo proposal` against one real hub: a staked key creates a proposal, votes on it, lists and
 * shows it until it is enacted; bad input is a usage error or the chain's code, and sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProposalJSON, ProposalPageJSON, ReceiptJSON } from "../chain/types.ts";
import { waitUntil } from "../server/testing/hubProcess.ts";
import { startCliHarness, type CliHarness } from "./testing.ts";

let cli: CliHarness;

beforeAll(async () => {
  cli = await startCliHarness({
    ports: [3303, 3305],
    prefix: "aergo-cli-proposal-",
    prepare: async (run) => {
      const imported = await run(["keys", "import-dev"]);
      if (imported.code !== 0) throw new Error(`aergo keys import-dev: ${imported.stderr}`);
    },
  });
}, 240_000);

afterAll(async () => {
  await cli?.stop();
});

describe("aergo proposal", () => {
  it("creates, votes, lists and shows a name-price proposal until it is enacted", { timeout: 120_000 }, async () => {
    expect((await cli.runJson<ReceiptJSON>(["stake", "150", "--from", "dev-2", "--wait", "block"])).status).toBe("success");
    const created = await cli.runJson<ReceiptJSON>(["proposal", "create", "namePrice", "2.5aergo", "--from", "dev-2", "--description", "Dearer names", "--wait", "block"]);
    expect(created.status).toBe("success");
    const id = created.txHash;
    expect((await cli.runJson<ReceiptJSON>(["proposal", "vote", id, "yes", "--from", "dev-2", "--wait", "block"])).status).toBe("success");
    const shown = await cli.run(["proposal", "show", id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^change {4}namePrice to 2\.5 AERGO$/m);
    expect(shown.stdout).toMatch(/^votes {5}yes 150 \/ no 0 AERGO from 1 voter/m);
    const listed = await cli.runJson<ProposalPageJSON>(["proposal", "list"]);
    expect(listed.proposals[0]).toMatchObject({ id, param: "namePrice", value: "2500000000000000000" });
    const enacted = await waitUntil("the proposal is enacted", async () => {
      const p = await cli.runJson<ProposalJSON>(["proposal", "show", id]);
      return p.status === "open" ? undefined : p;
    }, 90_000, 500);
    expect(enacted.status).toBe("enacted");
    expect(((await cli.hub.request("/v1/getNamePrice")).json as { price: { aergo: string } }).price.aergo).toBe("2.5");
  });

  it("refuses bad input with a usage error or the chain's code", { timeout: 60_000 }, async () => {
    const unknown = await cli.run(["proposal", "create", "gasPrice", "1", "--from", "dev-2"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/not a governed parameter/);
    const tooHigh = await cli.run(["proposal", "create", "hubFeeBps", "900", "--from", "dev-2"]);
    expect(tooHigh.code).toBe(2);
    expect(tooHigh.stderr).toMatch(/0 to 500/);
    const badChoice = await cli.run(["proposal", "vote", "x".repeat(44), "maybe", "--from", "dev-2"]);
    expect(badChoice.code).toBe(2);
    const noStake = await cli.run(["proposal", "create", "hubFeeBps", "100", "--from", "dev-4"]);
    expect(noStake.code).not.toBe(0);
    expect(noStake.stderr).toMatch(/FORBIDDEN|Stake AERGO first/);
    const missing = await cli.run(["proposal", "show", "1".repeat(44)]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/NOT_FOUND|No proposal/);
  });
});
