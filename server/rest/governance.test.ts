/**
 * Governance through the doors, over real HTTP against the hub process: stake and a proposal sent
 * to /v1, voted, enacted at its end block, read back by REST getProposal/getProposals/getStaking/
 * getVotes and tRPC governance.*; bad input is a 4xx with the chain's code and changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, ChainInfoJSON, ProposalJSON, ProposalPageJSON, ReceiptJSON, StakingJSON, TxTypeName } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { trpcQuery } from "../testing/people.ts";
import { sendTxBody } from "../testing/transfers.ts";

const PORT = 3301;
const dev3 = devKeyPair("dev-3");
let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;

async function send(key: KeyPair, type: TxTypeName, fields: { amount?: bigint; payload?: unknown; to?: string } = {}) {
  const nonce = ((await hub.request(`/v1/getState?account=${key.address}`)).json as AccountJSON).nonce + 1;
  const payload = fields.payload === undefined ? undefined : utf8Bytes(JSON.stringify(fields.payload));
  const tx = buildTx({ type, key, chainIdHash: info.chainIdHash, nonce, to: fields.to ?? null, amount: fields.amount ?? 0n, gasPrice: BigInt(info.minGasPrice.aer), payload });
  return hub.request("/v1/sendSignedTransaction", { method: "POST", body: sendTxBody(tx, "block"), headers: { "content-type": "application/json" } });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-gov-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "200" } });
  info = (await hub.request("/v1/getChainInfo")).json as ChainInfoJSON;
}, 240_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("governance over REST and tRPC", () => {
  it("stakes, proposes a hub fee, votes, and reads it enacted at its end block", { timeout: 90_000 }, async () => {
    expect((await send(dev3, "stake", { amount: 200n * AER_PER_AERGO })).status).toBe(200);
    const proposed = await send(dev3, "govern", { payload: { op: "propose", param: "hubFeeBps", value: "123", description: "A lower hub fee" } });
    expect(proposed.status, proposed.text).toBe(200);
    const id = (proposed.json as ReceiptJSON).txHash;
    expect((await send(dev3, "govern", { payload: { op: "vote", proposal: id, choice: "yes" } })).status).toBe(200);
    const open = (await hub.request(`/v1/getProposal?id=${id}`)).json as ProposalJSON;
    expect(open).toMatchObject({ id, param: "hubFeeBps", value: "123", yes: { aergo: "200" }, voters: 1 });
    const staking = (await hub.request(`/v1/getStaking?account=${dev3.address}`)).json as StakingJSON;
    expect(staking).toMatchObject({ staked: { aergo: "200" }, lockedUntil: open.endHeight });
    const enacted = await waitUntil("the proposal is enacted", async () => {
      const p = (await hub.request(`/v1/getProposal?id=${id}`)).json as ProposalJSON;
      return p.status === "open" ? undefined : p;
    }, 60_000, 200);
    expect(enacted).toMatchObject({ status: "enacted", closedAt: open.endHeight });
    const page = (await hub.request("/v1/getProposals?limit=5")).json as ProposalPageJSON;
    expect(page.proposals[0]).toMatchObject({ id, status: "enacted" });
    const overview = await trpcQuery(hub, "governance.overview", {}, null);
    expect(overview.data).toMatchObject({ governed: true, params: { hubFeeBps: 123 }, clock: { epochLength: info.epochLength } });
    const viaTrpc = await trpcQuery(hub, "governance.staking", { address: dev3.address, proposals: [id] }, null);
    expect(viaTrpc.data).toMatchObject({ staked: { aergo: "200" }, ballots: [{ proposal: id, choice: "yes", weight: { aergo: "200" } }] });
    const votes = (await hub.request("/v1/getVotes?count=2")).json as { candidates: unknown[]; producers: unknown[] };
    expect(votes.candidates.length).toBeLessThanOrEqual(2);
    expect(votes.producers).toHaveLength(3);
  });

  it("answers bad input with a 4xx and the chain's code, changing nothing", { timeout: 60_000 }, async () => {
    expect((await hub.request("/v1/getProposals?limit=0")).status).toBe(400);
    expect((await hub.request("/v1/getProposals?limit=abc")).status).toBe(400);
    expect((await hub.request("/v1/getProposal?id=short")).status).toBe(400);
    expect((await hub.request(`/v1/getProposal?id=${"1".repeat(44)}`)).status).toBe(404);
    expect((await hub.request("/v1/getStaking?account=-x-")).status).toBe(400);
    expect((await trpcQuery(hub, "governance.proposals", { limit: 1000 }, null)).status).toBe(400);
    const before = (await hub.request(`/v1/getState?account=${dev3.address}`)).json as AccountJSON;
    const refused = [
      [await send(dev3, "govern", { payload: { op: "propose", param: "hubFeeBps", value: "9999" } }), "INVALID_PAYLOAD"],
      [await send(dev3, "govern", { payload: { op: "propose", param: "everything", value: "1" } }), "INVALID_PAYLOAD"],
      [await send(dev3, "govern", { payload: { op: "vote", proposal: "1".repeat(44), choice: "yes" } }), "NOT_FOUND"],
      [await send(devKeyPair("gov-unstaked"), "govern", { payload: { op: "propose", param: "namePrice", value: "0" } }), "INSUFFICIENT_BALANCE"],
    ] as const;
    for (const [answer, code] of refused) {
      expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.json).toMatchObject({ error: { code } });
    }
    const after = (await hub.request(`/v1/getState?account=${dev3.address}`)).json as AccountJSON;
    expect({ ...after, height: 0, pending: false }).toEqual({ ...before, height: 0, pending: false });
  });
});
