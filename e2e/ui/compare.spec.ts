import { expect, test, type APIRequestContext, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../../chain/types.ts";
import { createKeyPair, toHex } from "../support/devChain.ts";
import { createRepoPage, newPerson, signUp, unlockIfAsked } from "../support/people.ts";
import type { KeyPair } from "../../chain/crypto/keys.ts";
import { signStatement } from "../../chain/crypto/statement.ts";
import { signDirectoryEntry } from "../../chain/repo/directoryEntry.ts";

/**
 * Comparing and merging branches in the browser, like a pull request. In a public repository,
 * `alice` deploys the token example on main and gives `bob` 100 tokens; branch `feature` starts
 * after that (signed in the Branches tab). On feature alice sends 10 to a recipient, on main bob
 * sends 5 to another: different senders, so the automated merge replays alice's transfer. The
 * compare page shows only feature's changes (three-dot) with the changed cell as old → new; the
 * merge is signed with the wallet and main then holds the recipient's 10. A visitor who is not a
 * member sees the same diff and preview, without the Merge button.
 *
 * Transactions are sent by keys the test holds (wait: block), the page's session carrying the
 * owner's write access; every check waits for what the page shows, never for a block.
 */
const owner = newPerson("cleo", "quiet-Harbor-lamp-73");
const repoName = "ledger";
const repo = `${owner.username}/${repoName}`;
const alice = createKeyPair();
const bob = createKeyPair();
const run = owner.username.split("-")[1]!;
/** Bearer tokens of alice and bob, signed in with their keys (as the CLI does). */
const tokens = new Map<string, string>();
const recipient = createKeyPair().address;
/** A table without a merge policy: rows both sides change are a conflict for a person. */
const NOTES = `CONTRACT Notes;
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, tag TEXT);
PROCEDURE note (id INTEGER, body TEXT, tag TEXT) AS
BEGIN
  INSERT INTO notes VALUES (:id, :body, :tag) ON CONFLICT (id) DO UPDATE SET body = excluded.body, tag = excluded.tag;
END;
VIEW bodyOf (id INTEGER) RETURNS TEXT AS
  SELECT body FROM notes WHERE id = :id;
`;
const otherRecipient = createKeyPair().address;
const contexts: BrowserContext[] = [];

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** Signs in with `key` through the hub's key door, creating the account `username`. */
async function signInWithKey(request: APIRequestContext, key: KeyPair, username: string) {
  const challenge = (await (await request.post("/v1/auth/challenge", { data: {} })).json()) as { id: string; text: string };
  const res = await request.post("/v1/auth/key", { data: { challengeId: challenge.id, address: key.address, signature: signStatement(key, "sign-in", challenge.text), username } });
  expect(res.status(), await res.text()).toBe(200);
  tokens.set(key.address, ((await res.json()) as { token: string }).token);
}

/** Signs a deploy or a call with `key` on `branch` (of `on`, default the test's repository), sent in its own session, and waits for its block. */
async function send(request: APIRequestContext, key: KeyPair, branch: string, type: "deploy" | "call", payload: unknown, to: string | null = null, on: string = repo): Promise<ReceiptJSON> {
  const q = `repo=${encodeURIComponent(on)}&branch=${branch}`;
  const headers = { authorization: `Bearer ${tokens.get(key.address)}` };
  const info = (await (await request.get(`/v1/getChainInfo?${q}`, { headers })).json()) as ChainInfoJSON;
  const state = (await (await request.get(`/v1/getState?${q}&account=${key.address}`, { headers })).json()) as { nonce: number };
  const tx = buildTx({ type, key, chainIdHash: info.chainIdHash, nonce: state.nonce + 1, to, gasPrice: BigInt(info.minGasPrice.aer), gasLimit: 5_000_000, payload: new TextEncoder().encode(JSON.stringify(payload)) });
  const res = await request.post(`/v1/sendSignedTransaction?${q}`, { data: { tx: toHex(tx.bytes), wait: "block" }, headers });
  expect(res.status(), await res.text()).toBe(200);
  const receipt = (await res.json()) as ReceiptJSON;
  expect(receipt.status, JSON.stringify(receipt)).toBe("success");
  return receipt;
}

/** A token balance on a branch, read through the REST API (a view: no fee, nothing changes). */
const balanceOf = (request: APIRequestContext, token: string, branch: string, address: string) => view(request, token, branch, "balanceOf", [address]);

async function view(request: APIRequestContext, contract: string, branch: string, name: string, args: unknown[], on: string = repo): Promise<unknown> {
  const res = await request.post(`/v1/queryContract?repo=${encodeURIComponent(on)}&branch=${branch}`, { data: { address: contract, view: name, args } });
  return ((await res.json()) as { result?: unknown }).result;
}

test.describe("compare and merge branches", () => {
  test.describe.configure({ mode: "serial" });
  let page: Page;
  let token = "";
  let notesAddress = "";

  test.afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  test("a token on main, branch feature from the Branches tab, a transfer on each side by different senders", async ({ browser, request }) => {
    test.setTimeout(120_000);
    page = await signUp(browser, owner, contexts);
    await createRepoPage(page, owner, repoName, "public");
    // alice and bob sign with keys the test holds; the owner invites both as writers (wallet-signed).
    await page.goto(`/${repo}/settings`);
    for (const [key, name] of [[alice, `alice-${run}`], [bob, `bob-${run}`]] as const) {
      await signInWithKey(request, key, name);
      await page.getByTestId("invite-username").fill(name);
      await page.getByTestId("invite-role").selectOption("writer");
      await page.getByTestId("invite-submit").click();
      await unlockIfAsked(page, owner.password, 5_000);
      await expect(page.getByTestId("settings-members-table")).toContainText(name, { timeout: 15_000 });
    }
    const deployed = await send(request, alice, "main", "deploy", { source: TOKEN_EXAMPLE, args: ["Compare Token", 1000] });
    token = deployed.contractAddress!;
    const gave = await send(request, alice, "main", "call", { procedure: "transfer", args: [bob.address, 100] }, token);

    await page.goto(`/${repo}/branches`);
    await page.getByTestId("new-branch-name").fill("feature");
    // The height follows main's head: at or past the block holding bob's tokens.
    await expect.poll(async () => Number(await page.getByTestId("new-branch-height").inputValue())).toBeGreaterThanOrEqual(gave.blockHeight!);
    await page.getByTestId("new-branch-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("new-branch-ok")).toContainText("feature", { timeout: 15_000 });

    await send(request, alice, "feature", "call", { procedure: "transfer", args: [recipient, 10] }, token);
    await send(request, bob, "main", "call", { procedure: "transfer", args: [otherRecipient, 5] }, token);
    expect(await balanceOf(request, token, "feature", recipient)).toBe(10);
    expect(await balanceOf(request, token, "main", recipient)).toBe(0);
  });

  test("the compare page shows what feature changed since it left main, the changed cell old → new", async ({}, testInfo) => {
    test.setTimeout(60_000);
    await page.goto(`/${repo}/branches`);
    await page.getByTestId("branch-compare-feature").click();
    await expect(page).toHaveURL(new RegExp(`/${repo}/compare/main\\.\\.\\.feature$`));
    await expect(page.getByTestId("repo-tab-compare")).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("compare-base")).toHaveValue("main");
    await expect(page.getByTestId("compare-head")).toHaveValue("feature");
    await expect(page.getByTestId("compare-merge-base")).toContainText("merge base #");

    // Three-dot: alice's balance changed and the recipient's row added; bob's transfer on main is not in it.
    const table = page.locator(`[data-table="balances"][data-contract="${token}"]`);
    await expect(table.getByTestId("diff-row")).toHaveCount(2);
    const changed = table.locator(`[data-testid="diff-row"][data-kind="changed"][data-key="${alice.address}"]`);
    await expect(changed.getByTestId("diff-cell-changed")).toHaveAttribute("data-column", "amount");
    await expect(changed.getByTestId("diff-cell-old")).toHaveText("900");
    await expect(changed.getByTestId("diff-cell-new")).toHaveText("890");
    const added = table.locator(`[data-testid="diff-row"][data-kind="added"][data-key="${recipient}"]`);
    await expect(added).toContainText("10");
    await expect(added.getByTestId("diff-row-kind")).toHaveText("+ added");
    await expect(table).not.toContainText(otherRecipient);
    await expect(page.locator(`[data-testid="diff-account"][data-address="${alice.address}"]`).getByTestId("diff-account-nonce")).toBeVisible();

    // The merge preview: automated (feature's mode), alice's transfer applied.
    const preview = page.getByTestId("merge-preview");
    await expect(preview).toHaveAttribute("data-mode", "automated");
    await expect(page.getByTestId("merge-mode-automated")).toHaveAttribute("aria-checked", "true");
    await expect(page.getByTestId("merge-counts")).toHaveText("1 applied, 0 excluded");
    await expect(page.getByTestId("merge-state-root")).toHaveText(/^[1-9A-HJ-NP-Za-km-z]{40,50}$/);
    await expect(page.locator('[data-testid="merge-tx"][data-status="success"]')).toHaveCount(1);
    await expect(page.getByTestId("merge-state")).toHaveText("ready to merge");
    await expect(page.getByTestId("merge-submit")).toBeEnabled();
    await shot(page, testInfo, "compare-main-feature");
  });

  test("a visitor who is not a member sees the diff and the preview but no Merge button", async ({ browser }) => {
    const context = await browser.newContext();
    contexts.push(context);
    const visitor = await context.newPage();
    await visitor.goto(`/${repo}/compare/main...feature`);
    await expect(visitor.locator(`[data-table="balances"]`).getByTestId("diff-row")).toHaveCount(2);
    await expect(visitor.getByTestId("merge-counts")).toHaveText("1 applied, 0 excluded");
    await expect(visitor.getByTestId("merge-readonly")).toContainText("Only writers");
    await expect(visitor.getByTestId("merge-submit")).toHaveCount(0);
    // A spec that is not one: a clear message, nothing asked of the hub.
    await visitor.goto(`/${repo}/compare/main..`);
    await expect(visitor.getByTestId("compare-bad-spec")).toContainText("is not two branches to compare");
    await visitor.goto(`/${repo}/compare/main...nope`);
    await expect(visitor.getByTestId("compare-error")).toContainText('"nope"');
  });

  test("Merge signs the entry with the wallet, and main then holds feature's transfer", async ({ request }, testInfo) => {
    test.setTimeout(60_000);
    await page.getByTestId("merge-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("merge-ok")).toContainText("Merged feature into main: 1 transaction applied", { timeout: 20_000 });
    // Merged transactions join main's next block: the recipient's balance arrives on main.
    await expect.poll(() => balanceOf(request, token, "main", recipient), { timeout: 20_000 }).toBe(10);
    expect(await balanceOf(request, token, "main", alice.address)).toBe(890);
    expect(await balanceOf(request, token, "main", otherRecipient)).toBe(5);
    // The next merge starts from the head just merged: nothing left, the button stays off.
    await expect(page.getByTestId("merge-counts")).toHaveText("0 applied, 0 excluded", { timeout: 15_000 });
    await expect(page.getByTestId("merge-state")).toHaveText("nothing to merge");
    await expect(page.getByTestId("merge-submit")).toBeDisabled();
    await shot(page, testInfo, "compare-after-merge");

    await page.goto(`/${repo}/contract/${token}?tab=tables`);
    await expect(page.getByTestId("table-rows").locator(`[title="${recipient}"]`).first()).toBeAttached({ timeout: 15_000 });
  });

  test("consistent: both sides change the same note, the conflict shows base / ours / theirs, resolved in the browser and merged", async ({ request }, testInfo) => {
    test.setTimeout(120_000);
    const notes = (await send(request, alice, "main", "deploy", { source: NOTES, args: [] })).contractAddress!;
    const drafted = await send(request, alice, "main", "call", { procedure: "note", args: [1, "draft", "a"] }, notes);

    await page.goto(`/${repo}/branches`);
    await page.getByTestId("new-branch-name").fill("rows");
    await page.getByTestId("new-branch-mode").selectOption("consistent");
    await expect.poll(async () => Number(await page.getByTestId("new-branch-height").inputValue())).toBeGreaterThanOrEqual(drafted.blockHeight!);
    await page.getByTestId("new-branch-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("new-branch-ok")).toContainText("rows", { timeout: 15_000 });
    await expect(page.getByTestId("branch-mode-rows")).toHaveText("consistent");

    await send(request, bob, "rows", "call", { procedure: "note", args: [1, "theirs", "a"] }, notes);
    await send(request, alice, "main", "call", { procedure: "note", args: [1, "ours", "a"] }, notes);

    await page.getByTestId("branch-compare-rows").click();
    await expect(page).toHaveURL(new RegExp(`/${repo}/compare/main\\.\\.\\.rows$`));
    await expect(page.getByTestId("merge-preview")).toHaveAttribute("data-mode", "consistent");
    const conflict = page.locator(`[data-testid="merge-conflict"][data-table="notes"][data-key="1"]`);
    await expect(conflict).toBeVisible();
    const body = conflict.locator('[data-testid="conflict-cell"][data-column="body"]');
    await expect(body).toHaveAttribute("data-conflicting", "true");
    await expect(body.getByTestId("conflict-base")).toHaveText("draft");
    await expect(body.getByTestId("conflict-ours")).toHaveText("ours");
    await expect(body.getByTestId("conflict-theirs")).toHaveText("theirs");
    await expect(conflict.locator('[data-testid="conflict-cell"][data-column="tag"]')).toHaveAttribute("data-conflicting", "false");
    await expect(page.getByTestId("merge-submit")).toBeDisabled();
    await shot(page, testInfo, "compare-conflict");

    // Edit the row: both sides' words, then preview again with the resolution.
    await conflict.getByTestId("conflict-take-row").check();
    await conflict.getByTestId("conflict-edit-body").fill("ours and theirs");
    await page.getByTestId("merge-resolve-preview").click();
    await expect(page.getByTestId("merge-conflict")).toHaveCount(0, { timeout: 15_000 });
    const merged = page.locator('[data-testid="merge-row"][data-key="1"]');
    await expect(merged).toHaveAttribute("data-how", "person");
    await expect(merged).toContainText("ours and theirs");
    await expect(page.getByTestId("merge-state")).toHaveText("ready to merge");
    await shot(page, testInfo, "compare-resolved");

    await page.getByTestId("merge-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("merge-ok")).toContainText("Merged rows into main", { timeout: 20_000 });
    await expect.poll(() => view(request, notes, "main", "bodyOf", [1]), { timeout: 20_000 }).toBe("ours and theirs");
    notesAddress = notes;
  });

  test("a fork's pull request: alice forks the repository, edits a note there, the owner compares main...alice's fork and merges it", async ({ request }, testInfo) => {
    test.setTimeout(120_000);
    // alice forks main at its head (a signed create entry naming the fork point), public like its origin.
    const aliceName = `alice-${run}`;
    const fork = `${aliceName}/ledger-fork`;
    const headers = { authorization: `Bearer ${tokens.get(alice.address)}` };
    const head = (await (await request.get(`/v1/getChainInfo?repo=${encodeURIComponent(repo)}`, { headers })).json()) as ChainInfoJSON;
    const entry = signDirectoryEntry(alice, {
      repo: fork,
      prev: "",
      time: Date.now(),
      signer: alice.address,
      action: { kind: "create", repo: fork, visibility: "public", description: "alice's fork", owner: { username: aliceName, address: alice.address }, producers: [], chainId: `hub/${fork}`, forkOf: { repo, branch: "main", height: head.height, hash: head.headHash } },
    });
    const created = await request.post("/api/trpc/repos.create", { data: { entry }, headers });
    expect(created.status(), await created.text()).toBe(200);
    await send(request, alice, "main", "call", { procedure: "note", args: [2, "from the fork", null] }, notesAddress, fork);

    await page.goto(`/${repo}/compare`);
    // The repository has a fork: the compare side's repository is a picker.
    await page.getByTestId("compare-head-repo").selectOption(fork);
    await expect(page).toHaveURL(new RegExp(`/${repo}/compare/main\\.\\.\\.${encodeURIComponent(`${fork}:main`)}$`));
    await expect(page.getByTestId("compare-head-name")).toHaveText(`${fork}:main`);
    const added = page.locator(`[data-table="notes"] [data-testid="diff-row"][data-kind="added"][data-key="2"]`);
    await expect(added).toContainText("from the fork");
    await expect(page.getByTestId("merge-mode-fixed")).toContainText("consistent");
    await expect(page.getByTestId("merge-preview")).toHaveAttribute("data-mode", "consistent");
    await expect(page.getByTestId("merge-state")).toHaveText("ready to merge");
    await shot(page, testInfo, "compare-fork");
    await page.getByTestId("merge-submit").click();
    await unlockIfAsked(page, owner.password, 10_000);
    await expect(page.getByTestId("merge-ok")).toContainText(`Merged ${fork}:main into main`, { timeout: 20_000 });
    await expect.poll(() => view(request, notesAddress, "main", "bodyOf", [2]), { timeout: 20_000 }).toBe("from the fork");
  });
});
