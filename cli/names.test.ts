/**
 * `aergo name` and names wherever the CLI takes an account, against one real hub: register,
 * show, send to a name, update by the owner only, refusals with the chain's code, and the old
 * local contract book still read as a fallback.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevNetwork } from "../chain/node/genesis.ts";
import type { ReceiptJSON, TxJSON } from "../chain/types.ts";
import { startCliHarness, type CliHarness } from "./testing.ts";

const TOKEN = path.join("examples", "contracts", "token.sql");
const [dev1, dev2] = createDevNetwork().devAccounts.map((a) => a.address) as [string, string];
type NameOut = { name: string; owner: string | null; destination: string | null; registeredAt: number | null; height: number };

let cli: CliHarness;

beforeAll(async () => {
  cli = await startCliHarness({
    ports: [3261, 3270],
    prefix: "aergo-cli-names-",
    prepare: async (run) => {
      const imported = await run(["keys", "import-dev"]);
      if (imported.code !== 0) throw new Error(`aergo keys import-dev: ${imported.stderr}`);
    },
  });
}, 240_000);

afterAll(async () => {
  await cli?.stop();
});

describe("aergo name", () => {
  it("registers, shows, resolves in send and balance, and transfers a name by its owner only", { timeout: 120_000 }, async () => {
    expect(await cli.runJson<NameOut>(["name", "show", "cli.shop"])).toMatchObject({ owner: null, destination: null });
    const registered = await cli.runJson<ReceiptJSON>(["name", "register", "cli.shop", "--from", "dev-1", "--wait", "block"]);
    expect(registered.status).toBe("success");
    const shown = await cli.runJson<NameOut>(["name", "show", "cli.shop"]);
    expect(shown).toMatchObject({ name: "cli.shop", owner: dev1, destination: dev1, registeredAt: registered.blockHeight });
    const text = await cli.run(["name", "show", "cli.shop"]);
    expect(text.stdout).toMatch(new RegExp(`^destination  ${dev1}$`, "m"));

    // A transfer to the name goes to the address it resolves to.
    const sent = await cli.runJson<ReceiptJSON>(["send", "--from", "dev-2", "--to", "cli.shop", "--amount", "2", "--wait", "block"]);
    const tx = (await cli.hub.request(`/v1/getTx?hash=${sent.txHash}`)).json as { tx: TxJSON };
    expect(tx.tx.to).toBe(dev1);
    const byName = await cli.runJson<{ address: string }>(["balance", "cli.shop", "--height", String(sent.blockHeight)]);
    expect(byName.address).toBe(dev1);

    const taken = await cli.runFail(["name", "register", "cli.shop", "--from", "dev-2"]);
    expect(taken.stderr).toMatch(/registered already.*NAME_TAKEN/);
    const stolen = await cli.runFail(["name", "update", "cli.shop", "--owner", "dev-2", "--from", "dev-2"]);
    expect(stolen.stderr).toMatch(/Only the owner of "cli.shop".*FORBIDDEN/);
    const bad = await cli.runFail(["name", "register", "Cli Shop", "--from", "dev-1"]);
    expect(bad.stderr).toMatch(/not a valid name.*INVALID_NAME/);
    const unknown = await cli.runFail(["send", "--from", "dev-1", "--to", "nobody.here", "--amount", "1"]);
    expect(unknown.stderr).toMatch(/no name "nobody.here" is registered on aergo\/main/);

    const moved = await cli.runJson<ReceiptJSON>(["name", "update", "cli.shop", "--owner", "dev-2", "--from", "dev-1", "--wait", "block"]);
    expect(moved.status).toBe("success");
    expect(await cli.runJson<NameOut>(["name", "show", "cli.shop"])).toMatchObject({ owner: dev2, destination: dev2 });
    // As of the registration's block it was still dev-1's.
    expect(await cli.runJson<NameOut>(["name", "show", "cli.shop", "--at", String(registered.blockHeight)])).toMatchObject({ owner: dev1 });
  });

  it("deploys under a chain name, calls and queries by it, and still reads an old local book", { timeout: 120_000 }, async () => {
    const deployed = await cli.runJson<ReceiptJSON & { name: { name: string; status: string } }>(["deploy", TOKEN, "--from", "dev-1", "--args", '["Name", "NM", 77]', "--name", "cli.token", "--wait", "block"]);
    expect(deployed.name).toMatchObject({ name: "cli.token", status: "success" });
    expect(await cli.runJson(["query", "cli.token", "totalSupply"])).toMatchObject({ result: 77 });
    const called = await cli.runJson<ReceiptJSON>(["call", "cli.token", "transfer", "--from", "dev-1", "--args", JSON.stringify([dev2, 7]), "--wait", "block"]);
    expect(called.status).toBe("success");
    expect(await cli.runJson(["query", "cli.token", "balanceOf", "--args", JSON.stringify([dev2])])).toMatchObject({ result: 7 });
    // A book written by an earlier CLI (a name that is not a valid chain name) keeps working.
    await fs.writeFile(path.join(cli.home, "contracts.json"), JSON.stringify({ version: 2, repos: { "aergo/main": { OldGold: deployed.contractAddress } } }));
    expect(await cli.runJson(["query", "OldGold", "totalSupply"])).toMatchObject({ result: 77 });
  });
});
