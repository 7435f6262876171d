import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { createKeyPair, devKeyPair, getJson, registerName } from "../support/devChain.ts";

/**
 * The browser wallet in Chromium: a key made in the browser is funded by the faucet, signs a
 * transfer, leaves as a keystore the CLI imports, and a CLI keystore comes in the other way;
 * then its owner signs in with the key alone (a signed challenge, no password sent).
 */
const run = promisify(execFile);
const PASSWORD = "amber-falcon-Ridge-58";

async function aergo(home: string, hub: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [path.resolve("bin/aergo.mjs"), ...args, "--hub", hub, "--json"], {
    env: { ...process.env, AERGO_HOME: home, AERGO_PASSWORD: PASSWORD },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as unknown;
}

/** A fresh key made in this browser, funded by the faucet: the wallet as a new user has it. */
async function fundedBrowserKey(page: Page): Promise<string> {
  await page.goto("/wallet");
  const create = page.getByTestId("wallet-create");
  await create.locator('input[name="new-password"]').fill(PASSWORD);
  await create.locator('input[name="confirm-password"]').fill(PASSWORD);
  await create.getByRole("button", { name: "Create key" }).click();
  const address = (await page.getByTestId("wallet-address").textContent({ timeout: 15_000 }))!.trim();
  await page.getByTestId("wallet-faucet").click();
  await expect(page.getByTestId("wallet-balance")).toContainText("1,000", { timeout: 15_000 });
  return address;
}

test.describe("the browser wallet", () => {
  test.describe.configure({ mode: "serial" });
  let home: string;
  test.beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), "aergo-e2e-wallet-"));
  });
  test.afterAll(() => rmSync(home, { recursive: true, force: true }));

  test("creates a key, gets AERGO from the faucet, signs a transfer, and exports a keystore the CLI imports", async ({ page, baseURL }, testInfo) => {
    await page.goto("/wallet");
    await expect(page.getByTestId("wallet-empty")).toBeVisible();
    const create = page.getByTestId("wallet-create");
    await create.locator('input[name="new-password"]').fill(PASSWORD);
    await create.locator('input[name="confirm-password"]').fill(PASSWORD);
    await create.getByRole("button", { name: "Create key" }).click();
    const address = (await page.getByTestId("wallet-address").textContent({ timeout: 15_000 }))!.trim();
    expect(address).toMatch(/^A[1-9A-HJ-NP-Za-km-z]{50,}$/);
    await expect(page.getByTestId("wallet-lock-state")).toHaveText("unlocked");

    await page.getByTestId("wallet-faucet").click();
    await expect(page.getByTestId("wallet-balance")).toContainText("1,000", { timeout: 15_000 });
    const send = page.getByTestId("wallet-send");
    await send.locator('input[name="to"]').fill("AmPa4aKrJed3DCZsSPWpzYb8d3bvkBVjhMthFe8kC7MDdrgX3Zob");
    await send.locator('input[name="amount"]').fill("1.5aergo");
    await send.getByRole("button", { name: "Sign & send" }).click();
    await expect(page.getByTestId("wallet-send-result")).toContainText("success", { timeout: 15_000 });
    await expect(page.getByTestId("wallet-balance")).toContainText("998", { timeout: 15_000 });
    const screenshot = testInfo.outputPath("wallet-after-transfer.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    await testInfo.attach("wallet-after-transfer", { path: screenshot, contentType: "image/png" });

    const download = page.waitForEvent("download");
    await page.getByTestId("wallet-export").first().click();
    const file = path.join(home, "browser-keystore.txt");
    await (await download).saveAs(file);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ aergo_address: address, ks_version: "1" });
    await aergo(home, baseURL!, "keys", "import", "from-browser", file);
    const balance = (await aergo(home, baseURL!, "balance", "from-browser")) as { address: string };
    expect(balance.address).toBe(address);
  });

  test("sends AERGO to a name: shows the address it resolves to before signing, and refuses a free name", async ({ page, request }) => {
    const friend = createKeyPair().address;
    await registerName(request, devKeyPair("dev-4"), "wallet.friend", friend);
    await fundedBrowserKey(page);
    const send = page.getByTestId("wallet-send");
    const signButton = send.getByRole("button", { name: "Sign & send" });
    await send.locator('input[name="amount"]').fill("2aergo");

    await send.locator('input[name="to"]').fill("nobody.here");
    await expect(page.getByTestId("wallet-send-recipient")).toContainText("not a registered name");
    await expect(signButton).toBeDisabled();
    await send.locator('input[name="to"]').fill("Not A Name");
    await expect(page.getByTestId("wallet-send-recipient")).toContainText("neither an Aergo address nor a valid name");
    await expect(signButton).toBeDisabled();

    await send.locator('input[name="to"]').fill("wallet.friend");
    await expect(page.getByTestId("wallet-send-recipient-address")).toHaveText(friend);
    await signButton.click();
    await expect(page.getByTestId("wallet-send-result")).toContainText(`success`, { timeout: 15_000 });
    await expect(page.getByTestId("wallet-send-result")).toContainText(`wallet.friend → ${friend}`);
    // The signed transaction carried the resolved address: the name's destination got the AERGO.
    const balance = await getJson<{ balance: { aer: string } }>(request, `/v1/getBalance?account=${friend}`);
    expect(balance.balance.aer).toBe("2000000000000000000");
  });

  test("imports a keystore made by the CLI, then signs in with that key alone", async ({ page, baseURL }) => {
    await aergo(home, baseURL!, "keys", "new", "cli-made");
    const exported = (await run(process.execPath, [path.resolve("bin/aergo.mjs"), "keys", "export", "cli-made", "--hub", baseURL!], { env: { ...process.env, AERGO_HOME: home, AERGO_PASSWORD: PASSWORD } })).stdout;
    const cliAddress = (JSON.parse(exported) as { aergo_address: string }).aergo_address;
    // The CLI's key gets an account by its first key sign-in (the CLI's own login).
    const username = `kay-${Date.now().toString(36).slice(-5)}`;
    await aergo(home, baseURL!, "login", "--key", "cli-made", "--username", username);

    await page.goto("/wallet");
    const imported = page.getByTestId("wallet-import");
    const file = path.join(home, "cli-keystore.txt");
    writeFileSync(file, exported);
    await imported.locator('input[name="keystore-file"]').setInputFiles(file);
    await imported.locator('input[name="keystore-password"]').fill(PASSWORD);
    await imported.getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("wallet-keys")).toContainText(cliAddress, { timeout: 15_000 });
    // A wrong password for a keystore is a clear error, and nothing is added.
    await page.reload();
    await page.getByTestId("wallet-import").locator('textarea[name="keystore-json"]').fill(exported);
    await page.getByTestId("wallet-import").locator('input[name="keystore-password"]').fill("not-the-password-1");
    await page.getByTestId("wallet-import").getByRole("button", { name: "Import" }).click();
    await expect(page.getByTestId("wallet-import").getByRole("alert")).toContainText(/Wrong password/);

    await page.goto("/signin");
    await page.getByTestId("signin-tab-key").click();
    await expect(page.getByTestId("signin-key-address")).toHaveText(cliAddress);
    await page.getByTestId("signin-key-submit").click();
    const dialog = page.getByRole("dialog", { name: "Unlock your wallet" });
    await dialog.getByLabel("Wallet password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Unlock" }).click();
    await expect(page.getByTestId("user-name")).toHaveText(username, { timeout: 15_000 });
  });
});
