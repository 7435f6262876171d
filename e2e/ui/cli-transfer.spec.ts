import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { devKeyPair } from "../../chain/crypto/keys.ts";

const run = promisify(execFile);

/** Runs the real `aergo` CLI against the hub under test, with its own key store. */
async function aergo(home: string, hub: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [path.resolve("bin/aergo.mjs"), ...args, "--hub", hub, "--json"], {
    env: { ...process.env, AERGO_HOME: home, AERGO_PASSWORD: "e2e-password" },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

test.describe("the CLI and the explorer", () => {
  let home: string;
  test.beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), "aergo-e2e-cli-"));
  });
  test.afterAll(() => rmSync(home, { recursive: true, force: true }));

  test("opens the explorer, sends a transfer from the CLI and sees it on its page", async ({ page, baseURL }) => {
    const hub = baseURL!;
    await page.goto("/");
    await expect(page.getByTestId("chain-id")).toHaveText("aergo/main");

    await aergo(home, hub, "keys", "import-dev");
    const to = devKeyPair("e2e-cli-recipient").address;
    const receipt = await aergo(home, hub, "send", "--from", "dev-3", "--to", to, "--amount", "2.5aergo");
    expect(receipt).toMatchObject({ status: "success", error: null, blockHeight: null });
    const txHash = String(receipt.txHash);

    await page.getByTestId("search-input").first().fill(txHash);
    await page.getByTestId("search-input").first().press("Enter");
    await expect(page).toHaveURL(new RegExp(`/tx/${txHash}$`));
    await expect(page.getByTestId("tx-status")).toHaveText(/success/);
    await expect(page.getByTestId("tx-amount")).toHaveText("2.5 AERGO");
    await expect(page.getByTestId("tx-from")).toContainText(devKeyPair("dev-3").address);
    await expect(page.getByTestId("tx-to")).toContainText(to);
    await expect(page.getByTestId("tx-state")).toHaveText(/sealed|final/, { timeout: 20_000 });

    // The CLI sees the same sealed transaction and the recipient's new balance.
    const sealed = await aergo(home, hub, "tx", txHash);
    expect(sealed).toMatchObject({ receipt: { txHash, status: "success" } });
    const balance = await aergo(home, hub, "balance", to);
    expect(balance).toMatchObject({ address: to, balance: { aergo: "2.5" } });
    await page.goto(`/address/${to}`);
    await expect(page.getByTestId("address-balance")).toHaveText("2.5 AERGO");
  });
});
