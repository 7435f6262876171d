import { expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { expectApiError, getJson } from "../support/devChain.ts";
import { newPerson, signUp, unlockIfAsked } from "../support/people.ts";

/**
 * Governance in Chromium: a person signs up (their key is made in the browser wallet), gets
 * AERGO from the faucet, stakes and votes for a standby candidate on /governance, and sees that
 * candidate elected at the next epoch; then proposes a hub fee, votes yes, and sees it enacted.
 * Assertions are on what cannot flip back (an epoch's recorded change, an enacted proposal).
 */
const voter = newPerson("gale", "granite-meadow-Otter-31");
const contexts: BrowserContext[] = [];

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

type Votes = { producers: { address: string }[] };

test.describe("governance from the browser wallet", () => {
  test.describe.configure({ mode: "serial" });
  let page: Page;

  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("a person stakes and votes for a standby candidate, who produces from the next epoch", async ({ browser, request }, testInfo) => {
    test.setTimeout(180_000);
    page = await signUp(browser, voter, contexts);
    await page.goto("/wallet");
    await page.getByTestId("wallet-faucet").click();
    await expect(page.getByTestId("wallet-balance")).toContainText("1,000", { timeout: 15_000 });

    await page.getByRole("link", { name: "Governance" }).click();
    await expect(page).toHaveURL(/\/governance$/);
    await expect(page.getByTestId("gov-countdown")).toContainText("Next election in");

    const stake = page.getByTestId("gov-stake-form");
    await stake.locator('input[name="stake-amount"]').fill("500 aergo");
    await stake.getByRole("button", { name: "Sign & stake" }).click();
    await unlockIfAsked(page, voter.password, 5000);
    await expect(page.getByTestId("gov-stake-result")).toContainText("success", { timeout: 15_000 });
    await expect(page.getByTestId("gov-staked")).toContainText("500", { timeout: 15_000 });

    // A standby candidate: not among the producers the last election gave.
    const standbyRow = page.locator('[data-testid^="gov-candidate-"]').filter({ has: page.getByTestId("gov-role-standby") }).first();
    const candidate = (await standbyRow.getAttribute("data-testid"))!.replace("gov-candidate-", "");
    const label = (await standbyRow.locator("td").nth(1).locator("span.font-medium").textContent())!.trim();
    expect(label).toMatch(/^producer-\d$/);
    await page.getByTestId(`gov-vote-${candidate}`).check();
    await page.getByTestId("gov-vote-submit").click();
    await unlockIfAsked(page, voter.password, 1000);
    await expect(page.getByTestId("gov-vote-result")).toContainText("Voted", { timeout: 15_000 });
    await expect(page.getByTestId(`gov-candidate-${candidate}`)).toContainText("500", { timeout: 15_000 });

    // The next election records the candidate as elected: history, it cannot flip back.
    await expect(page.getByTestId("gov-changes").getByTestId("gov-change-joined").filter({ hasText: label })).toBeVisible({ timeout: 90_000 });
    const votes = await getJson<Votes>(request, "/v1/getVotes");
    expect(votes.producers.map((p) => p.address)).toContain(candidate);
    await shot(page, testInfo, "governance-after-election");
  });

  test("the same person proposes a hub fee, votes yes, and sees it enacted at the proposal's end", async ({ request }, testInfo) => {
    test.setTimeout(120_000);
    const form = page.getByTestId("gov-propose-form");
    await form.locator('select[name="param"]').selectOption("hubFeeBps");
    // Out of range: refused in the page by the chain's own rule, nothing is sent.
    await form.locator('input[name="value"]').fill("900");
    await form.getByRole("button", { name: "Propose" }).click();
    await expect(form.getByRole("alert")).toContainText("0 to 500");
    // The default, confirmed: the e2e hub is shared, and the marketplace spec reads the 2% fee.
    await form.locator('input[name="value"]').fill("200");
    await form.locator('input[name="description"]').fill("The hub fee confirmed at 2%, voted from the browser");
    await form.getByRole("button", { name: "Propose" }).click();
    await unlockIfAsked(page, voter.password, 1000);
    await expect(page.getByTestId("gov-propose-result")).toContainText("Proposed", { timeout: 15_000 });

    const row = page.locator('[data-testid^="gov-proposal-"]').filter({ hasText: "The hub fee confirmed at 2%, voted from the browser" });
    await expect(row.getByTestId("gov-proposal-status")).toHaveText("open", { timeout: 15_000 });
    await row.getByTestId("gov-proposal-yes").click();
    await unlockIfAsked(page, voter.password, 1000);
    await expect(row.getByTestId("gov-proposal-ballot")).toContainText("you voted yes", { timeout: 15_000 });
    await expect(page.getByTestId("gov-locked")).toBeVisible();
    await expect(row.getByTestId("gov-proposal-status")).toHaveText("enacted", { timeout: 60_000 });
    await expect(page.getByTestId("gov-proposals")).toContainText("hub fee 200 bps", { timeout: 15_000 });
    await shot(page, testInfo, "governance-after-proposal");

    // Bad input through the API: a 4xx with the chain's code.
    await expectApiError(await request.get("/v1/getProposals?limit=0"), 400, "BAD_REQUEST");
    await expectApiError(await request.get(`/v1/getProposal?id=${"1".repeat(44)}`), 404, "NOT_FOUND");
  });
});
