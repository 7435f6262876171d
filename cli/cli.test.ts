/**
 * The real `aergo` CLI (node bin/aergo.mjs, a child process per run) against one real hub
 * (server/main.ts, API only, 300 ms blocks) started for this file.
 */
import fs from "node:fs/promises";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromHex, sha256, toHex } from "../chain/crypto/hash.ts";
import { createDevNetwork } from "../chain/node/genesis.ts";
import type { AccountProofJSON, ChainInfoJSON, ReceiptJSON } from "../chain/types.ts";
import { waitUntil } from "../server/testing/hubProcess.ts";
import { freePort, startCliHarness, TEST_PASSWORD as PASSWORD, type CliHarness } from "./testing.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

let cli: CliHarness;
let hubUrl = "";
let tmp = "";

const run = (args: string[], env?: Record<string, string | undefined>) => cli.run(args, env);
const runJson = <T = unknown>(args: string[], env?: Record<string, string | undefined>) => cli.runJson<T>(args, env);
const runFail = (args: string[], env?: Record<string, string | undefined>) => cli.runFail(args, env);

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}

beforeAll(async () => {
  cli = await startCliHarness({ ports: [3172, 3185], prefix: "aergo-cli-test-" });
  hubUrl = cli.hubUrl;
  tmp = cli.tmp;
});

afterAll(async () => {
  await cli?.stop();
});

describe("aergo CLI against a running hub", () => {
  let alice = "";
  let bob = "";

  it("prints usage for --help and for each command's --help, and a usage error with a hint otherwise", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    for (const c of ["keys", "faucet", "send", "balance", "tx", "block", "chain", "stake", "unstake", "vote"]) expect(top.stdout).toContain(c);
    const send = await run(["send", "--help"]);
    expect(send.code).toBe(0);
    expect(send.stdout).toMatch(/--from NAME/);

    const unknownCommand = await runFail(["sned"]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/Unknown command "sned"[\s\S]*Did you mean "aergo send"/);
    const unknownFlag = await runFail(["chain", "--verbose"]);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/unknown option --verbose[\s\S]*aergo chain --help/);
    const missing = await runFail(["send", "--to", "x", "--amount", "1"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--from NAME is required/);
  });

  it("creates, lists, exports and re-imports keys as Aergo keystore files", async () => {
    const created = await runJson<{ name: string; address: string }>(["keys", "new", "alice"]);
    expect(created.name).toBe("alice");
    expect(created.address).toMatch(/^A[1-9A-Za-z]{40,}$/);
    alice = created.address;
    bob = (await runJson<{ address: string }>(["keys", "new", "bob"])).address;

    const list = await runJson<{ name: string; address: string }[]>(["keys", "list"]);
    expect(list).toEqual([
      { name: "alice", address: alice },
      { name: "bob", address: bob },
    ]);

    const exported = await runJson<Record<string, unknown>>(["keys", "export", "alice"]);
    expect(exported).toMatchObject({ aergo_address: alice, ks_version: "1", cipher: { algorithm: "aes-128-ctr" }, kdf: { algorithm: "scrypt", params: { n: 32768, r: 8, p: 1, dklen: 32 } } });
    expect(JSON.stringify(exported)).not.toContain(PASSWORD);
    const file = path.join(tmp, "alice-export.json");
    await fs.writeFile(file, JSON.stringify(exported));
    const imported = await runJson<{ name: string; address: string }>(["keys", "import", "alice-copy", file]);
    expect(imported).toMatchObject({ name: "alice-copy", address: alice });

    const wrong = await runFail(["keys", "import", "alice-wrong", file], { AERGO_PASSWORD: "not-it" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/Wrong password/);
    const ks = exported as { cipher: { ciphertext: string } };
    const tampered = { ...exported, cipher: { ...ks.cipher, ciphertext: (ks.cipher.ciphertext[0] === "0" ? "1" : "0") + ks.cipher.ciphertext.slice(1) } };
    await fs.writeFile(path.join(tmp, "tampered.json"), JSON.stringify(tampered));
    expect((await runFail(["keys", "import", "alice-tampered", path.join(tmp, "tampered.json")])).code).toBe(1);
    await fs.writeFile(path.join(tmp, "broken.json"), '{"aergo_address": 1');
    expect((await runFail(["keys", "import", "alice-broken", path.join(tmp, "broken.json")])).stderr).toMatch(/not valid JSON/);
    expect((await runFail(["keys", "new", "alice"])).stderr).toMatch(/already exists/);
  });

  it("imports a keystore file written by Aergo itself", async () => {
    const vector = path.join(ROOT, "cli", "fixtures", "aergo-v1-keystore.json");
    const r = await runJson<{ address: string }>(["keys", "import", "from-aergo", vector], { AERGO_PASSWORD: "password" });
    expect(r.address).toBe("AmMzdvQMremMBwFqrVWc4Urq1VaFPmbAGY7VBtfDnCXE93vSct7H");
  });

  it("imports the dev network's demo keys once", async () => {
    const dev = createDevNetwork().devAccounts;
    const first = await runJson<{ name: string; address: string; imported: boolean }[]>(["keys", "import-dev"]);
    expect(first).toEqual(dev.map((d) => ({ name: d.label, address: d.address, imported: true })));
    const again = await runJson<{ imported: boolean }[]>(["keys", "import-dev"]);
    expect(again.every((r) => r.imported === false)).toBe(true);
  });

  it("asks for a password it cannot prompt for with a clear error", async () => {
    const r = await runFail(["send", "--from", "alice", "--to", "bob", "--amount", "1"], { AERGO_PASSWORD: "" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/set AERGO_PASSWORD/);
  });

  it("funds a key from the faucet and sends AERGO with a receipt, then a block height with --wait block", async () => {
    const faucet = await runJson<ReceiptJSON>(["faucet", "alice", "100"]);
    expect(faucet).toMatchObject({ status: "success", error: null });
    expect((await runJson<{ balance: { aergo: string } }>(["balance", "alice"])).balance.aergo).toBe("100");

    const first = await runJson<ReceiptJSON>(["send", "--from", "alice", "--to", "bob", "--amount", "1.5aergo"]);
    expect(first.txHash).toMatch(/^[1-9A-Za-z]{40,}$/);
    expect(first.status).toBe("success");
    expect(first.error).toBeNull();
    expect(first.gasUsed).toBeGreaterThan(0);
    expect(BigInt(first.fee.aer)).toBeGreaterThan(0n);
    expect(typeof first.fee.aergo).toBe("string");
    expect(first).toHaveProperty("blockHeight");

    const second = await runJson<ReceiptJSON>(["send", "--from", "alice", "--to", bob, "--amount", "500000000gaer", "--wait", "block"]);
    expect(second.status).toBe("success");
    expect(second.blockHeight).toEqual(expect.any(Number));

    const aliceAfter = await runJson<{ balance: { aer: string }; nonce: number }>(["balance", "alice"]);
    const bobAfter = await runJson<{ balance: { aer: string } }>(["balance", bob]);
    const spent = 2n * 10n ** 18n + BigInt(first.fee.aer) + BigInt(second.fee.aer);
    expect(BigInt(aliceAfter.balance.aer)).toBe(100n * 10n ** 18n - spent);
    expect(aliceAfter.nonce).toBe(2);
    expect(bobAfter.balance.aer).toBe((2n * 10n ** 18n).toString());

    const tx = await runJson<{ tx: { hash: string; from: string; to: string }; receipt: ReceiptJSON; state: string }>(["tx", second.txHash]);
    expect(tx.tx).toMatchObject({ hash: second.txHash, from: alice, to: bob });
    expect(tx.receipt.blockHeight).toBe(second.blockHeight);
    expect(["sealed", "final"]).toContain(tx.state);

    const block = await runJson<{ block: { height: number; txs: { hash: string }[] }; receipts: ReceiptJSON[] }>(["block", String(second.blockHeight)]);
    expect(block.block.height).toBe(second.blockHeight);
    expect(block.block.txs.map((t) => t.hash)).toContain(second.txHash);
    const byHash = await runJson<{ block: { height: number } }>(["block", second.blockHash!]);
    expect(byHash.block.height).toBe(second.blockHeight);
  });

  it("verifies a balance proof against a signed header, and refuses one a man in the middle altered", async () => {
    const proven = await runJson<{ address: string; balance: { aer: string }; nonce: number; verified: boolean; header: { height: number; stateRoot: string }; proof: { key: string } }>(["balance", "alice", "--proof"]);
    expect(proven.verified).toBe(true);
    expect(proven.address).toBe(alice);
    expect(proven.nonce).toBe(2);
    expect(proven.header.height).toBeGreaterThan(0);
    expect(proven.proof.key).toMatch(/^[0-9a-f]{64}$/);
    const plain = await runJson<{ balance: { aer: string } }>(["balance", "alice"]);
    expect(proven.balance.aer).toBe(plain.balance.aer);

    // A proxy that changes one byte of the account (and re-hashes it) on its way to the CLI.
    const proxy = http.createServer((req, res) => {
      void (async () => {
        const upstream = await fetch(hubUrl + req.url!);
        let body = await upstream.text();
        if (req.url!.includes("proof=true")) {
          const p = JSON.parse(body) as AccountProofJSON & { value: string };
          const value = fromHex(p.value);
          value[value.length - 10] = (value[value.length - 10] ?? 0) ^ 1;
          body = JSON.stringify({ ...p, value: toHex(value), valueHash: toHex(sha256(value)) });
        }
        res.writeHead(upstream.status, { "content-type": "application/json" }).end(body);
      })();
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
    try {
      const refused = await runFail(["balance", "alice", "--proof", "--hub", proxyUrl]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/proof does not verify/);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it("shows the chain info the hub reports", async () => {
    const info = await runJson<ChainInfoJSON>(["chain"]);
    const direct = await getJson<ChainInfoJSON>(`${hubUrl}/v1/getChainInfo`);
    expect(info.chainId).toBe(direct.chainId);
    expect(info.chainIdHash).toBe(direct.chainIdHash);
    expect(info.height).toBeGreaterThan(0);
    expect(info.lastIrreversible).toBeLessThanOrEqual(info.height);
    expect(info.producers).toHaveLength(3);
  });

  it("rejects bad input with exit 1 and a one-line reason naming the problem", async () => {
    expect((await runFail(["send", "--from", "carol", "--to", "bob", "--amount", "1"])).stderr).toMatch(/no key named "carol"/);
    const badAddress = alice.slice(0, -1) + (alice.endsWith("x") ? "y" : "x");
    const bad = await runFail(["send", "--from", "alice", "--to", badAddress, "--amount", "1"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a valid Aergo address/);
    expect((await runFail(["send", "--from", "alice", "--to", "nobody", "--amount", "1"])).stderr).toMatch(/"nobody" is not an address nor a local key, and no name "nobody" is registered on aergo\/main/);
    const abc = await runFail(["send", "--from", "alice", "--to", "bob", "--amount", "abc"]);
    expect(abc.code).toBe(1);
    expect(abc.stderr).toMatch(/"abc" is not an amount/);
    const poor = await runFail(["send", "--from", "bob", "--to", "alice", "--amount", "50"]);
    expect(poor.code).toBe(1);
    expect(poor.stderr).toMatch(/balance .* is short .*INSUFFICIENT_BALANCE/);
    expect((await runFail(["send", "--from", "alice", "--to", "bob", "--amount", "1"], { AERGO_PASSWORD: "nope" })).stderr).toMatch(/Wrong password for key "alice"/);
    // 43 ones are base58 of 43 zero bytes: no hash at all, refused as such; a well-formed unknown one is not found.
    expect((await runFail(["tx", "1111111111111111111111111111111111111111111"])).stderr).toMatch(/"hash" must be a hash: base58 of 32 bytes.*BAD_REQUEST/);
    expect((await runFail(["tx", "4Yq2wpkCDHsXPsGmKLPjP5brwRw9xFxvaRrDQ2iPzKpd"])).stderr).toMatch(/NOT_FOUND/);
  });

  it("says it cannot reach the hub when the hub is down", async () => {
    const port = await freePort(3186, 3189);
    const r = await runFail(["chain", "--hub", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`Cannot reach the hub at http://127\\.0\\.0\\.1:${port}`));
  });

  it("stakes and votes: the candidate gets the votes, and the next epoch elects it", async () => {
    const before = await runJson<ChainInfoJSON>(["chain"]);
    const standby = before.candidates.find((c) => !before.producers.some((p) => p.address === c.address))!;
    expect(standby).toBeDefined();

    const stake = await runJson<ReceiptJSON>(["stake", "2000", "--from", "dev-1"]);
    expect(stake.status).toBe("success");
    const vote = await runJson<ReceiptJSON>(["vote", standby.address, "--from", "dev-1", "--wait", "block"]);
    expect(vote.status).toBe("success");
    const staked = await runJson<{ staked: { aergo: string } }>(["balance", "dev-1"]);
    expect(staked.staked.aergo).toBe("2000");

    const after = await runJson<ChainInfoJSON>(["chain"]);
    expect(after.candidates[0]).toMatchObject({ address: standby.address, votes: { aergo: "2000" } });

    // The dev epoch is 30 blocks (9 s at 300 ms, longer on a busy machine that misses slots); the
    // vote counts from the next election: wait for it, or for the one after it (then it must show).
    const voteEpoch = Math.floor(vote.blockHeight! / after.epochLength);
    await waitUntil(
      "the election after the vote",
      async () => {
        const info = await getJson<ChainInfoJSON>(`${hubUrl}/v1/getChainInfo`);
        return info.producers.some((p) => p.address === standby.address) || info.epoch >= voteEpoch + 2 ? info : undefined;
      },
      150_000,
      250,
    );
    const elected = await runJson<ChainInfoJSON>(["chain"]);
    expect(elected.epoch).toBeGreaterThan(voteEpoch);
    expect(elected.producers.map((p) => p.address)).toContain(standby.address);

    const unstake = await runJson<ReceiptJSON>(["unstake", "500", "--from", "dev-1"]);
    expect(unstake.status).toBe("success");
    expect((await runJson<{ staked: { aergo: string } }>(["balance", "dev-1"])).staked.aergo).toBe("1500");
  }, 240_000);
});
