import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { CliError } from "./errors.ts";
import { createHubClient } from "./hubClient.ts";
import { signAndSend } from "./signAndSend.ts";

const amount = { aer: "0", aergo: "0" };
const key = devKeyPair("send-timeout");

describe("signAndSend", () => {
  // A hub that answers reads and never answers a send, as one waiting for a finality that is late.
  let server: http.Server;
  let url: string;
  const held: http.ServerResponse[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.url?.startsWith("/v1/getChainInfo")) return json({ chainId: "dev", chainIdHash: "11111111111111111111111111111111", consensus: "dpos", height: 1, headHash: "x", lastIrreversible: 0, epoch: 0, epochLength: 10, producers: [], candidates: [], minGasPrice: amount, devNetwork: true });
      if (req.url?.startsWith("/v1/getState")) return json({ address: key.address, balance: amount, nonce: 4, staked: amount, votes: [], height: 1, pending: false });
      held.push(res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    await new Promise((r) => server.close(r));
  });

  it("a send the hub does not answer in time names the transaction and where to look it up", async () => {
    const hub = createHubClient(url, { repo: "alice/ledger", branch: "feature", sendTimeoutMs: 300 });
    const failure = await signAndSend(hub, { type: "transfer", key, to: key.address, amount: 1n, wait: "final" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(CliError);
    const { message, hint } = failure as CliError;
    const hash = /transaction (\w+) was sent/.exec(message)?.[1];
    expect(message).toMatch(/did not answer within the wait for "final"; transaction \w+ was sent and may still land\./);
    expect(hash).toBeDefined();
    expect(hint).toBe(`See where it stands: aergo tx ${hash} --repo alice/ledger --branch feature`);
    expect(held).toHaveLength(1);
  });
});
