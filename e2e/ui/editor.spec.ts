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

/** Replaces the whole text of the Monaco editor with a paste event (typed text would be auto-indented line by line). */
async function replaceText(page: Page, text: string) {
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData("text/plain", t);
    document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
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

test.describe("the AergoSQL editor's language services", () => {
  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("completes parameters and columns, explains built-ins on hover, jumps to a table's definition", async ({ browser }, testInfo) => {
    test.setTimeout(420_000);
    const person = newPerson("lang", "cobalt-Meadow-lantern-28");
    const page = await signUp(browser, person, contexts);
    await createRepoPage(page, person, "tools", "public");
    await page.goto(`/${person.username}/tools/editor`);
    await page.getByTestId("new-file").click();
    await page.getByTestId("new-file-path").fill("counter");
    await page.getByTestId("template-empty").click();
    await expect(page.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
    await replaceText(page, FIXED);
    // Completion and hover read the last analysis: wait until the one of FIXED is there (an empty
    // list of problems is also what the page shows before any analysis arrives).
    await expect(page.locator('[data-testid="source-editor"][data-errors="0"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("problem-row")).toHaveCount(0);

    // Completion inside bump's body: its parameter, from the compiler's view of the contract.
    await page.locator(".monaco-editor .view-line", { hasText: "INSERT INTO counts" }).click();
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("SELECT :");
    // The trigger character asks the engine worker, which on a loaded machine may still be busy
    // compiling the previous keystroke: ask again (Ctrl+Space) until the list is there.
    const suggestions = page.locator(".monaco-editor .suggest-widget");
    await expect(async () => {
      if ((await suggestions.isVisible()) && !((await suggestions.textContent()) ?? "").includes(":name")) await page.keyboard.press("Escape");
      if (!(await suggestions.isVisible())) await page.keyboard.press("Control+Space");
      // Long enough for a busy worker to answer: asking again cancels the request in flight.
      await expect(suggestions).toContainText(":name", { timeout: 20_000 });
    }).toPass({ timeout: 120_000 });
    await shot(page, testInfo, "completion-of-parameters");
    await page.keyboard.press("Enter");
    await expect(page.locator(".monaco-editor .view-line", { hasText: "SELECT :name" })).toBeVisible();

    // Hover docs of a built-in, at the cursor (Monaco's "show hover": Ctrl+K Ctrl+I).
    await page.keyboard.type(" WHERE SENDER");
    const hover = page.locator(".monaco-editor .monaco-hover:not(.hidden)");
    await expect(async () => {
      await page.keyboard.press("ControlOrMeta+K");
      await page.keyboard.press("ControlOrMeta+I");
      await expect(hover).toContainText("SENDER()", { timeout: 20_000 });
    }).toPass({ timeout: 120_000 });
    await shot(page, testInfo, "hover-on-a-built-in");
    await page.keyboard.press("Escape");
    await page.keyboard.type("() = SENDER();");
    // It compiles (a warning remains: the SELECT's result is discarded, which the compiler says).
    await expect(page.locator('[data-testid="source-editor"][data-errors="0"]')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("problem-row")).toContainText("discarded", { timeout: 30_000 });

    // Go to definition of `counts` in the view (one line lower now): the cursor lands on CREATE TABLE (line 3).
    const viewLine = FIXED.split("\n").findIndex((l) => l.includes("FROM counts")) + 2;
    const column = FIXED.split("\n")[viewLine - 2]!.indexOf("counts") + 2;
    await page.keyboard.press("Control+G");
    await page.keyboard.type(`${viewLine}:${column}`);
    await page.keyboard.press("Enter");
    await page.keyboard.press("F12");
    await expect.poll(() => page.evaluate(() => document.querySelector(".monaco-editor .line-numbers.active-line-number")?.textContent?.trim()), { timeout: 60_000 }).toBe("3");
  });
});
