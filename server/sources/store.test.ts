import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileContract } from "../../chain/sql/index.ts";
import { ErrorCode } from "../../chain/errors.ts";
import { MAX_FILES_PER_BRANCH, MAX_SOURCE_BYTES } from "./paths.ts";
import { createSourceStore, type SourceStore } from "./store.ts";
import { loadTemplates, TEMPLATE_NAMES } from "./templates.ts";

const REPO = "alice/ledger";
let dir: string;
let store: SourceStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aergo-sources-"));
  store = createSourceStore(dir, { templates: loadTemplates() });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const save = (p: string, content: string, baseVersion: number, by = "alice", branch = "main") => store.save({ repo: REPO, branch, path: p, content, baseVersion, by });

describe("source store", () => {
  it("saves several files as one: when one is refused none lands", () => {
    save("keep.sql", "CONTRACT K;", 0);
    const input = (p: string, content: string, baseVersion = 0) => ({ repo: REPO, branch: "main", path: p, content, baseVersion, by: "alice" });
    expect(() => store.saveAll([input("one.sql", "CONTRACT One;"), input("keep.sql", "CONTRACT Other;")])).toThrow(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(store.list(REPO, "main").map((f) => f.path)).toEqual(["keep.sql"]);
    expect(store.saveAll([input("one.sql", "CONTRACT One;"), input("two/two.sql", "CONTRACT Two;")]).map((f) => f.version)).toEqual([1, 1]);
    expect(store.list(REPO, "main").map((f) => f.path)).toEqual(["keep.sql", "one.sql", "two/two.sql"]);
  });

  it("creates, lists, reads and saves files per repository and branch, each save one version up", () => {
    const a = save("contracts/token.sql", "CONTRACT A;", 0);
    expect(a).toMatchObject({ repo: REPO, branch: "main", path: "contracts/token.sql", content: "CONTRACT A;", version: 1, updatedBy: "alice" });
    save("b.sql", "CONTRACT B;", 0, "bob");
    store.save({ repo: "alice/other", branch: "main", path: "c.sql", content: "x", baseVersion: 0, by: "alice" });
    save("d.sql", "x", 0, "alice", "feature");
    expect(store.list(REPO, "main").map((f) => [f.path, f.version, f.updatedBy, f.bytes])).toEqual([
      ["b.sql", 1, "bob", 11],
      ["contracts/token.sql", 1, "alice", 11],
    ]);
    expect(store.list(REPO, "feature").map((f) => f.path)).toEqual(["d.sql"]);
    const a2 = save("contracts/token.sql", "CONTRACT A2;", 1, "bob");
    expect(a2).toMatchObject({ version: 2, content: "CONTRACT A2;", updatedBy: "bob" });
    expect(store.get(REPO, "main", "contracts/token.sql")).toEqual(a2);
    expect(store.get(REPO, "main", "missing.sql")).toBeUndefined();
  });

  it("survives a reopen (synced LMDB)", async () => {
    save("keep.sql", "CONTRACT Keep;", 0);
    await store.close();
    store = createSourceStore(dir);
    expect(store.get(REPO, "main", "keep.sql")?.content).toBe("CONTRACT Keep;");
  });

  it("refuses a stale save with CONFLICT naming who saved meanwhile, and keeps their content", () => {
    save("t.sql", "v1", 0);
    save("t.sql", "v2 by bob", 1, "bob");
    expect(() => save("t.sql", "v2 by alice", 1)).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringMatching(/changed by bob .*version 2.*reload/) }));
    expect(() => save("t.sql", "again", 0)).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringMatching(/already exists/) }));
    expect(() => save("gone.sql", "x", 3)).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict, message: expect.stringMatching(/deleted or renamed/) }));
    expect(store.get(REPO, "main", "t.sql")).toMatchObject({ content: "v2 by bob", version: 2 });
    expect(store.list(REPO, "main").map((f) => f.path)).toEqual(["t.sql"]);
  });

  it("refuses bad paths, oversized content and bad versions with BAD_REQUEST and writes nothing", () => {
    const bad = ["", "Token.sql", "token.SQL", "token.lua", "/token.sql", "a//b.sql", "../x.sql", "a/.hidden.sql", "-x.sql", "a b.sql", "token", `${"a".repeat(197)}.sql`, "a\u0000b.sql"];
    for (const p of bad) expect(() => save(p, "x", 0), p).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest }));
    expect(() => save("ok.sql", "x".repeat(MAX_SOURCE_BYTES + 1), 0)).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest, message: expect.stringMatching(/262,145 bytes.*256 KiB/) }));
    expect(() => save("ok.sql", "é".repeat(MAX_SOURCE_BYTES / 2 + 1), 0)).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest }));
    expect(() => save("ok.sql", "x", -1)).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest }));
    expect(() => save("ok.sql", "x", 0, "alice", "Main Branch")).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest }));
    expect(store.list(REPO, "main")).toEqual([]);
    // The limits themselves are allowed.
    expect(save(`${"a".repeat(196)}.sql`, "x".repeat(MAX_SOURCE_BYTES), 0).version).toBe(1);
    expect(save("deep/er/path_1/x-y.sql", "", 0).version).toBe(1);
  });

  it(`holds at most ${MAX_FILES_PER_BRANCH} files per branch; saving an existing file still works at the limit`, () => {
    for (let i = 0; i < MAX_FILES_PER_BRANCH; i++) save(`f${i}.sql`, "x", 0);
    expect(() => save("one-more.sql", "x", 0)).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest, message: expect.stringMatching(/500 files/) }));
    expect(save("f0.sql", "edited", 1).version).toBe(2);
    expect(save("one-more.sql", "x", 0, "alice", "other").version).toBe(1);
    expect(store.list(REPO, "main")).toHaveLength(MAX_FILES_PER_BRANCH);
  });

  it("renames and removes with the version check", () => {
    save("old.sql", "CONTRACT Old;", 0);
    save("taken.sql", "x", 0);
    expect(() => store.rename({ repo: REPO, branch: "main", from: "old.sql", to: "taken.sql", baseVersion: 1, by: "bob" })).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(() => store.rename({ repo: REPO, branch: "main", from: "old.sql", to: "new.sql", baseVersion: 7, by: "bob" })).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict }));
    expect(() => store.rename({ repo: REPO, branch: "main", from: "old.sql", to: "New.sql", baseVersion: 1, by: "bob" })).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest }));
    expect(() => store.rename({ repo: REPO, branch: "main", from: "nope.sql", to: "new.sql", baseVersion: 1, by: "bob" })).toThrowError(expect.objectContaining({ code: ErrorCode.NotFound }));
    const moved = store.rename({ repo: REPO, branch: "main", from: "old.sql", to: "lib/new.sql", baseVersion: 1, by: "bob" });
    expect(moved).toMatchObject({ path: "lib/new.sql", content: "CONTRACT Old;", version: 2, updatedBy: "bob" });
    expect(store.get(REPO, "main", "old.sql")).toBeUndefined();
    expect(() => store.remove({ repo: REPO, branch: "main", path: "lib/new.sql", baseVersion: 1 })).toThrowError(expect.objectContaining({ code: ErrorCode.Conflict }));
    store.remove({ repo: REPO, branch: "main", path: "lib/new.sql", baseVersion: 2 });
    expect(() => store.remove({ repo: REPO, branch: "main", path: "lib/new.sql", baseVersion: 2 })).toThrowError(expect.objectContaining({ code: ErrorCode.NotFound }));
    expect(store.list(REPO, "main").map((f) => f.path)).toEqual(["taken.sql"]);
  });

  it("creates files from the four example templates (each compiles) or empty", async () => {
    expect(store.templates.map((t) => [t.name, t.title])).toEqual([
      ["token", "Token"],
      ["registry", "Registry"],
      ["escrow", "Escrow"],
      ["voting", "Voting"],
    ]);
    for (const name of TEMPLATE_NAMES) {
      const f = store.create({ repo: REPO, branch: "main", path: `${name}.sql`, template: name, by: "alice" });
      expect(f.content).toBe(store.templates.find((t) => t.name === name)!.source);
      expect((await compileContract(f.content)).ok, name).toBe(true);
    }
    expect(store.create({ repo: REPO, branch: "main", path: "empty.sql", template: null, by: "alice" }).content).toBe("");
    expect(() => store.create({ repo: REPO, branch: "main", path: "x.sql", template: "casino", by: "alice" })).toThrowError(expect.objectContaining({ code: ErrorCode.BadRequest, message: expect.stringMatching(/no template "casino".*token, registry, escrow, voting/) }));
    expect(store.get(REPO, "main", "x.sql")).toBeUndefined();
  });
});
