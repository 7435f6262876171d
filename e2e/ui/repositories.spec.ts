import { expect, test, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { createRepoPage, newPerson, signUp, unlockIfAsked } from "../support/people.ts";

/**
 * Issue 4 end to end in Chromium: a person signs up (their key is made in the browser wallet),
 * creates a private repository, deploys a contract signed by the wallet; an outsider gets
 * nothing from pages or API; an invited reader reads but cannot write; the owner sees the
 * invitation and the deploy in the audit trail. Screenshots are kept as test artifacts.
 */
const owner = newPerson("ava", "violet-harbor-Quill-42");
const reader = newPerson("rita", "copper-lantern-Mesa-77");
const outsider = newPerson("otto", "silent-orchid-Delta-19");
const repo = `${owner.username}/vault`;

const contexts: BrowserContext[] = [];
let contract = "";

async function shot(page: Page, testInfo: TestInfo, name: string) {
  // Kept on disk under test-results/ (and attached to the report) as the test's artifacts.
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test.describe("people and private repositories", () => {
  test.describe.configure({ mode: "serial" });
  let ownerPage: Page;
  let readerPage: Page;
  let outsiderPage: Page;

  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("a person signs up, creates a private repository and deploys a contract signed by the browser wallet", async ({ browser }, testInfo) => {
    ownerPage = await signUp(browser, owner, contexts);
    await ownerPage.goto("/wallet");
    await expect(ownerPage.getByTestId("wallet-address")).toHaveText(/^A/);

    await createRepoPage(ownerPage, owner, "vault", "private", "Ledger of the treasury team");
    await expect(ownerPage.getByTestId("repo-title")).toContainText(repo);
    await expect(ownerPage.getByTestId("repo-visibility")).toContainText(/private/i);

    await ownerPage.getByTestId("deploy-submit").click();
    await unlockIfAsked(ownerPage, owner.password);
    const result = ownerPage.getByTestId("deploy-result");
    await expect(result).toContainText(/success/i, { timeout: 20_000 });
    contract = (await result.getByTestId("deploy-result-address").textContent())?.trim() ?? "";
    expect(contract).toMatch(/^A/);
    await shot(ownerPage, testInfo, "owner-repository-after-deploy");
  });

  test("an outsider gets nothing from pages or the API", async ({ browser, request }, testInfo) => {
    // Signed out.
    for (const path of [`/${repo}`, `/${repo}/contract/${contract}`, `/${repo}/blocks`, `/${repo}/block/1`, `/${repo}/editor`, `/${repo}/settings`, `/${repo}/admin`]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
      // The URL itself is echoed in the page's router payload; nothing of the repository's own is.
      expect(await res.text()).not.toContain("Ledger of the treasury team");
      expect(await res.text()).not.toMatch(/Registry|deploy-panel|member-row/);
    }
    expect((await request.get(`/v1/getChainInfo?repo=${repo}`)).status()).toBe(404);
    expect((await request.get(`/v1/getContract?repo=${repo}&address=${contract}`)).status()).toBe(404);
    expect((await request.get(`/api/trpc/repos.get?input=${encodeURIComponent(JSON.stringify({ repo }))}`)).status()).toBe(404);
    const search = await request.get(`/api/trpc/accounts.search?input=${encodeURIComponent(JSON.stringify({ q: contract }))}`);
    expect(await search.text()).not.toContain(repo);

    // Signed in, not a member.
    outsiderPage = await signUp(browser, outsider, contexts);
    const page = await outsiderPage.goto(`/${repo}`);
    expect(page?.status()).toBe(404);
    await expect(outsiderPage.getByText(contract)).toHaveCount(0);
    const api = await outsiderPage.request.get(`/v1/getContract?repo=${repo}&address=${contract}`);
    expect(api.status()).toBe(404);
    await outsiderPage.goto("/explore");
    await expect(outsiderPage.getByTestId("explore-list")).not.toContainText(repo);
    await shot(outsiderPage, testInfo, "outsider-sees-no-repository");
  });

  test("an invited reader reads the repository but cannot write to it", async ({ browser }, testInfo) => {
    // A sign-up (scrypt) and a wallet unlock in one test: a loaded machine needs more than 30 s.
    test.setTimeout(90_000);
    readerPage = await signUp(browser, reader, contexts);
    await ownerPage.goto(`/${repo}/settings`);
    await ownerPage.getByTestId("invite-username").fill(reader.username);
    await ownerPage.getByTestId("invite-role").selectOption("reader");
    await ownerPage.getByTestId("invite-submit").click();
    // A full page load locked the wallet: signing the invitation asks for the password.
    await unlockIfAsked(ownerPage, owner.password, 10_000);
    await expect(ownerPage.getByTestId("settings-members-table")).toContainText(reader.username, { timeout: 15_000 });

    await readerPage.goto(`/${repo}`);
    await expect(readerPage.getByTestId("repo-title")).toContainText(repo);
    await expect(readerPage.getByTestId("repo-contracts")).toContainText("Registry");
    await expect(readerPage.getByTestId("repo-contract-link").first()).toHaveAttribute("href", new RegExp(contract));
    await expect(readerPage.getByTestId("deploy-panel")).toHaveCount(0);
    await readerPage.goto(`/${repo}/contract/${contract}?tab=tables`);
    await expect(readerPage.getByText("names").first()).toBeVisible();
    await shot(readerPage, testInfo, "reader-reads-contract");

    // Writing through the API with the reader's own session is refused, and changes nothing.
    const before = await readerPage.request.get(`/api/trpc/contracts.list?input=${encodeURIComponent(JSON.stringify({ repo }))}`);
    const write = await readerPage.request.post("/api/trpc/transactions.send", { data: { repo, tx: "00" }, headers: { origin: new URL(readerPage.url()).origin } });
    expect(write.status()).toBe(403);
    expect(await write.text()).toMatch(/may read .* but not write/);
    const after = await readerPage.request.get(`/api/trpc/contracts.list?input=${encodeURIComponent(JSON.stringify({ repo }))}`);
    expect(await after.text()).toBe(await before.text());
    // Nor can a reader change the directory.
    expect((await readerPage.goto(`/${repo}/admin`))?.status()).not.toBe(200);
  });

  test("the owner sees the invitation and the deploy in the audit trail", async ({}, testInfo) => {
    await ownerPage.goto(`/${repo}/admin`);
    const trail = ownerPage.getByTestId("audit-trail");
    await expect(trail).toContainText(reader.username);
    await expect(trail).toContainText(/invite/i);
    await expect(trail).toContainText(/deploy/i);
    await expect(ownerPage.getByTestId("admin-members")).toContainText(reader.username);
    await expect(ownerPage.getByTestId("producer-health")).toBeVisible();
    await shot(ownerPage, testInfo, "owner-admin-dashboard");
    // The repository's own chain, block by block, linked within the repository.
    await ownerPage.getByTestId("repo-tab-blocks").click();
    await expect(ownerPage).toHaveURL(new RegExp(`/${repo}/blocks$`));
    await expect(ownerPage.locator(`a[href^="/${repo}/block/"]`).first()).toBeVisible();
    await expect(ownerPage.locator('a[href^="/block/"]')).toHaveCount(0);
  });
});
