import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { contractAddressOf } from "../../chain/crypto/address.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { ReceiptJSON } from "../../chain/types.ts";
import { accountState, chainInfo, createKeyPair, devKeyPair, registerName, sendSignedTransaction } from "../support/devChain.ts";

const deployer = devKeyPair("dev-2");

/** A deploy or call signed by dev-2 with its next nonce, sent over REST; resolves when its block is sealed. */
async function sendContractTx(request: APIRequestContext, tx: { type: "deploy" | "call"; to?: string; payload: object }): Promise<ReceiptJSON> {
  const info = await chainInfo(request);
  const nonce = (await accountState(request, deployer.address)).nonce + 1;
  const signed = buildTx({
    type: tx.type,
    key: deployer,
    chainIdHash: info.chainIdHash,
    nonce,
    to: tx.to,
    gasPrice: BigInt(info.minGasPrice.aer),
    gasLimit: 5_000_000,
    payload: utf8Bytes(JSON.stringify(tx.payload)),
  });
  const res = await sendSignedTransaction(request, signed, "block");
  expect(res.status(), await res.text()).toBe(200);
  const receipt = (await res.json()) as ReceiptJSON;
  expect(receipt.status, JSON.stringify(receipt.error)).toBe("success");
  return receipt;
}

/** The Token contract of the language's reference, 1000 tokens to dev-2, then 10 of them sent to a fresh account. */
let contract: string;
let deployHeight: number;
let callTx: string;
const recipient = createKeyPair().address;

test.describe("the contract page", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async ({ playwright }, testInfo) => {
    const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
    try {
      const deploy = await sendContractTx(request, { type: "deploy", payload: { source: TOKEN_EXAMPLE, args: ["E2E Token", 1000] } });
      contract = deploy.contractAddress!;
      deployHeight = deploy.blockHeight!;
      const call = await sendContractTx(request, { type: "call", to: contract, payload: { procedure: "transfer", args: [recipient, 10] } });
      expect(call.events.map((e) => e.name)).toEqual(["Transfer"]);
      expect(call.blockHeight!).toBeGreaterThan(deployHeight);
      callTx = call.txHash;
    } finally {
      await request.dispose();
    }
  });

  async function openTab(page: Page, tab: string) {
    await page.getByTestId(`contract-tab-${tab}`).click();
    await expect(page).toHaveURL(new RegExp(`/contract/${contract}\\?tab=${tab}`));
  }

  test("opens a deployed contract and reads its source, deployer and ABI", async ({ page }) => {
    await page.goto(`/contract/${contract}`);
    await expect(page.getByTestId("contract-name")).toHaveText("Token");
    await expect(page.getByTestId("contract-address")).toHaveText(contract);
    await expect(page.getByTestId("contract-balance")).toHaveText("0 AERGO");
    const source = page.getByTestId("contract-source");
    await expect(source).toContainText("CONTRACT Token;");
    await expect(source).toContainText("PROCEDURE transfer (to ADDRESS, amount INTEGER) AS");
    await expect(source.getByTestId("source-line")).toHaveCount(TOKEN_EXAMPLE.trimEnd().split("\n").length);
    // The deploy is found in the index once its block is indexed (it may lag the chain by a block).
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId("contract-deployer")).toContainText(deployer.address, { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId("contract-deploy-block")).toHaveText(`#${deployHeight}`);

    await openTab(page, "abi");
    await expect(page.getByTestId("abi-procedure-transfer")).toContainText("to ADDRESS, amount INTEGER");
    await expect(page.getByTestId("abi-view-balanceOf")).toContainText("INTEGER");
    await expect(page.getByTestId("abi-view-holders")).toContainText("rows (owner, amount)");
    await expect(page.getByTestId("abi-table-balances")).toContainText("owner");
    await expect(page.getByTestId("abi-events")).toContainText("Transfer");
  });

  test("browses the balances table now and as of the deploy block", async ({ page }) => {
    await page.goto(`/contract/${contract}`);
    await openTab(page, "tables");
    const rows = page.getByTestId("table-rows").locator("tbody tr");
    await expect(rows).toHaveCount(2);
    await expect(page.getByTestId("table-rows")).toContainText("990");
    await expect(rows.filter({ hasText: "10" }).locator(`[title="${recipient}"]`).first()).toBeAttached();
    await expect(page.getByTestId("table-total")).toHaveText("2 rows");

    // Before the transfer, the deployer held the whole supply and nobody else a row.
    await page.getByTestId("table-height").fill(String(deployHeight));
    await page.getByTestId("table-height-submit").click();
    await expect(page).toHaveURL(new RegExp(`at=${deployHeight}`));
    await expect(page.getByTestId("table-as-of")).toContainText(`#${deployHeight}`);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("1000");
    await expect(page.getByTestId("table-total")).toHaveText("1 row");

    await page.getByTestId("table-pick-meta").click();
    await expect(page.getByTestId("table-rows")).toContainText("E2E Token");
  });

  test("runs a view from the Read tab, now and as of a block", async ({ page }) => {
    await page.goto(`/contract/${contract}?tab=read`);
    const form = page.getByTestId("read-view-balanceOf");
    await form.getByTestId("param-who").fill("not an address");
    await form.getByTestId("read-submit").click();
    await expect(form.getByTestId("param-error-who")).toContainText("not a valid Aergo address");

    await form.getByTestId("param-who").fill(recipient);
    await form.getByTestId("read-submit").click();
    await expect(form.getByTestId("read-result-balanceOf")).toHaveText("10");

    await form.getByTestId("read-height").fill(String(deployHeight));
    await form.getByTestId("read-submit").click();
    await expect(form.getByTestId("read-result-balanceOf")).toHaveText("0");

    const holders = page.getByTestId("read-view-holders");
    await holders.getByTestId("read-submit").click();
    await expect(holders.getByTestId("read-result-holders").locator("tbody tr")).toHaveCount(2);
  });

  test("lists the Transfer event and the contract's transactions", async ({ page }) => {
    await page.goto(`/contract/${contract}?tab=events`);
    // Events come from the index; the page refreshes on every block until it has them.
    const row = page.getByTestId("event-row").first();
    await expect(row).toContainText("Transfer", { timeout: 20_000 });
    await expect(row).toContainText("amount:");
    await expect(row.locator(`[title="${recipient}"]`).first()).toBeAttached();

    await page.getByTestId("events-from").fill(String(deployHeight + 1));
    await page.getByTestId("events-name").selectOption("Transfer");
    await page.getByTestId("events-submit").click();
    await expect(page).toHaveURL(/event=Transfer/);
    await expect(page.getByTestId("event-row")).toHaveCount(1);

    await openTab(page, "transactions");
    const txs = page.getByTestId("contract-tx-row");
    await expect(txs).toHaveCount(2);
    await expect(txs.nth(0)).toContainText("call");
    await expect(txs.nth(1)).toContainText("deploy");
  });

  test("builds the CLI command of a procedure on the Write tab", async ({ page }) => {
    await page.goto(`/contract/${contract}?tab=write`);
    await expect(page.getByTestId("write-signing-note")).toContainText("comes with the wallet");
    const form = page.getByTestId("write-procedure-transfer");
    await form.getByTestId("param-to").fill(recipient);
    await form.getByTestId("param-amount").fill("5");
    await form.getByTestId("write-from").fill("dev-2");
    await form.getByTestId("write-submit").click();
    const command = form.getByTestId("write-command-transfer");
    await expect(command).toContainText(`npx aergo call ${contract} transfer --from dev-2 --args '["${recipient}",5]'`);

    // The command follows the form; a bad amount is refused beside its field.
    await form.getByTestId("param-amount").fill("five");
    await expect(command).toBeHidden();
    await expect(form.getByTestId("param-error-amount")).toContainText("whole number");
  });

  test("shows the contract's names, beside its address and a call's recipient, and takes a name as an ADDRESS argument", async ({ page, request }) => {
    await registerName(request, deployer, "e2e.token", contract);
    await registerName(request, deployer, "e2e.holder", recipient);
    // Reverse display reads the index: wait until it has both names (nothing else here can move).
    const namesOf = async (address: string) => ((await (await request.get(`/api/trpc/names.ofAddress?input=${encodeURIComponent(JSON.stringify({ address }))}`)).json()) as { result: { data: string[] } }).result.data;
    await expect.poll(async () => [...(await namesOf(contract)), ...(await namesOf(recipient))], { timeout: 20_000 }).toEqual(["e2e.token", "e2e.holder"]);

    await page.goto(`/contract/${contract}`);
    await expect(page.getByTestId("contract-names")).toHaveText("e2e.token");
    await page.goto(`/tx/${callTx}`);
    await expect(page.getByTestId("tx-to-names")).toHaveText("e2e.token");

    await page.goto(`/contract/${contract}?tab=write`);
    const form = page.getByTestId("write-procedure-transfer");
    await form.getByTestId("param-to").fill("e2e.nobody");
    await form.getByTestId("param-amount").fill("5");
    await form.getByTestId("write-submit").click();
    await expect(form.getByTestId("param-error-to")).toContainText("not a registered name");
    await form.getByTestId("param-to").fill("e2e.holder");
    await expect(form.getByTestId("param-resolved-to-address")).toHaveText(recipient);
    // The command (like a wallet signature) carries the address the name resolved to.
    await expect(form.getByTestId("write-command-transfer")).toContainText(`--args '["${recipient}",5]'`);
  });

  test("reaches the contract page from search, the address page and its transactions", async ({ page }) => {
    await page.goto("/");
    const box = page.getByRole("search").first().getByTestId("search-input");
    await box.fill(contract);
    await box.press("Enter");
    await expect(page).toHaveURL(new RegExp(`/contract/${contract}$`));
    await expect(page.getByTestId("contract-name")).toHaveText("Token");

    await page.goto(`/address/${contract}`);
    await expect(page).toHaveURL(new RegExp(`/contract/${contract}$`));

    await openTab(page, "transactions");
    await page.getByTestId("contract-tx-row").first().locator('a[href^="/tx/"]').click();
    await expect(page.getByTestId("tx-call")).toContainText("transfer");
    await expect(page.getByTestId("tx-events")).toContainText("Transfer");
    await expect(page.getByTestId("tx-events")).toContainText("amount:");
    await page.getByTestId("tx-to").getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/contract/${contract}$`));
  });

  test("says so when no contract is deployed at an address", async ({ page }) => {
    const nothing = contractAddressOf(deployer.address, 999_999);
    const res = await page.goto(`/contract/${nothing}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toContainText("Contract not found");

    // An account's address is not a contract: its own page shows it.
    await page.goto(`/contract/${recipient}`);
    await expect(page).toHaveURL(new RegExp(`/address/${recipient}$`));
  });
});
