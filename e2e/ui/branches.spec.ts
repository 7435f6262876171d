import { expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import { createKeyPair } from "../support/devChain.ts";
import { createRepoPage, newPerson, signUp, unlockIfAsked } from "../support/people.ts";

/**
 * Branches in the browser: a person deploys the token example on main of a private repository,
 * starts branch `feature` on the Branches tab (signed by the wallet), sends a transfer on it from
 * the contract page, and the balances table differs between feature and main when the selector
 * switches between them. The index follows the branch: on feature the contract's events and
 * transactions and the sender's page list the transfer, on main they do not. The audit trail
 * names the branch; a second branch, started at a past block, is deleted again. Every check
 * waits for what the page shows, never for a block.
 */
const owner = newPerson("bria", "amber-Falcon-river-58");
const repoName = "forks";
const repo = `${owner.username}/${repoName}`;
const recipient = createKeyPair().address;
const contexts: BrowserContext[] = [];

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** The balances table's rows on the Tables tab now on screen. */
const balanceRows = (page: Page) => page.getByTestId("table-rows").locator("tbody tr");

test.describe("branches of a repository", () => {
  test.describe.configure({ mode: "serial" });
  let page: Page;
  let contract = "";
  let deployHeight = 0;
  let deployTx = "";
  let transferTx = "";

  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("deploys the token example on main", async ({ browser }) => {
    test.setTimeout(90_000);
    page = await signUp(browser, owner, contexts);
    await createRepoPage(page, owner, repoName, "private");
    await expect(page.getByTestId("branch-select")).toHaveValue("main");

    await page.getByTestId("deploy-source").fill(TOKEN_EXAMPLE);
    await page.getByTestId("deploy-args").fill('["Fork Token", 1000]');
    await page.getByTestId("deploy-submit").click();
    await unlockIfAsked(page, owner.password);
    const result = page.getByTestId("deploy-result");
    await expect(result).toHaveAttribute("data-status", "success", { timeout: 20_000 });
    contract = (await result.getByTestId("deploy-result-address").textContent())?.trim() ?? "";
    expect(contract).toMatch(/^A/);
    const tx = (await result.getByTestId("deploy-result-tx").locator("a").getAttribute("title")) ?? "";
    deployTx = tx;

    // A branch started at main's head must hold the deploy: wait until its block is sealed.
    await page.goto(`/${repo}/tx/${tx}`);
    await expect(page.getByTestId("tx-state")).toHaveText(/sealed|final/, { timeout: 20_000 });
    deployHeight = Number(((await page.getByTestId("tx-block-link").textContent()) ?? "").replace("#", ""));
    expect(deployHeight).toBeGreaterThan(0);

    // The deploy's block re-executes on the hub to the roots in its header.
    await page.goto(`/${repo}/block/${deployHeight}`);
    await page.getByTestId("block-verify").click();
    await expect(page.getByTestId("block-verify-status")).toHaveText("verified", { timeout: 20_000 });
    await expect(page.getByTestId("block-verification")).toContainText("(= header)");
  });

  test("starts branch feature on the Branches tab and opens it", async ({}, testInfo) => {
    test.setTimeout(60_000);
    await page.goto(`/${repo}/branches`);
    await expect(page.getByTestId("branches-row")).toHaveCount(1);
    await page.getByTestId("new-branch-name").fill("Feature!");
    await page.getByTestId("new-branch-submit").click();
    await expect(page.getByTestId("new-branch-name-error")).toContainText("not a branch name");

    await page.getByTestId("new-branch-name").fill("feature");
    await expect(page.getByTestId("new-branch-from")).toHaveValue("main");
    // The height follows main's head, which is at or past the deploy's block.
    await expect.poll(async () => Number(await page.getByTestId("new-branch-height").inputValue())).toBeGreaterThanOrEqual(deployHeight);
    await page.getByTestId("new-branch-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("new-branch-ok")).toContainText("feature", { timeout: 15_000 });
    const row = page.locator('[data-testid="branches-row"][data-branch="feature"]');
    await expect(row).toBeVisible();
    await expect(page.getByTestId("branch-base-feature")).toContainText("from main @");
    await expect(row).toContainText(owner.username);
    await shot(page, testInfo, "branches-page");

    // Signing the same name again: the hub's refusal, in words.
    await page.getByTestId("new-branch-name").fill("feature");
    await page.getByTestId("new-branch-submit").click();
    await expect(page.getByTestId("new-branch-name-error")).toContainText("already a branch feature");

    await page.getByTestId("new-branch-open").click();
    await expect(page).toHaveURL(new RegExp(`/${repo}\\?branch=feature$`));
    await expect(page.getByTestId("branch-select")).toHaveValue("feature");
    // Tabs keep the branch.
    await expect(page.getByTestId("repo-tab-contracts")).toHaveAttribute("href", `/${repo}/contracts?branch=feature`);
  });

  test("sends a transfer on feature from the contract page; main's balances stay as they were", async ({}, testInfo) => {
    test.setTimeout(60_000);
    // The branch holds the contract deployed on main before it started.
    const link = page.getByTestId("repo-contract-link").first();
    await expect(link).toHaveText("Token", { timeout: 15_000 });
    await expect(link).toHaveAttribute("href", `/${repo}/contract/${contract}?branch=feature`);
    await link.click();
    await expect(page.getByTestId("contract-branch")).toHaveText("on feature");

    await page.getByTestId("contract-tab-write").click();
    await expect(page).toHaveURL(/tab=write&branch=feature$/);
    const form = page.getByTestId("write-procedure-transfer");
    await form.getByTestId("param-to").fill(recipient);
    await form.getByTestId("param-amount").fill("10");
    await form.getByTestId("write-send").click();
    await unlockIfAsked(page, owner.password);
    await expect(page.getByTestId("write-result-transfer")).toHaveAttribute("data-status", "success", { timeout: 20_000 });
    transferTx = (await page.getByTestId("write-result-transfer-tx").locator("a").getAttribute("title")) ?? "";
    expect(transferTx).not.toBe("");

    // feature: the transfer's two rows (its latest state includes answered transactions).
    await page.getByTestId("contract-tab-tables").click();
    await expect(page).toHaveURL(/tab=tables&branch=feature$/);
    await expect(balanceRows(page)).toHaveCount(2, { timeout: 15_000 });
    await expect(page.getByTestId("table-rows")).toContainText("990");
    await expect(page.getByTestId("table-rows").locator(`[title="${recipient}"]`).first()).toBeAttached();
    await shot(page, testInfo, "feature-balances");

    // main: the deployer still holds the whole supply.
    await page.getByTestId("branch-select").selectOption("main");
    await expect(page).toHaveURL(new RegExp(`/${repo}/contract/${contract}\\?tab=tables$`));
    await expect(page.getByTestId("contract-branch")).toHaveCount(0);
    await expect(balanceRows(page)).toHaveCount(1);
    await expect(balanceRows(page).first()).toContainText("1000");
    await expect(page.getByTestId("table-rows").locator(`[title="${recipient}"]`)).toHaveCount(0);

    // And back: the branch kept its own state.
    await page.getByTestId("branch-select").selectOption("feature");
    await expect(page).toHaveURL(/tab=tables&branch=feature$/);
    await expect(balanceRows(page)).toHaveCount(2);
    await expect(page.getByTestId("table-rows")).toContainText("990");
  });

  test("the index follows feature: its events, the contract's and the sender's transactions list the transfer; main's do not", async ({}, testInfo) => {
    test.setTimeout(60_000);
    const onPage = (hash: string) => `[title="${hash}"]`;

    // feature's Events tab: the transfer's event, once its block is indexed (the page refreshes on every block).
    await page.goto(`/${repo}/contract/${contract}?tab=events&branch=feature`);
    await expect(page.getByTestId("contract-branch")).toHaveText("on feature");
    const events = page.getByTestId("event-row");
    await expect(events).toHaveCount(1, { timeout: 20_000 });
    await expect(events.first()).toContainText("Transfer");
    await expect(events.first().locator(onPage(transferTx))).toBeAttached();
    await expect(events.first().locator(onPage(recipient)).first()).toBeAttached();
    await expect(events.first().locator("a").first()).toHaveAttribute("href", /\?branch=feature$/);
    // The deployment, made on main before feature started, is feature's history too.
    await expect(page.getByTestId("contract-deploy-tx").locator("a")).toHaveAttribute("title", deployTx);
    const sender = (await page.getByTestId("contract-deployer").locator("a").getAttribute("title")) ?? "";
    expect(sender).toMatch(/^A/);
    await shot(page, testInfo, "feature-events");

    // feature's Transactions tab: the transfer above the deploy.
    await page.getByTestId("contract-tab-transactions").click();
    await expect(page).toHaveURL(/tab=transactions&branch=feature$/);
    const txs = page.getByTestId("contract-tx-row");
    await expect(txs).toHaveCount(2, { timeout: 15_000 });
    await expect(txs.first().locator(onPage(transferTx))).toBeAttached();
    await expect(txs.nth(1).locator(onPage(deployTx))).toBeAttached();

    // main: the deploy only, no event.
    await page.getByTestId("branch-select").selectOption("main");
    await expect(page).toHaveURL(new RegExp(`/${repo}/contract/${contract}\\?tab=transactions$`));
    await expect(txs).toHaveCount(1);
    await expect(txs.first().locator(onPage(deployTx))).toBeAttached();
    await expect(page.getByTestId("contract-txs").locator(onPage(transferTx))).toHaveCount(0);
    await page.getByTestId("contract-tab-events").click();
    await expect(page).toHaveURL(/tab=events$/);
    await expect(page.getByTestId("events-table")).toContainText("No events sealed yet");
    await expect(events).toHaveCount(0);

    // The sender's page on main: its history without the transfer, and its count.
    await page.goto(`/${repo}/address/${sender}`);
    const history = page.getByTestId("address-txs");
    await expect(history.locator(onPage(deployTx))).toBeAttached({ timeout: 15_000 });
    await expect(history.locator(onPage(transferTx))).toHaveCount(0);
    await expect(page.getByTestId("address-tx-count")).toHaveText(/^\d+$/);
    const onMain = Number(await page.getByTestId("address-tx-count").textContent());
    expect(onMain).toBeGreaterThan(0);

    // On feature: the transfer on top of the deploy, and one more transaction counted.
    await page.goto(`/${repo}/address/${sender}?branch=feature`);
    await expect(history.locator(onPage(transferTx))).toBeAttached({ timeout: 15_000 });
    await expect(history.locator(onPage(deployTx))).toBeAttached();
    await expect(history.locator("tbody tr").first().locator(onPage(transferTx))).toBeAttached();
    await expect(page.getByTestId("address-tx-count")).toHaveText(String(onMain + 1));
    await expect(history.locator(onPage(transferTx))).toHaveAttribute("href", /\?branch=feature$/);
    await shot(page, testInfo, "feature-sender");

    // The token's recipient is no party to the call (the contract is): its page lists no transaction on either branch.
    await page.goto(`/${repo}/address/${recipient}?branch=feature`);
    await expect(page.getByTestId("address-tx-count")).toHaveText("0");
  });

  test("the audit trail names the branch; a branch started at a past block is deleted again", async ({}, testInfo) => {
    test.setTimeout(60_000);
    await page.goto(`/${repo}/admin`);
    await expect(page.getByTestId("audit-trail")).toContainText("created branch feature");

    await page.goto(`/${repo}/branches`);
    await page.getByTestId("new-branch-name").fill("scratch");
    await page.getByTestId("new-branch-height").fill(String(deployHeight - 1));
    await page.getByTestId("new-branch-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("new-branch-ok")).toContainText("scratch", { timeout: 15_000 });
    await expect(page.getByTestId("branch-base-scratch")).toHaveText(`from main @ ${deployHeight - 1}`);

    // Before the deploy: scratch has no contract.
    await page.getByTestId("branch-link-scratch").click();
    await expect(page.getByTestId("branch-select")).toHaveValue("scratch");
    await expect(page.getByTestId("repo-contracts")).toContainText("No contracts deployed yet.");

    await page.getByTestId("repo-tab-branches").click();
    await page.getByTestId("branch-delete-scratch").click();
    await page.getByTestId("branch-delete-confirm-scratch").click();
    await unlockIfAsked(page, owner.password);
    await expect(page.getByTestId("branch-delete-ok")).toContainText("scratch", { timeout: 15_000 });
    await expect(page.locator('[data-testid="branches-row"][data-branch="scratch"]')).toHaveCount(0);
    // The page was on scratch: it is on main again.
    await expect(page.getByTestId("branch-select")).toHaveValue("main");
    // main cannot be deleted: no button for it.
    await expect(page.getByTestId("branch-delete-main")).toHaveCount(0);

    await page.goto(`/${repo}/admin`);
    await expect(page.getByTestId("audit-trail")).toContainText("deleted branch scratch");
    await shot(page, testInfo, "audit-trail-branches");
  });

  test("forks the repository at feature's head into another repository of the owner's, copy-on-write", async ({}, testInfo) => {
    test.setTimeout(60_000);
    await page.goto(`/${repo}?branch=feature`);
    await page.getByTestId("repo-fork").click();
    await expect(page).toHaveURL(/\/new\?fork=.*&branch=feature/);
    await expect(page.getByTestId("new-fork-of")).toContainText(`Fork of ${repo}`, { timeout: 15_000 });
    // The origin is private: so is its fork.
    await expect(page.getByTestId("new-private")).toBeChecked();
    await expect(page.getByTestId("new-public")).toBeDisabled();
    await page.getByTestId("new-name").fill("forks-copy");
    await page.getByTestId("new-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page).toHaveURL(new RegExp(`/${owner.username}/forks-copy$`), { timeout: 20_000 });
    await expect(page.getByTestId("repo-fork-of")).toContainText(`forked from ${repo}@feature block`);
    // The inherited contract is listed from the fork's first block.
    await expect(page.getByTestId("repo-contract-link").first()).toHaveText("Token", { timeout: 15_000 });
    await shot(page, testInfo, "fork-header");

    // The fork holds feature's state: the transfer's two rows, from its first block.
    await page.goto(`/${owner.username}/forks-copy/contract/${contract}?tab=tables`);
    await expect(balanceRows(page)).toHaveCount(2, { timeout: 15_000 });
    await expect(page.getByTestId("table-rows")).toContainText("990");
  });
});
