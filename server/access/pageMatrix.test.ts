/**
 * The page matrix: every app page (found by walking app/ for page.tsx, so a new page is covered
 * the day it is added) × every role, fetched over HTTP from a real hub serving the built pages,
 * with its dynamic segments filled from a private repository: its owner/name, a block, a
 * transaction, a contract, an account, a comparison with a branch. Data planted in that
 * repository (its description, a branch name, contract names, a table cell, an event argument,
 * a source path, transaction hashes), on main and on a branch only, must appear to members (so a
 * broken page fails here too) and never to anyone else, in the HTML or the RSC payload; their
 * repository pages are the hub's 404. Needs `npx next build` first (scripts/test.sh builds before vitest).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { REPO_ROOT, startHubProcess, waitUntil, type HttpAnswer, type HubProcess } from "../testing/hubProcess.ts";
import { ledgerSource, sendContractTx } from "../testing/ledgerContract.ts";
import { createRepo, directoryChange, signInWithKey, trpcMutation, trpcQuery, type Person } from "../testing/people.ts";

const PORT = 3451;
const ROLES = ["anonymous", "outsider", "reader", "writer", "admin", "owner"] as const;
type RoleName = (typeof ROLES)[number];
const MEMBER_ROLES: readonly RoleName[] = ["reader", "writer", "admin", "owner"];
const ADMIN_ROLES: readonly RoleName[] = ["admin", "owner"];

const OWNER = "olivia";
const NAME = "vault";
const REPO = `${OWNER}/${NAME}`;
const MARK = "pm4x7";
const M = {
  description: `description-${MARK}-of-the-treasury`,
  branch: `hidden-${MARK}`,
  sourcePath: `contracts/secret-${MARK}.sql`,
  mainContractName: `MainLedger${MARK}`,
  mainCell: `main-cell-${MARK}`,
  mainEvent: `main-event-${MARK}`,
  branchContractName: `BranchLedger${MARK}`,
  branchCell: `branch-cell-${MARK}`,
  branchEvent: `branch-event-${MARK}`,
};

/** One chain point's values for the dynamic segments: main's or the hidden branch's. */
type Fill = { readonly contract: string; readonly tx: string; readonly height: number; readonly contractName: string; readonly cell: string; readonly event: string };

let dataDir: string;
let hub: HubProcess;
const people = {} as Record<Exclude<RoleName, "anonymous">, Person>;
let onMain: Fill;
let onBranch: Fill;
let account: string;

const who = (role: RoleName): Person | null => (role === "anonymous" ? null : people[role]);

/** Every page route under app/, as its path pattern (`/[owner]/[name]/tx/[hash]`). */
function pageRoutes(dir = path.join(REPO_ROOT, "app"), prefix = ""): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      // Route groups `(x)` add no segment; private folders `_x` and `api` hold no pages.
      if (entry.startsWith("_") || (prefix === "" && entry === "api")) continue;
      routes.push(...pageRoutes(full, entry.startsWith("(") ? prefix : `${prefix}/${entry}`));
    } else if (entry === "page.tsx") {
      routes.push(prefix || "/");
    }
  }
  return routes;
}

/** What fills each dynamic segment; a new segment name fails the matrix until it is added here. */
function segmentValue(segment: string, route: string, fill: Fill): string {
  switch (segment) {
    case "owner":
      return OWNER;
    case "name":
      return NAME;
    case "id":
      return String(fill.height);
    case "hash":
      return fill.tx;
    case "address":
      return route.includes("/contract/") ? fill.contract : account;
    case "spec":
      return `main...${M.branch}`;
    case "package":
      return "escrow";
    default:
      throw new Error(`The page ${route} has a segment [${segment}] the page matrix does not know how to fill: add it to segmentValue.`);
  }
}

function pagePath(route: string, fill: Fill): string {
  return route.replace(/\[([^\]]+)\]/g, (_, segment: string) => encodeURIComponent(segmentValue(segment, route, fill)));
}

const isRepoPage = (route: string) => route.startsWith("/[owner]/[name]");
const isAdminPage = (route: string) => /^\/\[owner\]\/\[name\]\/(settings|admin)$/.test(route);

/** The URLs a page is fetched at: on main and on the hidden branch, with the tabs that read more. */
function pageUrls(route: string): { url: string; fill: Fill }[] {
  const urls: { url: string; fill: Fill }[] = [];
  for (const fill of [onMain, onBranch]) {
    const base = pagePath(route, fill);
    const branchQuery = fill === onBranch ? `branch=${M.branch}` : "";
    const withQuery = (q: string) => (q ? `${base}?${q}` : base);
    if (isRepoPage(route)) {
      urls.push({ url: withQuery(branchQuery), fill });
      if (route.endsWith("/contract/[address]")) {
        urls.push({ url: withQuery([branchQuery, "tab=tables&table=notes"].filter(Boolean).join("&")), fill });
        urls.push({ url: withQuery([branchQuery, "tab=events"].filter(Boolean).join("&")), fill });
      }
    } else if (route === "/search") {
      for (const q of [fill.contract, fill.tx]) urls.push({ url: `${base}?q=${q}`, fill });
    } else {
      // The explorer's own pages read the root chain: a `repo=` or `branch=` must not make them read another.
      urls.push({ url: base, fill });
      urls.push({ url: `${base}?repo=${encodeURIComponent(REPO)}&branch=${M.branch}`, fill });
    }
  }
  return urls;
}

/** What a member must see on a repository page (beyond what the layout shows): proof it really read the repository. */
function memberSees(route: string, url: string, fill: Fill): string[] {
  const common = [M.description, ...(url.includes(`branch=${M.branch}`) ? [] : [M.branch])];
  const own: Record<string, string[]> = {
    "/[owner]/[name]": [fill.contractName],
    "/[owner]/[name]/contracts": [fill.contractName],
    "/[owner]/[name]/contract/[address]": [url.includes("tab=tables") ? fill.cell : url.includes("tab=events") ? fill.event : fill.contractName],
    "/[owner]/[name]/tx/[hash]": [fill.event],
    "/[owner]/[name]/block/[id]": [fill.tx],
    "/[owner]/[name]/address/[address]": [fill.tx],
    "/[owner]/[name]/editor": fill === onMain ? [M.sourcePath] : [],
    "/[owner]/[name]/compare/[spec]": [M.branchCell],
  };
  return [...common, ...(own[route] ?? [])];
}

/** Root pages that may show a member their private repository, and what they must show then (/repos reads in the browser). */
const ROOT_PAGES_FOR_MEMBERS: Record<string, (fill: Fill) => string[]> = {
  "/repos": () => [],
  "/search": () => [REPO],
};

/** Every planted secret, main's and the branch's. */
const secrets = () => [REPO, ...Object.values(M), onMain.contract, onMain.tx, onBranch.contract, onBranch.tx];

/** Secrets the request itself names cannot be secrets of its answer (a URL is echoed in the router payload). */
const notIn = (url: string, values: string[]) => values.filter((v) => !url.includes(v) && !decodeURIComponent(url).includes(v) && !url.includes(encodeURIComponent(v)));

async function fetchPage(role: RoleName, url: string, rsc = false): Promise<HttpAnswer & { all: string }> {
  const person = who(role);
  const headers: Record<string, string> = { ...(person ? { cookie: `authjs.session-token=${person.token}` } : {}), ...(rsc ? { rsc: "1" } : {}) };
  let a = await hub.request(url, { headers, timeoutMs: 60_000 });
  // Next answers an RSC request first with the cache-busting `_rsc=` URL it expects for those headers.
  for (let hops = 0; rsc && a.status === 307 && String(a.headers.location ?? "").includes("_rsc"); hops++) {
    if (hops > 2) throw new Error(`${url}: RSC redirects do not end.`);
    a = await hub.request(String(a.headers.location), { headers, timeoutMs: 60_000 });
  }
  if (rsc && a.status < 300) expect(String(a.headers["content-type"]), `${url} answers an RSC payload`).toMatch(/text\/x-component/);
  return { ...a, all: `${String(a.headers.location ?? "")}\n${a.text}` };
}

beforeAll(async () => {
  if (!existsSync(path.join(REPO_ROOT, ".next", "BUILD_ID"))) throw new Error("The page matrix serves the built pages: run `npx next build` first.");
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-page-matrix-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_WEB: "1", NODE_ENV: "production", HUB_BLOCK_INTERVAL_MS: "250" }, startTimeoutMs: 120_000 });
  for (const role of ["outsider", "reader", "writer", "admin", "owner"] as const) {
    people[role] = await signInWithKey(hub, devKeyPair(`page-matrix-${role}`), role === "owner" ? OWNER : `${role}-person`);
  }
  expect((await createRepo(hub, people.owner, NAME, "private", M.description)).error).toBeNull();
  for (const role of ["reader", "writer", "admin"] as const) {
    const invited = await directoryChange(hub, REPO, { kind: "invite", username: people[role].username, address: people[role].key.address, role }, people.owner);
    expect(invited.error, invited.text).toBeNull();
  }
  const writer = people.writer;
  account = writer.key.address;
  const plant = async (branch: string | undefined, contractName: string, cell: string, event: string): Promise<Fill> => {
    const at = { repo: REPO, branch };
    const deployed = await sendContractTx(hub, writer, writer.key, at, { type: "deploy", payload: { source: ledgerSource(contractName), args: [cell] } });
    const noted = await sendContractTx(hub, writer, writer.key, at, { type: "call", to: deployed.contractAddress!, payload: { procedure: "note", args: [event] } });
    return { contract: deployed.contractAddress!, tx: noted.txHash, height: noted.blockHeight!, contractName, cell, event };
  };
  onMain = await plant(undefined, M.mainContractName, M.mainCell, M.mainEvent);
  const branched = await directoryChange(hub, REPO, { kind: "createBranch", name: M.branch, from: "main", height: onMain.height }, people.owner);
  expect(branched.error, branched.text).toBeNull();
  onBranch = await plant(M.branch, M.branchContractName, M.branchCell, M.branchEvent);
  const source = await trpcMutation(hub, "sources.create", { repo: REPO, path: M.sourcePath, template: "token" }, writer);
  expect(source.error, source.text).toBeNull();
  for (const fill of [onMain, onBranch]) {
    await waitUntil(`the ${fill.contractName} note is indexed`, async () => {
      const r = await trpcQuery(hub, "accounts.txs", { repo: REPO, address: account, ...(fill === onBranch ? { branch: M.branch } : {}) }, people.owner);
      return JSON.stringify(r.data ?? null).includes(fill.tx) ? true : undefined;
    });
  }
}, 240_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("every page × every role on a private repository and its branch", () => {
  it("finds the pages by walking app/ and knows how to fill each of their segments", () => {
    const routes = pageRoutes();
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContain("/[owner]/[name]/contract/[address]");
    for (const route of routes) expect(() => pageUrls(route)).not.toThrow();
  });

  for (const rsc of [false, true]) {
    it(`repository pages (${rsc ? "RSC payload" : "HTML"}): members see the repository's data; everyone else gets the 404 page and nothing of it`, async () => {
      const checked: string[] = [];
      for (const route of pageRoutes().filter(isRepoPage)) {
        for (const { url, fill } of pageUrls(route)) {
          for (const role of ROLES) {
            const a = await fetchPage(role, url, rsc);
            const may = isAdminPage(route) ? ADMIN_ROLES.includes(role) : MEMBER_ROLES.includes(role);
            const what = `${url} as ${role}${rsc ? " (RSC)" : ""}`;
            if (may) {
              expect(a.status, `${what}: ${a.text.slice(0, 300)}`).toBe(200);
              for (const s of memberSees(route, url, fill)) expect(a.all.includes(s), `${what} shows ${s}`).toBe(true);
            } else {
              // A navigation's RSC payload is streamed with 200; the 404 is in it.
              expect(a.status, what).toBe(rsc ? 200 : 404);
              expect(a.text, `${what} is the 404 page`).toContain("NEXT_HTTP_ERROR_FALLBACK;404");
              // Members of lower roles may know the repository; admin pages must not show them the admins' data.
              const hidden = MEMBER_ROLES.includes(role) ? [] : notIn(url, secrets());
              for (const s of hidden) expect(a.all, `${what} leaks ${s}`).not.toContain(s);
            }
            checked.push(what);
          }
        }
      }
      expect(checked.length).toBeGreaterThan(100);
    }, 600_000);
  }

  it("the explorer's own pages never show the private repository, whatever repo= or branch= says, but to its members where they list it", async () => {
    for (const route of pageRoutes().filter((r) => !isRepoPage(r))) {
      for (const { url, fill } of pageUrls(route)) {
        for (const role of ROLES) {
          const a = await fetchPage(role, url);
          const what = `${url} as ${role}`;
          expect(a.status, `${what}: ${a.text.slice(0, 300)}`).toBeLessThan(500);
          const listsIt = MEMBER_ROLES.includes(role) ? ROOT_PAGES_FOR_MEMBERS[route] : undefined;
          if (listsIt) {
            for (const s of listsIt(fill)) expect(a.all.includes(s), `${what} shows ${s}`).toBe(true);
            // The search redirects a member to the hit's page: in its repository, on its branch.
            if (route === "/search") expect(a.all).toContain(fill === onBranch ? `branch=${M.branch}` : `/${REPO}/`);
            continue;
          }
          for (const s of notIn(url, secrets())) expect(a.all, `${what} leaks ${s}`).not.toContain(s);
        }
      }
    }
  }, 600_000);
});
