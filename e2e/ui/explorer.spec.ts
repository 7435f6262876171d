import { expect, test, type Page } from "@playwright/test";
import type { BlockJSON } from "../../chain/types.ts";
import { AER_PER_AERGO, accountState, chainInfo, createKeyPair, devKeyPair, getJson, registerName, sendBurstsUntilABlockHolds, sendSignedTransaction, sendTransfer, signedTransfer } from "../support/devChain.ts";

/** The head height the home page shows, as a number. */
async function shownHeadHeight(page: Page): Promise<number> {
  return Number((await page.getByTestId("head-height").innerText()).replace(/[^\d]/g, ""));
}

async function search(page: Page, text: string) {
  const box = page.getByRole("search").first().getByTestId("search-input");
  await box.fill(text);
  await box.press("Enter");
}

test.describe("the explorer", () => {
  test("opens the explorer and sees blocks arriving without reload", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("/");
    await expect(page.getByTestId("chain-id")).toHaveText("aergo/main");
    await expect(page.getByTestId("producers-table").getByText("producer-1")).toBeVisible();
    await expect(page.getByTestId("candidates-table").getByText("standby").first()).toBeVisible();
    await expect(page.getByTestId("throughput-chart").locator("svg rect").first()).toBeAttached();

    const first = await shownHeadHeight(page);
    const firstTopBlock = await page.getByTestId("latest-blocks").locator("tbody tr").first().innerText();
    // No navigation from here on: the block stream alone must move the page.
    let navigations = 0;
    page.on("framenavigated", (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    await expect.poll(() => shownHeadHeight(page), { timeout: 20_000 }).toBeGreaterThan(first + 1);
    await expect(page.getByTestId("latest-blocks").locator("tbody tr").first()).not.toHaveText(firstTopBlock);
    await expect(page.getByTestId("live-indicator")).toContainText("live");
    expect(navigations).toBe(0);
    expect(errors).toEqual([]);
  });

  test("searches a block height, a tx hash and an address", async ({ page, request }) => {
    const { tx, to } = await sendTransfer(request, AER_PER_AERGO, "block");
    await page.goto("/");

    await search(page, "2");
    await expect(page).toHaveURL(/\/block\/2$/);
    await expect(page.getByTestId("block-height")).toHaveText("#2");

    // The index may lag the chain by a block; the search falls back to the chain store.
    await search(page, tx.hashText);
    await expect(page).toHaveURL(new RegExp(`/tx/${tx.hashText}$`));
    await expect(page.getByTestId("tx-hash")).toContainText(tx.hashText);

    await search(page, to);
    await expect(page).toHaveURL(new RegExp(`/address/${to}$`));
    await expect(page.getByTestId("address-balance")).toHaveText("1 AERGO");

    await search(page, "certainly not a block");
    await expect(page.getByTestId("search-nothing-found")).toContainText("Nothing found for");
  });

  test("opens a transaction sent by a signed transfer and sees its receipt", async ({ page, request }) => {
    // Waits for a block, then for finality (two more producers' blocks): generous on a busy machine.
    test.setTimeout(75_000);
    // 1.25 AERGO from dev-1, signed here with its key, answered by the hub before any block seals it.
    const { tx, to, receipt } = await sendTransfer(request, (5n * AER_PER_AERGO) / 4n, "receipt");
    expect(receipt.status).toBe("success");
    await page.goto(`/tx/${tx.hashText}`);

    await expect(page.getByTestId("tx-status")).toHaveText(/success/);
    await expect(page.getByTestId("tx-amount")).toHaveText("1.25 AERGO");
    await expect(page.getByTestId("tx-amount")).toHaveAttribute("title", "1,250,000,000,000,000,000 aer");
    await expect(page.getByTestId("tx-fee")).toHaveText(`${receipt.fee.aergo} AERGO`);
    await expect(page.getByTestId("tx-from")).toContainText(devKeyPair("dev-1").address);
    await expect(page.getByTestId("tx-to")).toContainText(to);

    // The page follows the transaction into its block without a reload.
    await expect(page.getByTestId("tx-state")).toHaveText(/sealed|final/, { timeout: 20_000 });
    const blockLink = page.getByTestId("tx-block-link");
    await expect(blockLink).toBeVisible();
    const height = Number((await blockLink.innerText()).replace("#", ""));
    await expect(page.getByTestId("tx-state")).toHaveText("final", { timeout: 20_000 });

    await blockLink.click();
    await expect(page).toHaveURL(new RegExp(`/block/${height}$`));
    await expect(page.getByTestId("block-txs").getByRole("link", { name: tx.hashText.slice(0, 8) })).toBeVisible();
    await expect(page.getByTestId("block-state-root")).not.toBeEmpty();
    await expect(page.getByTestId("block-finality")).toHaveText("final");
  });

  test("pages through blocks, newest first", async ({ page }) => {
    test.setTimeout(150_000);
    // Two full pages of 25 below the head: the older page starts 25 below the first page's top,
    // so it is full only past height 50 (500 ms a block; later on a busy machine that misses slots).
    await expect.poll(async () => (await chainInfo(page.request)).height, { timeout: 120_000 }).toBeGreaterThan(55);
    await page.goto("/blocks");
    const rows = page.getByTestId("blocks-table").locator("tbody tr");
    await expect(rows).toHaveCount(25);
    // The first page is live (new blocks push it along), so the older page is checked against the
    // cursor the click took it to: a page below a height never changes.
    await page.getByTestId("older-blocks").first().click();
    await expect(page).toHaveURL(/beforeHeight=\d+$/);
    const cursor = Number(new URL(page.url()).searchParams.get("beforeHeight"));
    const height = async (row: ReturnType<typeof rows.first>) => Number((await row.locator("td").first().innerText()).replace(/[#,]/g, ""));
    await expect(rows).toHaveCount(25);
    await expect.poll(() => height(rows.first())).toBe(cursor - 1);
    expect(await height(rows.last())).toBe(cursor - 25);
  });

  test("searches a name: it leads to its address page, which shows the name", async ({ page, request }) => {
    const to = createKeyPair().address;
    await registerName(request, devKeyPair("dev-3"), "e2e.shop", to);
    await page.goto("/");
    await search(page, "e2e.shop");
    await expect(page).toHaveURL(new RegExp(`/address/${to}$`));
    await expect(page.getByTestId("address-names")).toHaveText("e2e.shop");
  });

  test("opens the name account: a system account with its balance and what it is, not a missing contract", async ({ page, request }) => {
    const { nameAccount } = await getJson<{ nameAccount: string }>(request, "/v1/getNamePrice");
    // Its address carries the contract marker: the contract page hands it to the address page.
    await page.goto(`/contract/${nameAccount}`);
    await expect(page).toHaveURL(new RegExp(`/address/${nameAccount}$`));
    await expect(page.getByTestId("system-account-label")).toHaveText("Name account · system account");
    await expect(page.getByTestId("system-account")).toContainText("name registration fees are paid to");
    await expect(page.getByTestId("address-balance")).toContainText("AERGO");
    await expect(page.getByTestId("not-found")).toHaveCount(0);
  });

  test("pages through an address's transactions without losing any in a busy block", async ({ page, request }) => {
    // 30 transfers to one fresh address, pipelined with consecutive nonces: one or two blocks hold them all.
    const to = createKeyPair().address;
    const sender = devKeyPair("dev-1");
    const firstNonce = (await accountState(request, sender.address)).nonce + 1;
    const sent: string[] = [];
    for (let i = 0; i < 30; i++) {
      const tx = await signedTransfer(request, { key: sender, to, amountAer: BigInt(i + 1) * AER_PER_AERGO, nonce: firstNonce + i });
      expect((await sendSignedTransaction(request, tx)).status()).toBe(200);
      sent.push(tx.hashText);
    }
    await expect.poll(async () => (await request.get(`/api/trpc/accounts.activity?input=${encodeURIComponent(JSON.stringify({ address: to }))}`).then((r) => r.json())).result.data?.txCount, { timeout: 20_000 }).toBe(30);

    await page.goto(`/address/${to}`);
    await expect(page.getByTestId("address-balance")).toHaveText("465 AERGO");
    await expect(page.getByTestId("address-tx-count")).toHaveText("30");
    const rows = page.getByTestId("address-txs").locator("tbody tr");
    await expect(rows).toHaveCount(25);
    const seen = await rows.locator("td:first-child a").evaluateAll((links) => links.map((a) => a.getAttribute("title")));
    await page.getByRole("link", { name: "Older →" }).click();
    await expect(page).toHaveURL(/beforeTxIndex=\d+/);
    await expect(rows).toHaveCount(5);
    seen.push(...(await rows.locator("td:first-child a").evaluateAll((links) => links.map((a) => a.getAttribute("title")))));
    expect(new Set(seen)).toEqual(new Set(sent));
  });

  test("pages through a block with more than 50 transactions, 50 at a time", async ({ page, request }) => {
    test.setTimeout(120_000);
    // Bursts of transfers from sixteen senders until a block of 500 ms holds more than 50 of one.
    const { busiest, count } = await sendBurstsUntilABlockHolds(request, 50);
    expect(count, "one block holds more than 50 of the burst").toBeGreaterThan(50);
    const { block } = await getJson<{ block: BlockJSON }>(request, `/v1/getBlock?number=${busiest}`);

    await page.goto(`/block/${busiest}`);
    const panel = page.getByTestId("block-txs");
    const rows = panel.locator("tbody tr");
    const positions = () => rows.locator("td:first-child").allInnerTexts();
    const hashesShown = () => rows.locator("td:nth-child(2) a").evaluateAll((links) => links.map((a) => a.getAttribute("title")));
    await expect(panel.getByRole("heading")).toHaveText(`Transactions (${block.txs.length})`);
    await expect(rows).toHaveCount(50);
    await expect(panel.getByTestId("block-txs-range").first()).toHaveText(`#0–#49 of ${block.txs.length}`);
    await expect(panel.getByTestId("block-txs-previous")).toHaveCount(0);
    expect(await positions()).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    const seen = await hashesShown();

    // Next pages until the last: every tx of the block once, in block order.
    for (let first = 50; first < block.txs.length; first += 50) {
      await panel.getByTestId("block-txs-next").first().click();
      await expect(page).toHaveURL(new RegExp(`/block/${busiest}\\?afterTxIndex=${first - 1}$`));
      const shown = Math.min(50, block.txs.length - first);
      await expect(rows.locator("td:first-child").first()).toHaveText(String(first));
      await expect(rows).toHaveCount(shown);
      await expect(panel.getByTestId("block-txs-range").first()).toHaveText(`#${first}–#${first + shown - 1} of ${block.txs.length}`);
      seen.push(...(await hashesShown()));
    }
    await expect(panel.getByTestId("block-txs-next")).toHaveCount(0);
    expect(seen).toEqual(block.txs.map((t) => t.hash));

    await panel.getByTestId("block-txs-previous").first().click();
    await expect(rows.locator("td:first-child").first()).toHaveText(String(Math.floor((block.txs.length - 1) / 50) * 50 - 50));
  });

  test("shows a clear page for an unknown hash / a malformed address", async ({ page }) => {
    const unknownTx = "7takNq1v8GKaLqX6YQzLEJuNEdZgdKfNBok2Qi7CdKAP";
    let res = await page.goto(`/tx/${unknownTx}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Transaction not found" })).toBeVisible();
    await expect(page.getByTestId("not-found-detail")).toContainText(unknownTx);

    res = await page.goto(`/block/${unknownTx}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Block not found" })).toBeVisible();

    res = await page.goto("/block/999999999");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Block not found" })).toBeVisible();

    // A real address with its last character changed: the checksum no longer matches.
    const good = createKeyPair().address;
    const broken = good.slice(0, -1) + (good.endsWith("x") ? "y" : "x");
    res = await page.goto(`/address/${broken}`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not a valid Aergo address" })).toBeVisible();
    await expect(page.getByTestId("not-found-detail")).toContainText(broken);

    res = await page.goto("/no/such/page");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

    // After all that, the explorer still works.
    await page.getByRole("link", { name: "← Back to the explorer" }).click();
    await expect(page.getByTestId("head-height")).toBeVisible();
  });
});
