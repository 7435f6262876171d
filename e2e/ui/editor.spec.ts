import { expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { createRepoPage, newPerson, signUp, unlockIfAsked } from "../support/people.ts";

/**
 * Issue 5 end to end in Chromium: in a repository's editor (Monaco, served by the hub) a typed
 * contract with an error gets a marker on the right line; fixed, it is saved, simulated in the
 * browser, deployed and called with the wallet (the simulated gas equals the receipt's), and the
 * call's result shows on the contract page. Screenshots are kept as test artifacts.
 */
const dev = newPerson("edi", "maple-Circuit-harbor-61");
const BROKEN = `CONTRACT Counter;

CREATE TABLE counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);

PROCEDURE bump (name TEXT) AS
BEGIN
  INSERT INTO countz VALUES (:name, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1;
END;

VIEW countOf (name TEXT) RETURNS INTEGER AS
  SELECT COALESCE((SELECT n FROM counts WHERE name = :name), 0);
`;
const FIXED = BROKEN.replace("countz", "counts");
const contexts: BrowserContext[] = [];

async function shot(page: Page, testInfo: TestInfo, name: string) {
  // Kept on disk under test-results/ (and attached to the report) as the test's artifacts.
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Replaces the whole text of the focused Monaco editor, as a paste would. */
async function replaceText(page: Page, text: string) {
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(text);
}

test.describe("the AergoSQL editor", () => {
  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("marks an error on its line, then saves, simulates, deploys and calls the fixed contract", async ({ browser }, testInfo) => {
    test.setTimeout(120_000);
    const page = await signUp(browser, dev, contexts);
    await createRepoPage(page, dev, "lab", "private");
    const repo = `${dev.username}/lab`;

    await page.getByTestId("repo-tab-editor").click();
    await expect(page.getByTestId("editor-page")).toBeVisible();
    await page.getByTestId("new-file").click();
    await page.getByTestId("new-file-path").fill("counter");
    await page.getByTestId("template-empty").click();
    await expect(page.getByTestId("tab")).toHaveAttribute("data-path", "counter.sql");
    // Monaco comes from the hub's own bundle (no CDN here); the page works before it loads.
    await expect(page.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });

    await replaceText(page, BROKEN);
    const problem = page.getByTestId("problem-row");
    await expect(problem).toHaveCount(1, { timeout: 10_000 });
    await expect(problem).toHaveAttribute("data-line", "7");
    await expect(problem).toContainText("countz");
    await expect(page.locator(".monaco-editor .squiggly-error")).not.toHaveCount(0);
    await shot(page, testInfo, "error-marker-on-line-7");

    await replaceText(page, FIXED);
    await expect(problem).toHaveCount(0, { timeout: 10_000 });
    await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(0);
    await page.keyboard.press("ControlOrMeta+S");
    await expect(page.getByTestId("tab")).toHaveAttribute("data-dirty", "false");

    // Simulated in the browser: a fresh deploy, then bump("alice").
    const sim = page.getByTestId("simulate-panel");
    await expect(page.getByTestId("simulate-run")).toBeEnabled({ timeout: 30_000 });
    await page.getByTestId("simulate-proc").selectOption("procedure:bump");
    await sim.locator("#simulate-param-name").fill("alice");
    await page.getByTestId("simulate-run").click();
    await expect(page.getByTestId("simulate-result")).toHaveAttribute("data-status", "success");
    await expect(page.getByTestId("simulate-diff")).toContainText("alice");
    await shot(page, testInfo, "simulated-fresh-call");

    // Deployed with the wallet: the receipt at once, then its block.
    await page.getByTestId("deploy-run").click();
    await unlockIfAsked(page, dev.password);
    await expect(page.getByTestId("deploy-receipt")).toHaveAttribute("data-status", "success", { timeout: 15_000 });
    await expect(page.getByTestId("deploy-block")).toHaveAttribute("data-state", /sealed|final/, { timeout: 15_000 });
    const contract = (await page.getByTestId("deploy-receipt-address").textContent())!.trim();

    // Simulated against the deployed contract's state, then called for real: same gas.
    await page.getByTestId("simulate-target-deployed").check();
    await page.getByTestId("simulate-contract").selectOption(contract);
    await page.getByTestId("simulate-proc").selectOption("procedure:bump");
    await sim.locator("#simulate-param-name").fill("alice");
    await page.getByTestId("simulate-run").click();
    await expect(page.getByTestId("simulate-result")).toHaveAttribute("data-status", "success");
    const simulatedGas = (await page.getByTestId("simulate-gas").textContent())!.trim();

    const call = page.getByTestId("call-panel");
    await page.getByTestId("call-proc").selectOption("bump");
    await call.locator("#call-param-name").fill("alice");
    await page.getByTestId("call-run").click();
    await unlockIfAsked(page, dev.password);
    await expect(page.getByTestId("call-receipt")).toHaveAttribute("data-status", "success", { timeout: 15_000 });
    expect((await page.getByTestId("call-receipt-gas").textContent())!).toContain(simulatedGas);
    await shot(page, testInfo, "deployed-and-called");

    await page.goto(`/${repo}/contract/${contract}?tab=tables`);
    await expect(page.getByText("alice").first()).toBeVisible({ timeout: 15_000 });
    await shot(page, testInfo, "contract-page-shows-the-call");
  });
});
