import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { ReceiptJSON } from "../../chain/types.ts";
import { accountState, chainInfo, devKeyPair, sendSignedTransaction } from "../support/devChain.ts";
import { createRepoPage, newPerson, signUp, unlockIfAsked } from "../support/people.ts";

/**
 * Markup in chain data is text: a contract whose name, source comments, table cells and event
 * arguments are script payloads is shown on the contract page (source, tables, events), the tx
 * page, the search results and in the editor as the characters it holds, and none of it runs
 * (no `window.__xss`, no dialog).
 */
const IMG = "<img src=x onerror=window.__xss=1>";
const SCRIPT = "</script><script>window.__xss=1</script>";
const ALERT = "<svg onload=alert(1)>";
const SOURCE = `CONTRACT "${IMG}";
-- ${SCRIPT} ${ALERT}
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
EVENT Noted (id INTEGER, body TEXT);
CONSTRUCTOR (cell TEXT) AS
BEGIN
  INSERT INTO notes VALUES (1, :cell);
END;
PROCEDURE note (body TEXT) AS
BEGIN
  INSERT INTO notes (id, body) VALUES ((SELECT MAX(id) + 1 FROM notes), :body);
  EMIT Noted ((SELECT MAX(id) FROM notes), :body);
END;
`;
const deployer = devKeyPair("dev-4");
const person = newPerson("xena", "amber-falcon-Ridge-63");
const contexts: BrowserContext[] = [];

let contract = "";
let noteTx = "";

/** A deploy or call signed by dev-4 with its next nonce, sent over REST; resolves when its block is sealed. */
async function sendContractTx(request: APIRequestContext, tx: { type: "deploy" | "call"; to?: string; payload: object }): Promise<ReceiptJSON> {
  const info = await chainInfo(request);
  const nonce = (await accountState(request, deployer.address)).nonce + 1;
  const signed = buildTx({ type: tx.type, key: deployer, chainIdHash: info.chainIdHash, nonce, to: tx.to, gasPrice: BigInt(info.minGasPrice.aer), gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(tx.payload)) });
  const res = await sendSignedTransaction(request, signed, "block");
  expect(res.status(), await res.text()).toBe(200);
  const receipt = (await res.json()) as ReceiptJSON;
  expect(receipt.status, JSON.stringify(receipt.error)).toBe("success");
  return receipt;
}

/** Records dialogs from the page's first script on; a payload that ran would set one of the two. */
async function watch(page: Page): Promise<{ dialogs: string[] }> {
  const seen = { dialogs: [] as string[] };
  page.on("dialog", (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  return seen;
}

/** Nothing ran: no `window.__xss` (after the broken images had their chance to fail) and no dialog. */
async function expectNothingRan(page: Page, seen: { dialogs: string[] }) {
  await page.waitForLoadState("load");
  // An <img src=x> fails within a round trip to the hub; give it several before concluding.
  await expect.poll(async () => page.evaluate(() => document.readyState), { timeout: 10_000 }).toBe("complete");
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(seen.dialogs).toEqual([]);
  // No element the payloads would have made exists in the page's own DOM.
  expect(await page.locator('img[src="x"], svg[onload], script:text("__xss")').count()).toBe(0);
}

test.describe("markup in chain data is shown as text", () => {
  test.describe.configure({ mode: "serial" });

  test.beforeAll(async ({ playwright }, testInfo) => {
    const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
    try {
      const deployed = await sendContractTx(request, { type: "deploy", payload: { source: SOURCE, args: [IMG] } });
      contract = deployed.contractAddress!;
      const noted = await sendContractTx(request, { type: "call", to: contract, payload: { procedure: "note", args: [SCRIPT] } });
      expect(noted.events.map((e) => e.args)).toEqual([{ id: 2, body: SCRIPT }]);
      noteTx = noted.txHash;
    } finally {
      await request.dispose();
    }
  });

  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("the contract page: name, source, tables and events", async ({ page }) => {
    const seen = await watch(page);
    await page.goto(`/contract/${contract}`);
    await expect(page.getByTestId("contract-name")).toHaveText(IMG);
    await expect(page.getByTestId("contract-source")).toContainText(`CONTRACT "${IMG}";`);
    await expect(page.getByTestId("contract-source")).toContainText(`-- ${SCRIPT} ${ALERT}`);
    await expectNothingRan(page, seen);

    await page.goto(`/contract/${contract}?tab=tables&table=notes`);
    await expect(page.getByText(IMG, { exact: true }).first()).toBeVisible();
    await expect(page.getByText(SCRIPT, { exact: true }).first()).toBeVisible();
    await expectNothingRan(page, seen);

    // The events are read from the index, which may lag the chain by a block.
    await expect(async () => {
      await page.goto(`/contract/${contract}?tab=events`);
      await expect(page.getByText(SCRIPT).first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expectNothingRan(page, seen);
  });

  test("the transaction page: the call's event arguments", async ({ page }) => {
    const seen = await watch(page);
    await page.goto(`/tx/${noteTx}`);
    await expect(page.getByText(SCRIPT).first()).toBeVisible();
    await expectNothingRan(page, seen);
  });

  test("search results: a payload searched for is echoed as text; the contract is found", async ({ page }) => {
    const seen = await watch(page);
    for (const q of [IMG, SCRIPT, ALERT]) {
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      await expect(page.getByTestId("search-nothing-found")).toContainText(q);
      await expect(page.locator("main").getByTestId("search-input")).toHaveValue(q);
      await expectNothingRan(page, seen);
    }
    await page.goto(`/search?q=${contract}`);
    await expect(page).toHaveURL(new RegExp(`/(address|contract)/${contract}`));
    await expect(page.getByText(IMG).first()).toBeVisible();
    await expectNothingRan(page, seen);
  });

  test("the editor: the payloads in a source file, its outline and diagnostics", async ({ browser }) => {
    // A sign-up (scrypt) and Monaco's first load: a loaded machine needs more than 30 s.
    test.setTimeout(120_000);
    const page = await signUp(browser, person, contexts);
    const seen = await watch(page);
    await createRepoPage(page, person, "xss-lab", "private");
    const repo = `${person.username}/xss-lab`;
    const origin = new URL(page.url()).origin;
    const created = await page.request.post("/api/trpc/sources.create", { data: { repo, path: "contracts/payload.sql", template: null }, headers: { origin } });
    expect(created.status(), await created.text()).toBe(200);
    const version = ((await created.json()) as { result: { data: { version: number } } }).result.data.version;
    // A payload in the body and one more that does not compile, so the problems list shows it too.
    const content = `${SOURCE}\nVIEW broken () AS SELECT "${ALERT}" FROM ${IMG.replaceAll(" ", "_")};\n`;
    const saved = await page.request.post("/api/trpc/sources.save", { data: { repo, path: "contracts/payload.sql", content, baseVersion: version }, headers: { origin } });
    expect(saved.status(), await saved.text()).toBe(200);

    await page.goto(`/${repo}/editor?file=contracts/payload.sql`);
    await unlockIfAsked(page, person.password);
    await expect(page.locator(".monaco-editor")).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(".monaco-editor .view-lines")).toContainText("window.__xss=1", { timeout: 15_000 });
    await expect(page.getByTestId("problem-row").first()).toBeVisible({ timeout: 15_000 });
    await expectNothingRan(page, seen);
  });
});
