/**
 * The contract commands of the real `aergo` CLI (compile, deploy, call, query, table, events)
 * against one real hub started for this file, with the example token contract.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevNetwork } from "../chain/node/genesis.ts";
import type { AccountJSON, ReceiptJSON } from "../chain/types.ts";
import { waitUntil } from "../server/testing/hubProcess.ts";
import { freePort, startCliHarness, type CliHarness } from "./testing.ts";

const TOKEN = path.join("examples", "contracts", "token.sql");
const [dev1, dev2] = createDevNetwork().devAccounts.map((a) => a.address) as [string, string];

type ContractReceipt = ReceiptJSON & { events: { name: string; args: Record<string, unknown> }[] };
type ContractEvent = { txHash: string; blockHeight: number; name: string; args: Record<string, unknown> };

let cli: CliHarness;

async function hubGet<T>(pathAndQuery: string): Promise<T> {
  return (await cli.hub.request(pathAndQuery)).json as T;
}

beforeAll(async () => {
  cli = await startCliHarness({
    ports: [3241, 3250],
    prefix: "aergo-cli-contracts-",
    prepare: async (run) => {
      const imported = await run(["keys", "import-dev"]);
      if (imported.code !== 0) throw new Error(`aergo keys import-dev: ${imported.stderr}`);
    },
  });
});

afterAll(async () => {
  await cli?.stop();
});

describe("aergo contract commands against a running hub", () => {
  let token = "";
  let deployHeight = 0;
  let callHeight = 0;
  let callTx = "";

  it("compiles a contract without a hub and prints its ABI", async () => {
    const offline = { AERGO_HUB: `http://127.0.0.1:${await freePort(3251, 3259)}` };
    const [abi, text] = await Promise.all([
      cli.runJson<{ name: string; constructor: { params: { name: string }[] }; procedures: { name: string }[]; views: { name: string }[] }>(["compile", TOKEN], offline),
      cli.run(["compile", TOKEN], offline),
    ]);
    expect(abi.name).toBe("Token");
    expect(abi.constructor.params.map((p) => p.name)).toEqual(["name", "symbol", "supply"]);
    expect(abi.procedures.map((p) => p.name)).toContain("transfer");
    expect(abi.views.map((v) => v.name)).toContain("balanceOf");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^contract Token$/m);
    expect(text.stdout).toMatch(/^ {2}transfer \(to ADDRESS, amount AMOUNT\)$/m);
  });

  it("reports compile errors as file:line:col on stderr, exits 1, and deploys nothing", async () => {
    const file = path.join(cli.tmp, "broken.sql");
    await fs.writeFile(file, "CONTRACT Broken;\nCREATE TABLE t (x INTEGER PRIMARY KEY);\nPROCEDURE p () AS\nBEGIN\n  INSERT INTO nosuch VALUES (1);\nEND;\n");
    const compiled = await cli.run(["compile", file]);
    expect(compiled.code).toBe(1);
    expect(compiled.stdout).toBe("");
    expect(compiled.stderr).toBe(`${file}:5:3: no such table: nosuch\nerror: ${file} does not compile (1 error).\n`);

    const before = await hubGet<AccountJSON>(`/v1/getState?account=${dev1}`);
    const deployed = await cli.run(["deploy", file, "--from", "dev-1", "--json"]);
    expect(deployed.code).toBe(1);
    expect(deployed.stdout).toBe("");
    expect(deployed.stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:3: no such table: nosuch$`, "m"));
    expect((await hubGet<AccountJSON>(`/v1/getState?account=${dev1}`)).nonce).toBe(before.nonce);
  });

  it("deploys the token with constructor arguments and registers its name on chain", async () => {
    const receipt = await cli.runJson<ContractReceipt>(["deploy", TOKEN, "--from", "dev-1", "--args", '["Gold", "GLD", 1000000]', "--name", "gold", "--wait", "block"]);
    expect(receipt.status).toBe("success");
    expect(receipt.contractAddress).toMatch(/^A[1-9A-Za-z]{40,}$/);
    expect(receipt.events).toEqual([expect.objectContaining({ name: "Transfer", args: { from: null, to: dev1, amount: 1000000 } })]);
    expect(receipt.blockHeight).toEqual(expect.any(Number));
    token = receipt.contractAddress!;
    deployHeight = receipt.blockHeight!;
    // The name is on chain, owned by the deployer and resolving to the contract; no local book is written.
    const named = await cli.runJson<{ owner: string; destination: string }>(["name", "show", "gold"]);
    expect(named).toMatchObject({ owner: dev1, destination: token });
    await expect(fs.access(path.join(cli.home, "contracts.json"))).rejects.toThrow();
    const contract = await hubGet<{ name: string }>(`/v1/getContract?address=${token}`);
    expect(contract.name).toBe("Token");

    const taken = await cli.runFail(["deploy", TOKEN, "--from", "dev-1", "--args", '["Gold", "GLD", 1]', "--name", "gold"]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/The name "gold" is registered already.*NAME_TAKEN/);
  });

  it("calls a procedure by the contract's name and shows its events and gas", async () => {
    const receipt = await cli.runJson<ContractReceipt>(["call", "gold", "transfer", "--from", "dev-1", "--args", JSON.stringify([dev2, 250]), "--wait", "block"]);
    expect(receipt).toMatchObject({ status: "success", error: null, returnValue: null, events: [{ name: "Transfer", args: { from: dev1, to: dev2, amount: 250 } }] });
    expect(receipt.gasUsed).toBeGreaterThan(100_000);
    callHeight = receipt.blockHeight!;
    callTx = receipt.txHash;
    expect(callHeight).toBeGreaterThan(deployHeight);

    const text = await cli.run(["call", "gold", "transfer", "--from", "dev-1", "--args", JSON.stringify({ to: dev2, amount: 1 })]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^call Token\.transfer: success$/m);
    expect(text.stdout).toContain(`Transfer(from=${dev1}, to=${dev2}, amount=1)`);
  });

  it("queries a view now and at the deploy height", async () => {
    const args = ["--args", JSON.stringify([dev2])];
    const [now, then, text] = await Promise.all([
      cli.runJson(["query", "gold", "balanceOf", ...args]),
      cli.runJson(["query", token, "balanceOf", ...args, "--at", String(deployHeight)]),
      cli.run(["query", "gold", "balanceOf", ...args]),
    ]);
    expect(now).toMatchObject({ result: 251, height: null });
    expect(then).toMatchObject({ result: 0, height: deployHeight });
    expect(text).toMatchObject({ code: 0, stdout: "251\n" });
  });

  it("verifies a view's answer with --proof against a signed header, at the deploy height too", async () => {
    const args = ["--args", JSON.stringify([dev2])];
    const then = await cli.runJson(["query", "gold", "balanceOf", ...args, "--proof", "--at", String(deployHeight)]);
    expect(then).toEqual({ result: 0, height: deployHeight, verified: true });
    const text = await cli.run(["query", "gold", "balanceOf", ...args, "--proof"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/verified ✓ re-run on the contract's rows proven against block \d+/);
  });

  it("shows a row's history with aergo blame: the transaction that created it, and who wrote each cell", async () => {
    const history = await cli.runJson<{ versions: { height: number; txHash: string | null; kind: string; changed: string[] }[]; cells: Record<string, { txHash: string | null } | null> }>(["blame", "gold", "balances", dev2]);
    const created = history.versions.at(-1)!;
    expect(created).toMatchObject({ height: callHeight, txHash: callTx, kind: "created", changed: ["owner", "amount"] });
    expect(Object.keys(history.cells)).toEqual(["owner", "amount"]);
    const text = await cli.run(["blame", "gold", "balances", dev2]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^block +tx +kind +changed +row$/m);
    expect(text.stdout).toContain(callTx.slice(0, 12));
    expect(text.stdout).toMatch(/^last written by:$/m);
    const bad = await cli.runFail(["blame", "gold", "balances", dev2, "extra"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/key of balances is 1 value/);
  });

  it("lists a table's rows now and at a height, as JSON and as an aligned table", async () => {
    const [now, then, text] = await Promise.all([
      cli.runJson<{ columns: string[]; rows: unknown[][]; total: number; height: number | null }>(["table", "gold", "balances"]),
      cli.runJson<{ rows: unknown[][]; total: number; height: number }>(["table", "gold", "balances", "--at", String(deployHeight)]),
      cli.run(["table", "gold", "balances", "--limit", "1", "--offset", "1"]),
    ]);
    expect(now.columns).toEqual(["owner", "amount"]);
    expect(now.total).toBe(2);
    expect(now.rows).toContainEqual([dev2, 251]);
    expect(then).toMatchObject({ rows: [[dev1, 1000000]], total: 1, height: deployHeight });
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^owner {2,}amount$/);
    expect(lines[1]).toMatch(/^-+ {2}-+$/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("rows 2-2 of 2 (latest state)");
  });

  it("lists the contract's events, filtered by name and height", async () => {
    // Events come from the index, which follows sealed blocks a moment later (the last transfer was
    // answered without waiting for its block).
    await waitUntil("the three Transfer events to be indexed", async () => ((await hubGet<unknown[]>(`/v1/getEvents?address=${token}`)).length >= 3 ? true : undefined), 45_000, 100);
    const [all, fromCall, approvals] = await Promise.all([
      cli.runJson<ContractEvent[]>(["events", "gold"]),
      cli.runJson<ContractEvent[]>(["events", "gold", "--event", "Transfer", "--from", String(callHeight), "--limit", "1"]),
      cli.runJson(["events", "gold", "--event", "Approval"]),
    ]);
    expect(all.map((e) => [e.name, e.args.amount])).toEqual([
      ["Transfer", 1000000],
      ["Transfer", 250],
      ["Transfer", 1],
    ]);
    expect(all[0]!.blockHeight).toBe(deployHeight);
    expect(fromCall).toEqual([expect.objectContaining({ blockHeight: callHeight, args: { from: dev1, to: dev2, amount: 250 } })]);
    expect(approvals).toEqual([]);
  });

  it("prints a reverted call's receipt and exits 1 with the reason and its source line", async () => {
    const r = await cli.run(["call", "gold", "transfer", "--from", "dev-2", "--args", JSON.stringify([dev1, 5000]), "--json"]);
    expect(r.code).toBe(1);
    const receipt = JSON.parse(r.stdout) as ReceiptJSON;
    expect(receipt).toMatchObject({ status: "error", error: { code: "REQUIRE_FAILED" }, events: [] });
    expect(BigInt(receipt.fee.aer)).toBeGreaterThan(0n);
    expect(r.stderr).toMatch(/^error: The transaction \S+ failed: transfer: insufficient balance \(line \d+\) \(REQUIRE_FAILED\)\n$/);
  });

  it("refuses --args that are not a JSON array or object with a usage error", async () => {
    const [notJson, scalar, wrongCount] = await Promise.all([
      cli.runFail(["call", "gold", "transfer", "--from", "dev-1", "--args", "[dev-2, 5"]),
      cli.runFail(["query", "gold", "balanceOf", "--args", "5"]),
      cli.runFail(["call", "gold", "transfer", "--from", "dev-1", "--args", "[5]"]),
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^error: aergo call: --args is not valid JSON/);
    expect(scalar.code).toBe(2);
    expect(scalar.stderr).toMatch(/--args must be a JSON array or object/);
    // Well-formed but wrong for the procedure: refused against the ABI before anything is signed.
    expect(wrongCount.code).toBe(1);
    expect(wrongCount.stderr).toMatch(/Token\.transfer: expected 2 arguments \(to ADDRESS, amount AMOUNT\), got 1/);
  });

  it("refuses unknown contracts and procedures called as views", async () => {
    const [unknownName, notAContract, view, redeploy] = await Promise.all([
      cli.runFail(["query", "silver", "balanceOf"]),
      cli.runFail(["table", dev2, "balances"]),
      cli.runFail(["call", "gold", "balanceOf", "--from", "dev-1", "--args", JSON.stringify([dev1])]),
      cli.runFail(["redeploy", TOKEN, "--contract", "gold"]),
    ]);
    expect(unknownName.code).toBe(1);
    expect(unknownName.stderr).toMatch(/The contract "silver" is not an address, and no name "silver" is registered on aergo\/main/);
    expect(notAContract.code).toBe(1);
    expect(notAContract.stderr).toMatch(/NOT_FOUND/);
    expect(view.stderr).toMatch(/balanceOf is a view of Token: read it with "aergo query gold balanceOf"/);
    expect(redeploy.code).toBe(2);
    expect(redeploy.stderr).toMatch(/aergo redeploy: .*--from NAME is required/);

    const help = await cli.run(["--help"]);
    for (const c of ["compile", "deploy", "call", "query", "table", "blame", "events", "redeploy"]) expect(help.stdout).toMatch(new RegExp(`^ {2}${c} `, "m"));
  });

  it("redeploys the token with a new table and view, keeps its rows, and refuses other keys and incompatible sources", async () => {
    const original = await fs.readFile(TOKEN, "utf8");
    const v2 = path.join(cli.tmp, "token-v2.sql");
    await fs.writeFile(v2, `${original}\nCREATE TABLE notes (owner ADDRESS PRIMARY KEY, note TEXT NOT NULL DEFAULT '');\n\nPROCEDURE note (text TEXT) AS\nBEGIN\n  INSERT INTO notes VALUES (SENDER(), :text) ON CONFLICT (owner) DO UPDATE SET note = excluded.note;\nEND;\n\nVIEW noteOf (who ADDRESS) RETURNS TEXT AS\n  SELECT note FROM notes WHERE owner = :who;\n`);
    const retyped = path.join(cli.tmp, "token-retyped.sql");
    await fs.writeFile(retyped, original.replace("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);", "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"));

    const [notDeployer, incompatible] = await Promise.all([
      cli.run(["redeploy", v2, "--contract", "gold", "--from", "dev-2"]),
      cli.run(["redeploy", retyped, "--contract", "gold", "--from", "dev-1"]),
    ]);
    expect(notDeployer.code).toBe(1);
    expect(notDeployer.stderr).toMatch(/Only the account that deployed Token .* can redeploy it/);
    expect(incompatible.code).toBe(1);
    expect(incompatible.stderr).toContain(`${retyped}:1:1: The column meta.value changed (type TEXT → BLOB)`);

    const receipt = await cli.runJson<ContractReceipt>(["redeploy", v2, "--contract", "gold", "--from", "dev-1", "--wait", "block"]);
    expect(receipt.status).toBe("success");
    expect((await hubGet<{ source: string }>(`/v1/getContract?address=${token}`)).source).toContain("CREATE TABLE notes");
    const noted = await cli.runJson<ContractReceipt>(["call", "gold", "note", "--from", "dev-2", "--args", JSON.stringify(["hello"]), "--wait", "block"]);
    expect(noted.status).toBe("success");
    const [note, balance] = await Promise.all([cli.runJson(["query", "gold", "noteOf", "--args", JSON.stringify([dev2])]), cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([dev2])])]);
    expect(note).toMatchObject({ result: "hello" });
    expect(balance).toMatchObject({ result: 251 });
  });
});
