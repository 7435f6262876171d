import { expect, test, type APIRequestContext, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { AER_PER_AERGO, getJson } from "../support/devChain.ts";
import { createRepoPage, newPerson, signUp, unlockIfAsked } from "../support/people.ts";

/**
 * The marketplace's purchase path end to end in Chromium: a publisher writes an escrow contract
 * from the editor's template and lists it at 5 AERGO; a buyer finds it, tries it in the browser
 * engine, buys it with the wallet (5 AERGO + the fee leave the balance), installs it into a
 * private repository, deploys it from the editor and reviews it; the publisher's dashboard shows
 * the sale and 4.9 AERGO of revenue (the 2% hub fee is kept). The chain seals a block every
 * half second and the index trails it by a block: whatever the index shows is waited for.
 */
const publisher = newPerson("pub", "saffron-Kettle-orbit-35");
const buyer = newPerson("buy", "granite-Willow-ferry-82");
const pkg = `escrow-${publisher.username.slice(4)}`;
const PRICE_AER = 5n * AER_PER_AERGO;
const README = "## Escrow\n\nHolds **AERGO** until release.\n\n<img src=x onerror=\"document.title='pwned'\">\n";
const contexts: BrowserContext[] = [];

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Funds the person's key from the dev faucet on /wallet; answers their address once the AERGO arrived. */
async function fundFromFaucet(page: Page): Promise<string> {
  await page.goto("/wallet");
  const address = (await page.getByTestId("wallet-address").textContent({ timeout: 15_000 }))!.trim();
  await page.getByTestId("wallet-faucet").click();
  await expect(page.getByTestId("wallet-balance")).toContainText("1,000", { timeout: 30_000 });
  return address;
}

const balanceOf = async (request: APIRequestContext, address: string) => BigInt((await getJson<{ balance: { aer: string } }>(request, `/v1/getBalance?account=${address}`)).balance.aer);

test.describe("the marketplace", () => {
  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("a template is published, tried, bought, installed into a private repository, deployed and reviewed; the publisher sees the sale", async ({ browser, request }, testInfo) => {
    test.setTimeout(180_000);

    // The publisher: a repository with the escrow template, listed at 5 AERGO.
    const pub = await signUp(browser, publisher, contexts);
    await fundFromFaucet(pub);
    await createRepoPage(pub, publisher, "escrow-src", "public");
    await pub.goto(`/${publisher.username}/escrow-src/editor`);
    await pub.getByTestId("new-file").click();
    await pub.getByTestId("template-escrow").click();
    await expect(pub.getByTestId("tab")).toHaveAttribute("data-path", "escrow.sql");

    await pub.goto("/market/publish");
    await expect(pub.getByTestId("publish-repo")).toHaveValue(`${publisher.username}/escrow-src`);
    await pub.locator('[data-testid="publish-file"][data-path="escrow.sql"]').check();
    await expect(pub.getByTestId("publish-hash")).toHaveText(/^[0-9a-f]{64}$/);
    await pub.getByTestId("publish-package").fill(pkg);
    await pub.getByTestId("publish-title").fill("Escrow of AERGO");
    await pub.getByTestId("publish-description").fill("Holds AERGO between a buyer and a seller, with an arbiter.");
    await pub.getByTestId("publish-readme").fill(README);
    await pub.getByTestId("publish-tags").fill("escrow, payments");
    await pub.getByTestId("publish-price").fill("5");
    await pub.getByTestId("publish-submit").click();
    await unlockIfAsked(pub, publisher.password);
    await expect(pub.getByTestId("publish-receipt")).toHaveAttribute("data-status", "success", { timeout: 30_000 });

    // The buyer: funded, with a private repository to install into.
    const shopper = await signUp(browser, buyer, contexts);
    const buyerAddress = await fundFromFaucet(shopper);
    await createRepoPage(shopper, buyer, "shop", "private");

    // The shelf is the index's: the listing shows once its block is indexed.
    const card = shopper.locator(`[data-testid="market-card"][data-package="${pkg}"]`);
    await expect(async () => {
      await shopper.goto(`/market?q=${pkg}`);
      await expect(card).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
    await expect(card.getByTestId("market-card-price")).toContainText("5");
    await card.getByTestId("market-card-link").click();
    await expect(shopper.getByTestId("listing-ref")).toHaveText(`${pkg}@1.0.0`);
    await expect(shopper.getByTestId("listing-fee-split")).toContainText("publisher gets 4.9 AERGO, hub fee 0.1 AERGO");
    // The README is Markdown rendered without raw HTML: the image tag stays text.
    await expect(shopper.getByTestId("listing-readme").locator("strong")).toHaveText("AERGO");
    await expect(shopper.getByTestId("listing-readme").locator("img")).toHaveCount(0);
    await expect(shopper.getByTestId("listing-readme")).toContainText("<img src=x");
    await expect(shopper.getByTestId("abi-view-held")).toBeVisible();

    // Try it: a fresh deploy in the browser engine, then the view held() — nothing sent.
    const tryIt = shopper.getByTestId("listing-try");
    await expect(tryIt.getByTestId("simulate-run")).toBeEnabled({ timeout: 60_000 });
    await tryIt.getByTestId("simulate-proc").selectOption("view:held");
    await tryIt.getByTestId("simulate-run").click();
    await expect(tryIt.getByTestId("simulate-result")).toHaveAttribute("data-status", "success", { timeout: 30_000 });
    await expect(tryIt.getByTestId("simulate-return")).toContainText("0");
    await shot(shopper, testInfo, "listing-tried");

    // Buy: 5 AERGO to the market account, the fee on top.
    const before = await balanceOf(request, buyerAddress);
    await shopper.getByTestId("listing-buy").click();
    await unlockIfAsked(shopper, buyer.password);
    await expect(shopper.getByTestId("listing-buy-receipt")).toHaveAttribute("data-status", "success", { timeout: 30_000 });
    const buyTx = (await shopper.getByTestId("listing-buy-receipt-tx").textContent())!.trim();
    const { receipt } = await getJson<{ receipt: { fee: { aer: string } } }>(request, `/v1/getTx?hash=${buyTx}`);
    await expect.poll(() => balanceOf(request, buyerAddress), { timeout: 15_000 }).toBe(before - PRICE_AER - BigInt(receipt.fee.aer));
    await expect(shopper.getByTestId("listing-owned")).toHaveAttribute("data-state", "bought", { timeout: 15_000 });

    // Install into the private repository, then deploy from its editor.
    const install = shopper.getByTestId("listing-install-panel");
    await install.getByTestId("install-repo").selectOption(`${buyer.username}/shop`);
    await expect(install.getByTestId("install-folder")).toContainText(`market/${pkg}/`);
    await install.getByTestId("install-run").click();
    await expect(install.getByTestId("install-result")).toBeVisible({ timeout: 15_000 });
    await shot(shopper, testInfo, "listing-bought-and-installed");
    await install.getByTestId("install-open-editor").click();
    await expect(shopper).toHaveURL(new RegExp(`/${buyer.username}/shop/editor\\?file=`), { timeout: 15_000 });
    await expect(shopper.getByTestId("editor-path")).toContainText(`market/${pkg}/escrow.sql`, { timeout: 15_000 });
    await expect(shopper.locator('[data-testid="source-editor"][data-errors="0"]')).toBeVisible({ timeout: 60_000 });
    await shopper.getByTestId("deploy-run").click();
    await unlockIfAsked(shopper, buyer.password);
    await expect(shopper.getByTestId("deploy-receipt")).toHaveAttribute("data-status", "success", { timeout: 30_000 });
    await shot(shopper, testInfo, "installed-and-deployed");

    // A review, signed by the buyer; the listing shows it once indexed.
    await shopper.goto(`/market/${pkg}`);
    await shopper.getByTestId("review-rating").selectOption("4");
    await shopper.getByTestId("review-text").fill("Works as described.");
    await shopper.getByTestId("review-submit").click();
    await unlockIfAsked(shopper, buyer.password);
    await expect(shopper.getByTestId("review-receipt")).toHaveAttribute("data-status", "success", { timeout: 30_000 });
    await expect(async () => {
      await shopper.reload();
      await expect(shopper.locator(`[data-testid="listing-review"][data-buyer="${buyerAddress}"]`)).toContainText("Works as described.", { timeout: 3000 });
    }).toPass({ timeout: 30_000 });

    // The publisher's dashboard: one sale, 5 AERGO gross, 0.1 fee, 4.9 revenue, paid in the buy's transaction.
    await pub.goto("/market/dashboard");
    await expect(pub.getByTestId("dashboard-total-sales")).toContainText("1", { timeout: 30_000 });
    await expect(pub.getByTestId("dashboard-gross")).toContainText("5 AERGO");
    await expect(pub.getByTestId("dashboard-fees")).toContainText("0.1 AERGO");
    await expect(pub.getByTestId("dashboard-revenue")).toContainText("4.9 AERGO");
    const payout = pub.locator(`[data-testid="dashboard-sales-row"][data-package="${pkg}"]`);
    await expect(payout).toHaveCount(1);
    await expect(payout.getByTestId("dashboard-sales-paid")).toContainText("4.9");
    await expect(payout.getByTestId("dashboard-sales-tx").locator("a")).toHaveAttribute("href", `/tx/${buyTx}`);
    await expect(pub.getByTestId("revenue-chart")).toBeVisible();
    await expect(pub.locator(`[data-testid="dashboard-listing"][data-package="${pkg}"]`)).toContainText("1.0.0");
    await shot(pub, testInfo, "publisher-dashboard");
  });
});
