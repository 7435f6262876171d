import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** Someone who signs up through the page, as a person would. */
export type PagePerson = { readonly username: string; readonly email: string; readonly password: string };

export function newPerson(prefix: string, password: string): PagePerson {
  const run = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
  return { username: `${prefix}-${run}`, email: `${prefix}-${run}@example.test`, password };
}

/** Signs up in a fresh browser context (the key is made by the browser wallet); lands on /repos. */
export async function signUp(browser: Browser, person: PagePerson, contexts: BrowserContext[]): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto("/signup");
  const form = page.getByTestId("signup-form");
  await form.locator('input[name="username"]').fill(person.username);
  await form.locator('input[name="email"]').fill(person.email);
  await form.locator('input[name="password"]').fill(person.password);
  await form.locator('input[name="confirm"]').fill(person.password);
  await page.getByTestId("signup-submit").click();
  await expect(page).toHaveURL(/\/repos$/, { timeout: 30_000 });
  await expect(page.getByTestId("user-name")).toContainText(person.username);
  return page;
}

/** Answers the wallet's password prompt if it appears within `timeout` (the key locks on every page load). */
export async function unlockIfAsked(page: Page, password: string, timeout = 2000) {
  const dialog = page.getByRole("dialog", { name: "Unlock your wallet" });
  if (await dialog.waitFor({ state: "visible", timeout }).then(() => true, () => false)) {
    await dialog.getByLabel("Wallet password").fill(password);
    await dialog.getByRole("button", { name: "Unlock" }).click();
    await expect(dialog).toHaveCount(0);
  }
}

/** Creates a repository through /new and waits for its home page. */
export async function createRepoPage(page: Page, person: PagePerson, name: string, visibility: "public" | "private", description = "") {
  await page.goto("/new");
  await page.getByTestId("new-name").fill(name);
  if (description) await page.getByTestId("new-description").fill(description);
  await page.getByTestId(visibility === "private" ? "new-private" : "new-public").check();
  await page.getByTestId("new-submit").click();
  await unlockIfAsked(page, person.password);
  await expect(page).toHaveURL(new RegExp(`/${person.username}/${name}$`), { timeout: 20_000 });
}
