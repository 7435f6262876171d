import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import { createKeyPair } from "../support/devChain.ts";

/**
 * The branch graph and row history in the browser. A person works from the CLI (a public
 * repository, the token example deployed on main, branch `feature`, a transfer on it, the merge
 * into main), then anyone opens the Graph tab and sees both lanes, the fork and the merge edge,
 * opens a block from it, pages back through older blocks one block a lane at a time, and opens
 * the history of the deployer's balance row on the contract page. Every CLI step waits for its receipt or block; every page check waits for what it shows.
 */
const run = promisify(execFile);
const user = `grapher${Date.now().toString(36).slice(-5)}`;
const repoName = "lanes";
const repo = `${user}/${repoName}`;
const recipient = createKeyPair().address;

async function aergo(home: string, hub: string, ...args: string[]) {
  const { stdout } = await run(process.execPath, [path.resolve("bin/aergo.mjs"), ...args, "--hub", hub, "--json"], {
    env: { ...process.env, AERGO_HOME: home, AERGO_PASSWORD: "e2e-graph-password" },
    timeout: 45_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

test.describe("branch graph and row history", () => {
  test.describe.configure({ mode: "serial" });
  let home = "";
  let contract = "";
  let deployTx = "";
  let featureTx = "";
  let deployer = "";

  test.beforeAll(() => {
    home = mkdtempSync(path.join(tmpdir(), "aergo-e2e-graph-"));
  });
  test.afterAll(() => rmSync(home, { recursive: true, force: true }));

  test("a branch with a transfer is merged into main from the CLI", async ({ baseURL }) => {
    test.setTimeout(120_000);
    const hub = baseURL!;
    await aergo(home, hub, "keys", "new", user);
    const session = await aergo(home, hub, "login", "--key", user, "--username", user);
    deployer = String(session.address);
    await aergo(home, hub, "repo", "create", repoName);
    const source = path.join(home, "token.sql");
    writeFileSync(source, TOKEN_EXAMPLE);
    const deployed = await aergo(home, hub, "deploy", source, "--from", user, "--args", '["Lane Token", 1000]', "--repo", repo, "--wait", "block");
    expect(deployed.status).toBe("success");
    contract = String(deployed.contractAddress);
    deployTx = String(deployed.txHash);

    await aergo(home, hub, "branch", "create", "feature", "--repo", repo);
    const call = await aergo(home, hub, "call", contract, "transfer", "--from", user, "--args", JSON.stringify([recipient, 10]), "--repo", repo, "--branch", "feature", "--wait", "block");
    expect(call.status).toBe("success");
    featureTx = String(call.txHash);
    const merged = await aergo(home, hub, "merge", "feature", "--into", "main", "--repo", repo);
    expect(merged).toMatchObject({ source: "feature", target: "main" });
  });

  test("the Graph tab shows both lanes, the fork and the merge edge, and opens a block", async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    await page.goto(`/${repo}`);
    await page.getByTestId("repo-tab-graph").click();
    await expect(page).toHaveURL(new RegExp(`/${repo}/graph$`));
    await expect(page.getByTestId("graph-lane-main")).toBeVisible();
    await expect(page.getByTestId("graph-lane-feature")).toBeVisible();
    await expect(page.getByTestId("graph-summary")).toContainText("2 branches · 1 merge");
    await expect(page.locator(".graph-edge-merge")).toHaveCount(1);
    await expect(page.locator(".graph-edge-fork")).toHaveCount(1);
    // Runs of empty blocks on main are one edge each, labelled with their count.
    await expect(page.locator(".react-flow__edge-text").filter({ hasText: /empty blocks?$/ }).first()).toBeVisible();
    await expect(page.locator(".graph-edge-merge .react-flow__edge-text")).toHaveText("automated merge · 1 tx");
    await shot(page, testInfo, "branch-graph");

    // The transfer's block on feature opens as feature's block. (feature's head after it is the
    // empty block that made it final: a branch gone quiet seals until its last change is final.)
    const featureBlock = page.locator('[data-testid^="graph-node-feature-"]').filter({ hasText: "1 tx" });
    await expect(featureBlock).toHaveCount(1);
    await featureBlock.click();
    await expect(page).toHaveURL(new RegExp(`/${repo}/block/\\d+\\?branch=feature$`));
    await expect(page.getByText(featureTx.slice(0, 8)).first()).toBeVisible();
  });

  test("older blocks load a page at a time, with fork and merge edges ending at stubs beyond the page", async ({ page, request }, testInfo) => {
    test.setTimeout(90_000);
    type Graph = { window: { from: number; before: number | null; olderBefore: number | null }; nodes: { id: string; height: number; pending: boolean }[]; edges: { kind: string; target: string }[] };
    const input = encodeURIComponent(JSON.stringify({ repo, perLane: 1 }));
    // Pinned first: the merge's block is sealed and indexed, so main's newest page (one block a lane) starts at it; later blocks are empty and change no page.
    let mergeHeight = -1;
    await expect
      .poll(
        async () => {
          const graph = ((await (await request.get(`/api/trpc/branches.graph?input=${input}`)).json()) as { result?: { data: Graph } }).result?.data;
          const into = graph?.nodes.find((n) => n.id === graph.edges.find((e) => e.kind === "merge")?.target);
          mergeHeight = into && !into.pending && graph!.window.from === into.height ? into.height : -1;
          return mergeHeight;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);

    await page.goto(`/${repo}/graph?perLane=1`);
    await expect(page.getByTestId("graph-window")).toHaveText(`Blocks #${mergeHeight} to the newest`);
    // feature's block is older than this page: the merge edge starts at feature's stub.
    await expect(page.getByTestId("graph-stub-feature-older")).toBeVisible();
    await expect(page.locator(".graph-edge-merge")).toHaveCount(1);
    await expect(page.getByTestId(`graph-node-main-${mergeHeight}`)).toContainText("1 tx");
    await expect(page.getByTestId("graph-stub-feature-older")).toHaveAttribute("href", `/${repo}/graph?beforeHeight=${mergeHeight}&perLane=1`);

    await page.getByTestId("graph-load-older").click();
    await expect(page).toHaveURL(new RegExp(`/${repo}/graph\\?beforeHeight=${mergeHeight}&perLane=1$`));
    await expect(page.getByTestId("graph-window")).toHaveText(new RegExp(`^Blocks #\\d+ to #${mergeHeight - 1}$`));
    // The older page holds the fork point and feature's block: the fork edge is drawn, and the merge goes to main's stub of newer blocks.
    await expect(page.locator(".graph-edge-fork")).toHaveCount(1);
    await expect(page.locator(".graph-edge-merge")).toHaveCount(1);
    await expect(page.getByTestId("graph-stub-main-newer")).toBeVisible();
    await expect(page.locator('[data-testid^="graph-node-feature-"]').filter({ hasText: "1 tx" })).toHaveCount(1);
    await expect(page.locator(".graph-edge-merge .react-flow__edge-text")).toHaveText("automated merge · 1 tx");
    await expect(page.locator(".graph-edge-fork .react-flow__edge-text")).toHaveText(/^feature from main at \d+$/);
    await expect(page.locator(".react-flow__edge-text").filter({ hasText: "newer blocks" })).toBeVisible();
    await shot(page, testInfo, "branch-graph-older");

    // Further back until the page reaches block 0 (main's genesis drawn), then back to the newest.
    for (let i = 0; i < 10 && (await page.getByTestId("graph-load-older").count()) > 0; i++) {
      const before = await page.getByTestId("graph-window").textContent();
      await page.getByTestId("graph-load-older").click();
      await expect(page.getByTestId("graph-window")).not.toHaveText(before ?? "");
    }
    await expect(page.getByTestId("graph-load-older")).toHaveCount(0);
    await expect(page.getByTestId("graph-node-main-0")).toBeVisible();
    await page.getByTestId("graph-newest").click();
    await expect(page).toHaveURL(new RegExp(`/${repo}/graph\\?perLane=1$`));
    await expect(page.getByTestId("graph-window")).toHaveText(`Blocks #${mergeHeight} to the newest`);
  });

  test("a table row's History shows its versions, the transactions and the changed cells", async ({ page }, testInfo) => {
    test.setTimeout(60_000);
    await page.goto(`/${repo}/contract/${contract}?tab=tables&table=balances`);
    const deployerRow = page.getByTestId("table-rows").locator("tbody tr").filter({ has: page.locator(`[title="${deployer}"]`) });
    await deployerRow.getByTestId("row-history-open").click();
    await expect(page).toHaveURL(/row=/);
    const history = page.getByTestId("row-history");
    await expect(history).toBeVisible();
    // The merged transfer is sealed on main in the block after the merge: the page refreshes with each block.
    await expect(history.getByTestId("row-history-version")).toHaveCount(2, { timeout: 20_000 });
    const [updated, created] = [history.getByTestId("row-history-version").nth(0), history.getByTestId("row-history-version").nth(1)];
    await expect(updated.getByTestId("row-history-kind")).toHaveText("updated");
    await expect(updated.getByTestId("row-history-tx").locator("a")).toHaveAttribute("title", featureTx);
    await expect(updated.locator('[data-changed="true"]')).toHaveCount(1);
    await expect(updated.locator('[data-changed="true"]')).toContainText("990");
    await expect(created.getByTestId("row-history-kind")).toHaveText("created");
    await expect(created.getByTestId("row-history-tx").locator("a")).toHaveAttribute("title", deployTx);
    await expect(history.getByTestId("row-history-cell-amount")).toContainText(featureTx.slice(0, 6));
    await expect(history.getByTestId("row-history-cell-owner")).toContainText(deployTx.slice(0, 6));
    await shot(page, testInfo, "row-history");

    await history.getByTestId("row-history-close").click();
    await expect(page.getByTestId("row-history")).toHaveCount(0);
  });

  test("a block that took a consistent merge's rows, with no transactions, reads 'merged rows'", async ({ page, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const hub = baseURL!;
    await aergo(home, hub, "branch", "create", "target", "--repo", repo);
    await aergo(home, hub, "branch", "create", "rows", "--consistent", "--repo", repo);
    const call = await aergo(home, hub, "call", contract, "transfer", "--from", user, "--args", JSON.stringify([recipient, 3]), "--repo", repo, "--branch", "rows", "--wait", "block");
    expect(call.status).toBe("success");
    const merged = await aergo(home, hub, "merge", "rows", "--into", "target", "--repo", repo);
    expect(merged).toMatchObject({ source: "rows", target: "target" });

    await page.goto(`/${repo}/graph`);
    // The merge is sealed in target's next slot; the graph refreshes with each block.
    const mergedInto = page.locator('[data-testid^="graph-node-target-"]').filter({ hasText: "merged rows" });
    await expect(mergedInto).toHaveCount(1, { timeout: 30_000 });
    await expect(page.locator(".graph-edge-merge")).toHaveCount(2);
    // No transaction was sealed on target: the merge carried rows only.
    await expect(page.locator('[data-testid^="graph-node-target-"]').filter({ hasText: "1 tx" })).toHaveCount(0);
    await shot(page, testInfo, "branch-graph-merged-rows");
  });
});
