/**
 * The AergoSQL editor in a real browser (issue 5: "diagnostics within 100 ms of a keystroke on a
 * 500-line contract; the editor loads lazily and the page is usable before Monaco is"). bench/editor.ts
 * times the compiler alone in Node; this one times what a person sees, end to end: a hub with the
 * web app (needs `npx next build`), Debian's Chromium driven by Playwright, the page and the
 * engine worker exactly as shipped.
 *
 * Method:
 *  - Sign up through /signup, create a private repository through /new, open /OWNER/NAME/editor,
 *    create `big.sql` (New file → Empty), paste the 500-line contract of bench/editor.ts into
 *    Monaco (a paste event: typing it would auto-indent every line), check it compiles
 *    (data-errors="0"), save it.
 *  - Page load: /OWNER/NAME/editor?file=big.sql in a new browser context (same session cookie,
 *    empty HTTP cache: "cold"), then reloaded twice in that context ("warm"). A script installed
 *    before the page's own (addInitScript) notes, in performance.now() (0 = navigation start),
 *    when the file tree is shown (server-rendered HTML), when it is interactive (React has
 *    hydrated the "New file" button), when the source is editable (data-editor="plain": the
 *    textarea that stands in for Monaco, with the file's text) and when Monaco is mounted
 *    (data-editor="monaco"). A MutationObserver catches DOM changes as they happen; hydration
 *    changes no DOM, so a 4 ms poll catches it (its figure is ±4 ms). The textarea's text is
 *    compared with the pasted contract, so the figures are for the real file.
 *  - Keystroke → diagnostics: in the warm page, after one untimed pair, pairs of edits that break
 *    and restore a table reference on `UPDATE tN SET …` lines spread over the file (go to
 *    line:column with Ctrl+G, type "x": "no such table: tNx"; Backspace: clean again). Each edit
 *    is timed inside the page from the keydown event's timeStamp to the DOM change a
 *    MutationObserver sees: the editor's data-errors attribute (the Problems panel renders in
 *    the same commit, its error rows are checked too) and Monaco's squiggle appearing or going.
 *    The page paints at most one frame (~16 ms) after that DOM change. The editor's debounce
 *    (DIAGNOSTICS_DEBOUNCE_MS) is part of the figure, as it is part of what a person waits.
 *    The next edit waits until the page is quiet again.
 *
 *   npx tsx bench/editorBrowser.ts     (BENCH_EDITOR_BROWSER_EDITS: timed edits, default 30;
 *                                       BENCH_EDITOR_BROWSER_PORT: the hub's port, default 3900)
 */
import { DIAGNOSTICS_DEBOUNCE_MS } from "../components/editor/timing.ts";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { generateContract } from "./editor.ts";
import { startHub } from "./hubProcess.ts";
import { fmt, summarize } from "./stats.ts";

const TARGET_MS = 100;
const DEBOUNCE_MS = DIAGNOSTICS_DEBOUNCE_MS;
/** An edit whose diagnostics have not changed after this long counts as "no change". */
const EDIT_TIMEOUT_MS = 5000;
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const VIEWPORT = { width: 1400, height: 1000 };
const FILE = "big.sql";
const PASSWORD = "bench-Lantern-quarry-73";

export type LoadFigures = { label: string; htmlMs: number; treeMs: number | null; interactiveMs: number | null; plainMs: number | null; monacoMs: number | null; sourceIntact: boolean };
export type EditSample = { kind: "break" | "fix"; line: number; errorsMs: number | null; markerMs: number | null; errorLine: number | null };
export type EditorBrowserFigures = { chromium: string; lines: number; loads: LoadFigures[]; edits: EditSample[] };

/*
 * In-page scripts are strings, not functions: tsx (esbuild, keepNames) would wrap serialized
 * functions in helpers the page does not have.
 */

/** Installed before the page's scripts: first moments of the editor page, in ms from navigation start. */
const LOAD_PROBE = `(() => {
  const t = { tree: null, interactive: null, plain: null, monaco: null, source: null };
  window.__editorLoad = t;
  let done = false;
  const check = () => {
    if (done) return;
    const now = performance.now();
    if (t.tree === null && document.querySelector('[data-testid="file-item"]')) t.tree = now;
    if (t.interactive === null) {
      const b = document.querySelector('[data-testid="new-file"]');
      if (b && Object.keys(b).some((k) => k.startsWith("__reactProps"))) t.interactive = now;
    }
    const ed = document.querySelector('[data-testid="source-editor"]');
    if (ed) {
      const kind = ed.getAttribute("data-editor");
      if (t.plain === null && kind === "plain") {
        t.plain = now;
        const ta = ed.querySelector("textarea");
        t.source = ta ? ta.value : null;
      }
      if (t.monaco === null && kind === "monaco") t.monaco = now;
    }
    if (t.monaco !== null && t.interactive !== null && t.tree !== null) done = true;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-editor", "data-testid"] });
  const poll = () => { check(); if (!done) setTimeout(poll, 4); };
  poll();
})();`;

/**
 * Arms one timed edit: the first keydown after arming starts the clock; it stops when the
 * editor's error count (data-errors, and the Problems panel's error rows) and Monaco's squiggles
 * show the expected state. Call, send the key, then await window.__editResult.
 */
const ARM_EDIT = (want: "broken" | "clean", timeoutMs: number) => `(() => {
  const want = ${JSON.stringify(want)};
  const ok = (n) => (want === "broken" ? n > 0 : n === 0);
  const editor = document.querySelector('[data-testid="source-editor"]');
  const errorsNow = () => Number(editor.getAttribute("data-errors") ?? "NaN");
  const panelErrors = () => document.querySelectorAll('[data-testid="problem-row"][data-severity="error"]').length;
  const squiggles = () => editor.querySelectorAll(".squiggly-error").length;
  let key = null, errorsAt = null, markerAt = null;
  window.__editResult = new Promise((resolve) => {
    const finish = () => {
      observer.disconnect();
      window.removeEventListener("keydown", onKey, true);
      clearTimeout(timer);
      const row = document.querySelector('[data-testid="problem-row"][data-severity="error"]');
      resolve({
        errorsMs: errorsAt === null ? null : errorsAt - key,
        markerMs: markerAt === null ? null : markerAt - key,
        errorLine: row ? Number(row.getAttribute("data-line")) : null,
      });
    };
    const check = () => {
      if (key === null) return;
      const now = performance.now();
      if (errorsAt === null && ok(errorsNow()) && ok(panelErrors())) errorsAt = now;
      if (markerAt === null && ok(squiggles())) markerAt = now;
      if (errorsAt !== null && markerAt !== null) finish();
    };
    const onKey = (e) => { if (key === null) { key = e.timeStamp; check(); } };
    window.addEventListener("keydown", onKey, true);
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const timer = setTimeout(finish, ${timeoutMs});
  });
})()`;

/** Pastes `text` into the focused element (Monaco's edit context) with a paste event carrying it. */
const PASTE = (text: string) => `(() => {
  const data = new DataTransfer();
  data.setData("text/plain", ${JSON.stringify(text)});
  document.activeElement.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
})()`;

async function signUp(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page; username: string }> {
  const username = `bench-${Date.now().toString(36).slice(-6)}`;
  const context = await browser.newContext({ baseURL, viewport: VIEWPORT });
  const page = await context.newPage();
  await page.goto("/signup");
  const form = page.getByTestId("signup-form");
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="email"]').fill(`${username}@example.test`);
  await form.locator('input[name="password"]').fill(PASSWORD);
  await form.locator('input[name="confirm"]').fill(PASSWORD);
  await page.getByTestId("signup-submit").click();
  await page.waitForURL(/\/repos$/, { timeout: 90_000 });
  return { context, page, username };
}

/** Answers the wallet's password prompt if it shows up (creating a repository signs with the key). */
async function unlockIfAsked(page: Page, timeout: number) {
  const dialog = page.getByRole("dialog", { name: "Unlock your wallet" });
  if (await dialog.waitFor({ state: "visible", timeout }).then(() => true, () => false)) {
    await dialog.getByLabel("Wallet password").fill(PASSWORD);
    await dialog.getByRole("button", { name: "Unlock" }).click();
    await dialog.waitFor({ state: "detached", timeout: 30_000 });
  }
}

async function createRepo(page: Page, username: string, name: string) {
  await page.goto("/new");
  await page.getByTestId("new-name").fill(name);
  await page.getByTestId("new-private").check();
  await page.getByTestId("new-submit").click();
  await unlockIfAsked(page, 3000);
  await page.waitForURL(new RegExp(`/${username}/${name}$`), { timeout: 60_000 });
}

/** Creates `big.sql` in the editor, pastes the contract into Monaco, waits until it compiles, saves. */
async function addContract(page: Page, repo: string, source: string) {
  await page.goto(`/${repo}/editor`);
  await page.getByTestId("new-file").click();
  await page.getByTestId("new-file-path").fill(FILE.replace(/\.sql$/, ""));
  await page.getByTestId("template-empty").click();
  await page.locator(`[data-testid="tab"][data-path="${FILE}"]`).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="source-editor"][data-editor="monaco"]').waitFor({ timeout: 90_000 });
  await page.locator(".monaco-editor .view-lines").click();
  await page.keyboard.press("ControlOrMeta+A");
  // A paste event, as Ctrl+V gives: typed text (keyboard.insertText) is auto-indented line by line.
  await page.evaluate(PASTE(source));
  await page.locator(`[data-testid="tab"][data-path="${FILE}"][data-dirty="true"]`).waitFor({ timeout: 30_000 });
  const compiled = page.locator('[data-testid="source-editor"][data-errors="0"]');
  if (!(await compiled.waitFor({ timeout: 60_000 }).then(() => true, () => false))) {
    const problems = await page.getByTestId("problem-row").allTextContents();
    const errors = await page.getByTestId("source-editor").getAttribute("data-errors");
    throw new Error(`the pasted contract does not compile in the page (data-errors=${errors}): ${problems.slice(0, 5).join(" | ")}`);
  }
  await page.keyboard.press("ControlOrMeta+S");
  await page.locator(`[data-testid="tab"][data-path="${FILE}"][data-dirty="false"]`).waitFor({ timeout: 30_000 });
}

async function measureLoad(page: Page, label: string, source: string, go: () => Promise<unknown>): Promise<LoadFigures> {
  await go();
  await page.waitForFunction("window.__editorLoad && window.__editorLoad.monaco !== null && window.__editorLoad.interactive !== null", null, { timeout: 120_000 });
  const t = (await page.evaluate("window.__editorLoad")) as { tree: number | null; interactive: number | null; plain: number | null; monaco: number | null; source: string | null };
  const htmlMs = (await page.evaluate(`performance.getEntriesByType("navigation")[0].responseEnd`)) as number;
  return { label, htmlMs, treeMs: t.tree, interactiveMs: t.interactive, plainMs: t.plain, monacoMs: t.monaco, sourceIntact: t.source === source };
}

/**
 * Puts Monaco's cursor at line:column with Go to Line (Ctrl+G accepts "line:column"); should the
 * quick input not open, with the arrow keys from the top of the file.
 */
async function goTo(page: Page, line: number, column: number) {
  await page.keyboard.press("Escape"); // a completion list left open by the previous edit
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget .quick-input-box input").first();
  if (await input.waitFor({ state: "visible", timeout: 5000 }).then(() => true, () => false)) {
    await page.keyboard.type(`${line}:${column}`);
    await page.keyboard.press("Enter");
    await input.waitFor({ state: "hidden", timeout: 10_000 });
    return;
  }
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+Home");
  for (let i = 1; i < line; i++) await page.keyboard.press("ArrowDown");
  for (let i = 1; i < column; i++) await page.keyboard.press("ArrowRight");
}

async function timedEdit(page: Page, want: "broken" | "clean", key: () => Promise<void>) {
  // The edit starts from the other state: clean before a break, broken before a restore.
  const before = want === "broken" ? '[data-testid="source-editor"][data-errors="0"]' : '[data-testid="source-editor"]:not([data-errors="0"])';
  await page.locator(before).waitFor({ timeout: 30_000 });
  await page.evaluate(ARM_EDIT(want, EDIT_TIMEOUT_MS));
  await key();
  const r = (await page.evaluate("window.__editResult")) as { errorsMs: number | null; markerMs: number | null; errorLine: number | null };
  // Quiet before the next key: the compile behind the ABI panels and Monaco's rendering settle.
  await page.waitForTimeout(400);
  return r;
}

export async function benchEditorBrowser(opts: { port?: number; edits?: number } = {}): Promise<EditorBrowserFigures> {
  const edits = Math.max(2, opts.edits ?? Number(process.env.BENCH_EDITOR_BROWSER_EDITS ?? 30));
  const source = generateContract(500);
  const lines = source.split("\n");
  // The `UPDATE tN SET owner …` line of every group: "x" after tN names a table that does not exist.
  const targets = lines.flatMap((l, i) => {
    const m = /^ {2}UPDATE (t\d+) SET owner/.exec(l);
    return m ? [{ line: i + 1, column: `  UPDATE ${m[1]}`.length + 1 }] : [];
  });
  const hub = await startHub({ port: opts.port ?? Number(process.env.BENCH_EDITOR_BROWSER_PORT ?? 3900), web: true });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
  try {
    const { context: first, page: setup, username } = await signUp(browser, hub.url);
    const repo = `${username}/lab`;
    await createRepo(setup, username, "lab");
    await addContract(setup, repo, source);
    const session = await first.storageState();
    await first.close();

    // A new context: the session cookie, but nothing of the app in the HTTP cache.
    const context = await browser.newContext({ baseURL: hub.url, viewport: VIEWPORT, storageState: session });
    await context.addInitScript({ content: LOAD_PROBE });
    const page = await context.newPage();
    const url = `/${repo}/editor?file=${encodeURIComponent(FILE)}`;
    const loads = [await measureLoad(page, "cold cache", source, () => page.goto(url))];
    for (let i = 1; i <= 2; i++) loads.push(await measureLoad(page, `warm cache ${i}`, source, () => page.reload()));

    await page.locator('[data-testid="source-editor"][data-errors="0"]').waitFor({ timeout: 60_000 });
    await page.locator(".monaco-editor .view-lines").click();
    const samples: EditSample[] = [];
    const pairs = Math.ceil(edits / 2) + 1; // the first pair is a warm-up, not counted
    for (let p = 0; p < pairs; p++) {
      // Spread over the file: the groups in a fixed, scattered order.
      const target = targets[(p * 7) % targets.length]!;
      await goTo(page, target.line, target.column);
      const broke = await timedEdit(page, "broken", () => page.keyboard.type("x"));
      const fixed = await timedEdit(page, "clean", () => page.keyboard.press("Backspace"));
      if (p === 0) continue;
      samples.push({ kind: "break", line: target.line, ...broke }, { kind: "fix", line: target.line, ...fixed });
    }
    await context.close();
    return { chromium: browser.version(), lines: lines.length, loads, edits: samples.slice(0, edits) };
  } finally {
    await browser.close();
    await hub.stop();
  }
}

const ms = (n: number | null) => (n === null ? "—" : `${fmt(n, 0)} ms`);

export function printEditorBrowser(r: EditorBrowserFigures) {
  console.log(`Editor in the browser: Chromium ${r.chromium}, a hub with the web app, a ${r.lines}-line contract open in /OWNER/NAME/editor`);
  console.log("  page load, ms from navigation start (usable: interactive and the source editable in the plain view):");
  console.log(`  ${"".padEnd(14)}${"HTML end".padStart(9)}${"tree shown".padStart(12)}${"interactive".padStart(13)}${"usable".padStart(17)}${"Monaco mounted".padStart(16)}   usable before Monaco by`);
  for (const l of r.loads) {
    // Usable: interactive and the source editable, whichever comes last.
    const usable = l.plainMs !== null && l.interactiveMs !== null ? Math.max(l.plainMs, l.interactiveMs) : null;
    const lead = usable !== null && l.monacoMs !== null ? `${fmt(l.monacoMs - usable, 0)} ms` : "—";
    console.log(
      `  ${l.label.padEnd(14)}${ms(l.htmlMs).padStart(9)}${ms(l.treeMs).padStart(12)}${ms(l.interactiveMs).padStart(13)}${ms(usable).padStart(17)}${ms(l.monacoMs).padStart(16)}   ${lead}${l.sourceIntact ? "" : "   (the plain editor did not hold the saved contract)"}`,
    );
  }
  const timed = r.edits.filter((e) => e.errorsMs !== null);
  const errors = summarize(timed.map((e) => e.errorsMs!));
  const markers = summarize(r.edits.filter((e) => e.markerMs !== null).map((e) => e.markerMs!));
  const breaks = summarize(r.edits.filter((e) => e.kind === "break" && e.errorsMs !== null).map((e) => e.errorsMs!));
  const fixes = summarize(r.edits.filter((e) => e.kind === "fix" && e.errorsMs !== null).map((e) => e.errorsMs!));
  const misplaced = r.edits.filter((e) => e.kind === "break" && e.errorLine !== e.line).length;
  console.log(`  keystroke → diagnostics: ${r.edits.length} single-character edits (break a table name with "x", restore it with Backspace), ${DEBOUNCE_MS} ms debounce included`);
  console.log(`    data-errors + Problems panel:  p50 ${fmt(errors.p50, 1)} ms   p95 ${fmt(errors.p95, 1)} ms   max ${fmt(errors.max, 1)} ms`);
  console.log(`    Monaco squiggle in the DOM:    p50 ${fmt(markers.p50, 1)} ms   p95 ${fmt(markers.p95, 1)} ms   max ${fmt(markers.max, 1)} ms`);
  console.log(`    break / restore (p50):         ${fmt(breaks.p50, 1)} ms / ${fmt(fixes.p50, 1)} ms`);
  console.log(`    ratio to the ${TARGET_MS} ms target:   p50 ${fmt(errors.p50 / TARGET_MS, 2)}   p95 ${fmt(errors.p95 / TARGET_MS, 2)}   max ${fmt(errors.max / TARGET_MS, 2)}   (target ≤ 1)`);
  console.log(`    edits with no change within ${EDIT_TIMEOUT_MS / 1000} s: ${r.edits.length - timed.length}   errors on another line than the edit: ${misplaced}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(path.resolve(import.meta.dirname, "../.next/BUILD_ID"))) spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", cwd: path.resolve(import.meta.dirname, "..") });
  printEditorBrowser(await benchEditorBrowser());
}
