/**
 * The `sources` router against a real hub process: a private repository with an owner, a writer,
 * a reader and an outsider, over the same HTTP doors the editor uses.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../../chain/crypto/keys.ts";
import { MAX_SOURCE_BYTES } from "../../sources/paths.ts";
import { startHubProcess, type HubProcess } from "../../testing/hubProcess.ts";
import { createRepo, directoryChange, signInWithKey, trpcMutation, trpcQuery, type Person } from "../../testing/people.ts";

const PORT = 3851;
const REPO = "sofia/contracts";
let dataDir: string;
let hub: HubProcess;
let owner: Person, writer: Person, reader: Person, outsider: Person;

type File = { path: string; content: string; version: number; updatedBy: string };
const list = async (who: Person | null = owner, repo = REPO) => (await trpcQuery(hub, "sources.list", { repo, branch: "main" }, who)).data as File[];
const get = async (p: string, who: Person | null = owner) => (await trpcQuery(hub, "sources.get", { repo: REPO, path: p }, who)).data as File;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-sources-router-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "250" } });
  owner = await signInWithKey(hub, devKeyPair("sources-owner"), "sofia");
  writer = await signInWithKey(hub, devKeyPair("sources-writer"), "walt");
  reader = await signInWithKey(hub, devKeyPair("sources-reader"), "rita");
  outsider = await signInWithKey(hub, devKeyPair("sources-outsider"), "otto");
  expect((await createRepo(hub, owner, "contracts", "private")).error).toBeNull();
  for (const [p, role] of [
    [writer, "writer"],
    [reader, "reader"],
  ] as const) {
    const invited = await directoryChange(hub, REPO, { kind: "invite", username: p.username, address: p.key.address, role }, owner);
    expect(invited.error, invited.text).toBeNull();
  }
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("sources router", () => {
  it("offers the four example templates to anyone", async () => {
    const t = await trpcQuery(hub, "sources.templates", undefined, null);
    expect(t.status).toBe(200);
    expect((t.data as { name: string; source: string }[]).map((x) => x.name)).toEqual(["token", "registry", "escrow", "voting"]);
    expect((t.data as { source: string }[])[0]!.source).toMatch(/CONTRACT Token;/);
  });

  it("writers create from a template and save; readers read but cannot save (FORBIDDEN); nothing changes on a refusal", async () => {
    const created = await trpcMutation(hub, "sources.create", { repo: REPO, path: "token.sql", template: "token" }, writer);
    expect(created.status, created.text).toBe(200);
    expect(created.data).toMatchObject({ path: "token.sql", version: 1, updatedBy: "walt", branch: "main", repo: REPO });
    expect((await list(reader)).map((f) => [f.path, f.version])).toEqual([["token.sql", 1]]);
    const file = await get("token.sql", reader);
    expect(file.content).toMatch(/CONTRACT Token;/);

    const refused = await trpcMutation(hub, "sources.save", { repo: REPO, path: "token.sql", content: "-- reader", baseVersion: 1 }, reader);
    expect(refused.status).toBe(403);
    expect(refused.error?.message).toMatch(/may read .* but not write/);
    for (const [proc, input] of [
      ["sources.create", { path: "r.sql", template: null }],
      ["sources.rename", { from: "token.sql", to: "r.sql", baseVersion: 1 }],
      ["sources.remove", { path: "token.sql", baseVersion: 1 }],
    ] as const) {
      expect((await trpcMutation(hub, proc, { repo: REPO, ...input }, reader)).status, proc).toBe(403);
    }
    expect(await get("token.sql")).toEqual(file);
    expect((await list()).map((f) => f.path)).toEqual(["token.sql"]);

    const saved = await trpcMutation(hub, "sources.save", { repo: REPO, path: "token.sql", content: `${file.content}\n-- edited`, baseVersion: 1 }, owner);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.data).toMatchObject({ version: 2, updatedBy: "sofia" });
  });

  it("outsiders and anonymous viewers of a private repository get exactly what a missing repository gives", async () => {
    const missing = "sofia/nothing-here";
    for (const who of [outsider, null]) {
      for (const [proc, input, mutation] of [
        ["sources.list", {}, false],
        ["sources.get", { path: "token.sql" }, false],
        ["sources.save", { path: "token.sql", content: "x", baseVersion: 2 }, true],
        ["sources.create", { path: "new.sql", template: null }, true],
      ] as const) {
        const call = mutation ? trpcMutation : trpcQuery;
        const a = await call(hub, proc, { repo: REPO, ...input }, who);
        const b = await call(hub, proc, { repo: missing, ...input }, who);
        expect(a.status, `${proc} as ${who?.username ?? "anonymous"}`).toBe(404);
        expect(a.text.replaceAll(REPO, missing)).toBe(b.text);
        expect(a.text).not.toContain("CONTRACT");
      }
    }
    expect((await get("token.sql")).version).toBe(2);
  });

  it("refuses a stale save with CONFLICT and a clear message, keeping the newer content", async () => {
    const before = await get("token.sql");
    const stale = await trpcMutation(hub, "sources.save", { repo: REPO, path: "token.sql", content: "-- overwrite", baseVersion: before.version - 1 }, writer);
    expect(stale.status).toBe(409);
    expect(stale.error?.message).toMatch(/token\.sql was changed by sofia .* \(now version 2\) after you opened it; reload it/);
    expect(stale.error?.data?.domainCode).toBe("CONFLICT");
    expect(await get("token.sql")).toEqual(before);
    const exists = await trpcMutation(hub, "sources.create", { repo: REPO, path: "token.sql", template: "voting" }, writer);
    expect(exists.status).toBe(409);
    expect(await get("token.sql")).toEqual(before);
  });

  it("refuses bad input with clear errors and writes nothing", async () => {
    const before = await list();
    const cases: [string, Record<string, unknown>, number, RegExp][] = [
      ["sources.save", { path: "Token.SQL", content: "x", baseVersion: 0 }, 400, /path/],
      ["sources.save", { path: "../escape.sql", content: "x", baseVersion: 0 }, 400, /path/],
      ["sources.save", { path: "big.sql", content: "x".repeat(MAX_SOURCE_BYTES + 1), baseVersion: 0 }, 400, /256 KiB/],
      ["sources.save", { path: "v.sql", content: "x", baseVersion: -1 }, 400, /baseVersion/],
      ["sources.save", { path: "b.sql", content: "x", baseVersion: 0, branch: "dev" }, 404, /no branch "dev"/],
      ["sources.create", { path: "c.sql", template: "casino" }, 400, /no template "casino"/],
      ["sources.rename", { from: "token.sql", to: "token.lua", baseVersion: 2 }, 400, /to/],
    ];
    for (const [proc, input, status, message] of cases) {
      const a = await trpcMutation(hub, proc, { repo: REPO, ...input }, writer);
      expect(a.status, `${proc} ${JSON.stringify(input).slice(0, 80)}: ${a.text.slice(0, 200)}`).toBe(status);
      expect(a.error?.message).toMatch(message);
    }
    expect(await list()).toEqual(before);
    expect((await trpcQuery(hub, "sources.get", { repo: REPO, path: "nope.sql" }, reader)).status).toBe(404);
  });

  it("renames and removes with the version the writer saw", async () => {
    const renamed = await trpcMutation(hub, "sources.rename", { repo: REPO, from: "token.sql", to: "tokens/main.sql", baseVersion: 2 }, writer);
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.data).toMatchObject({ path: "tokens/main.sql", version: 3, updatedBy: "walt" });
    expect((await trpcMutation(hub, "sources.remove", { repo: REPO, path: "tokens/main.sql", baseVersion: 2 }, writer)).status).toBe(409);
    expect((await trpcMutation(hub, "sources.remove", { repo: REPO, path: "tokens/main.sql", baseVersion: 3 }, writer)).status).toBe(200);
    expect(await list(reader)).toEqual([]);
  });

  it("on the root repository everyone writes in a folder of their own: nobody overwrites, renames or deletes another's file", async () => {
    const ROOT = "aergo/main";
    const mine = await trpcMutation(hub, "sources.create", { repo: ROOT, path: "otto/token.sql", template: "token" }, outsider);
    expect(mine.status, mine.text).toBe(200);
    expect((await trpcQuery(hub, "sources.scope", { repo: ROOT }, outsider)).data).toEqual({ folder: "otto/" });
    expect((await trpcQuery(hub, "sources.scope", { repo: REPO }, writer)).data).toEqual({ folder: null });
    // Another signed-in person: before the fix any of these overwrote or deleted otto's file.
    const attacks: [string, Record<string, unknown>][] = [
      ["sources.save", { path: "otto/token.sql", content: "-- mine now", baseVersion: 1 }],
      ["sources.remove", { path: "otto/token.sql", baseVersion: 1 }],
      ["sources.rename", { from: "otto/token.sql", to: "rita/token.sql", baseVersion: 1 }],
      ["sources.create", { path: "token.sql", template: null }],
    ];
    for (const [proc, input] of attacks) {
      const a = await trpcMutation(hub, proc, { repo: ROOT, ...input }, reader);
      expect(a.status, `${proc}: ${a.text.slice(0, 200)}`).toBe(403);
      expect(a.error?.message).toMatch(/your own folder rita\//);
    }
    const file = (await trpcQuery(hub, "sources.get", { repo: ROOT, path: "otto/token.sql" }, reader)).data as File;
    expect(file).toMatchObject({ version: 1, updatedBy: "otto" });
    // Each lists their own folder; anonymous visitors list nothing (and cannot write).
    expect((await list(outsider, ROOT)).map((f) => f.path)).toEqual(["otto/token.sql"]);
    expect(await list(reader, ROOT)).toEqual([]);
    expect(await list(null, ROOT)).toEqual([]);
    expect((await trpcMutation(hub, "sources.create", { repo: ROOT, path: "anon/x.sql", template: null }, null)).status).toBe(401);
  });

  it("a person's folder on the root repository has a quota of files and bytes", async () => {
    const ROOT = "aergo/main";
    const big = "-- " + "x".repeat(MAX_SOURCE_BYTES - 10);
    let made = 0;
    let refused: { status: number; message: string | undefined } | null = null;
    for (let i = 0; i < 20 && !refused; i++) {
      const a = await trpcMutation(hub, "sources.save", { repo: ROOT, path: `rita/f${i}.sql`, content: big, baseVersion: 0 }, reader);
      if (a.status === 200) made++;
      else refused = { status: a.status, message: a.error?.message };
    }
    // 2 MiB holds 8 files of just under 256 KiB; the ninth is refused with the sizes.
    expect(made).toBe(8);
    expect(refused).toMatchObject({ status: 400, message: expect.stringMatching(/one person may keep at most 2,097,152 bytes/) });
    for (let i = 0; i < 8; i++) expect((await trpcMutation(hub, "sources.remove", { repo: ROOT, path: `rita/f${i}.sql`, baseVersion: 1 }, reader)).status).toBe(200);
    for (let i = 0; i < 50; i++) expect((await trpcMutation(hub, "sources.save", { repo: ROOT, path: `rita/s${i}.sql`, content: "-- s", baseVersion: 0 }, reader)).status).toBe(200);
    const over = await trpcMutation(hub, "sources.save", { repo: ROOT, path: "rita/s50.sql", content: "-- s", baseVersion: 0 }, reader);
    expect(over.status).toBe(400);
    expect(over.error?.message).toMatch(/already holds 50 files/);
    expect((await list(reader, ROOT)).length).toBe(50);
  });
});
