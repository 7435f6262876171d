/**
 * Contract sources kept in a repository, per branch: the files the browser editor opens and saves.
 *
 * The hub's own record (not derived from a chain, like people and the directory), so it lives in
 * its own LMDB environment with synced commits. Every write is a check-and-write inside one LMDB
 * write transaction (writers are serialized), so two people saving the same file cannot both
 * pass the version check, and a refused write leaves everything as it was.
 */
import fs from "node:fs";
import path from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import { utf8ByteLength } from "../../chain/crypto/hash.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { checkBranch, checkSourceContent, checkSourcePath, MAX_FILES_PER_BRANCH, MAX_FILES_PER_FOLDER, MAX_FOLDER_BYTES } from "./paths.ts";
import type { SourceTemplate } from "./templates.ts";

export type SourceFile = {
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
  readonly content: string;
  /** 1 for a new file, +1 on every save or rename: what a save names as the version it edited. */
  readonly version: number;
  /** ISO 8601. */
  readonly updatedAt: string;
  /** Username of who saved it last. */
  readonly updatedBy: string;
};

/** A file as the tree lists it: everything but the content. */
export type SourceEntry = Omit<SourceFile, "content"> & { readonly bytes: number };

export type SaveSource = {
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
  readonly content: string;
  /** The version the editor started from; 0 creates a file that must not exist yet. */
  readonly baseVersion: number;
  readonly by: string;
  /**
   * The writer's own folder ("alice/") where a repository is shared by everyone (the root
   * repository): the path must lie in it, and the folder's quota applies instead of the
   * branch's. Absent: the whole branch (members of a repository).
   */
  readonly folder?: string;
};

/** Where a write may land: a person's own folder on a shared repository, or anywhere. */
export type SourceScope = { readonly folder?: string };

export type SourceStore = {
  /** The branch's files, by path (within `folder` when given). */
  list(repo: string, branch: string, scope?: SourceScope): SourceEntry[];
  get(repo: string, branch: string, path: string): SourceFile | undefined;
  /** @throws BAD_REQUEST (path, size, file count), CONFLICT (stale baseVersion, or the file exists when creating) */
  save(input: SaveSource): SourceFile;
  /** Several saves as one: all land or none does (a marketplace install). @throws like save */
  saveAll(inputs: readonly SaveSource[]): SourceFile[];
  /** A new file from a template (its example source) or empty (`template: null`). @throws like save, BAD_REQUEST for an unknown template */
  create(input: { repo: string; branch: string; path: string; template: string | null; by: string } & SourceScope): SourceFile;
  /** @throws NOT_FOUND, CONFLICT (stale baseVersion), FORBIDDEN (outside the folder) */
  remove(input: { repo: string; branch: string; path: string; baseVersion: number } & SourceScope): void;
  /** @throws BAD_REQUEST (new path), NOT_FOUND, CONFLICT (stale baseVersion, target exists), FORBIDDEN (outside the folder) */
  rename(input: { repo: string; branch: string; from: string; to: string; baseVersion: number; by: string } & SourceScope): SourceFile;
  /** A new branch starts with its base branch's files, as a Git branch does (files, not chain state: small). */
  copyBranch(repo: string, from: string, to: string): void;
  /** A deleted branch's files go with it. */
  dropBranch(repo: string, branch: string): void;
  /** The example contracts a new file can start from. */
  readonly templates: readonly SourceTemplate[];
  close(): Promise<void>;
};

// NUL cannot occur in a repository, branch or path, so the key orders files by path within a branch.
const SEP = "\u0000";
const fileKey = (repo: string, branch: string, p: string) => `${repo}${SEP}${branch}${SEP}${p}`;
const branchRange = (repo: string, branch: string) => ({ start: `${repo}${SEP}${branch}${SEP}`, end: `${repo}${SEP}${branch}\u0001` });

function checkBaseVersion(v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new ChainError(ErrorCode.BadRequest, "The base version must be a whole number ≥ 0 (0 creates a new file).");
  return v;
}

function staleSave(p: string, current: SourceFile): ChainError {
  return new ChainError(
    ErrorCode.Conflict,
    `${p} was changed by ${current.updatedBy} at ${current.updatedAt} (now version ${current.version}) after you opened it; reload it and apply your changes again.`,
    { path: p, version: current.version, updatedBy: current.updatedBy },
  );
}

export function createSourceStore(dir: string, opts: { templates?: readonly SourceTemplate[] } = {}): SourceStore {
  fs.mkdirSync(dir, { recursive: true });
  const env: RootDatabase = open({ path: path.join(dir, "sources.lmdb"), maxDbs: 4, compression: false });
  const files = env.openDB({ name: "files", encoding: "string", keyEncoding: "ordered-binary" }) as unknown as Database<string, string>;
  const templates = Object.freeze([...(opts.templates ?? [])]);

  const read = (key: string): SourceFile | undefined => {
    const raw = files.get(key);
    return raw ? Object.freeze(JSON.parse(raw) as SourceFile) : undefined;
  };
  const write = (f: SourceFile): SourceFile => {
    const frozen = Object.freeze({ ...f });
    files.putSync(fileKey(f.repo, f.branch, f.path), JSON.stringify(frozen));
    return frozen;
  };
  const countIn = (repo: string, branch: string) => files.getKeysCount(branchRange(repo, branch));
  const folderRange = (repo: string, branch: string, folder: string) => ({ start: fileKey(repo, branch, folder), end: fileKey(repo, branch, `${folder}\uffff`) });

  /** @throws FORBIDDEN when a scoped write names a path outside its folder. */
  function assertInScope(p: string, scope: SourceScope): void {
    if (scope.folder !== undefined && !p.startsWith(scope.folder)) {
      throw new ChainError(ErrorCode.Forbidden, `Here you write only in your own folder ${scope.folder} (e.g. ${scope.folder}token.sql); ${p} is outside it.`, { path: p, folder: scope.folder });
    }
  }

  /** The folder's quota, checked inside the write transaction with the file's new size. */
  function assertFolderQuota(repo: string, branch: string, folder: string, p: string, newBytes: number): void {
    let count = 0;
    let bytes = newBytes;
    let exists = false;
    for (const { value } of files.getRange(folderRange(repo, branch, folder))) {
      const f = JSON.parse(value) as SourceFile;
      if (f.path === p) {
        exists = true;
        continue;
      }
      count++;
      bytes += utf8ByteLength(f.content);
    }
    if (!exists && count >= MAX_FILES_PER_FOLDER) throw new ChainError(ErrorCode.BadRequest, `Your folder ${folder} already holds ${count} files, the most one person may keep here (${MAX_FILES_PER_FOLDER}); delete one first.`);
    if (bytes > MAX_FOLDER_BYTES) {
      throw new ChainError(ErrorCode.BadRequest, `Your folder ${folder} would hold ${bytes.toLocaleString("en-US")} bytes; one person may keep at most ${MAX_FOLDER_BYTES.toLocaleString("en-US")} bytes here.`, { bytes });
    }
  }

  function mustExist(repo: string, branch: string, p: string): SourceFile {
    const f = read(fileKey(repo, branch, p));
    if (!f) throw new ChainError(ErrorCode.NotFound, `There is no file ${p} on branch ${branch}.`, { path: p });
    return f;
  }

  function save(input: SaveSource): SourceFile {
    const branch = checkBranch(input.branch);
    const p = checkSourcePath(input.path);
    const content = checkSourceContent(input.content);
    const baseVersion = checkBaseVersion(input.baseVersion);
    assertInScope(p, input);
    return env.transactionSync(() => {
      const current = read(fileKey(input.repo, branch, p));
      if (input.folder !== undefined) assertFolderQuota(input.repo, branch, input.folder, p, utf8ByteLength(content));
      if (baseVersion === 0) {
        if (current) throw new ChainError(ErrorCode.Conflict, `A file ${p} already exists on branch ${branch}; open it, or choose another name.`, { path: p });
        const count = countIn(input.repo, branch);
        // A shared repository's branch is bounded by its people's quotas, not by one count
        // that the first few people could fill for everyone.
        if (input.folder === undefined && count >= MAX_FILES_PER_BRANCH) throw new ChainError(ErrorCode.BadRequest, `Branch ${branch} already holds ${count} files, the most a branch may hold (${MAX_FILES_PER_BRANCH}); delete one first.`);
      } else if (!current) {
        throw new ChainError(ErrorCode.Conflict, `${p} was deleted or renamed after you opened it; save it under a new name to keep your changes.`, { path: p });
      } else if (current.version !== baseVersion) {
        throw staleSave(p, current);
      }
      return write({ repo: input.repo, branch, path: p, content, version: (current?.version ?? 0) + 1, updatedAt: new Date().toISOString(), updatedBy: input.by });
    });
  }

  return {
    list(repo, branch, scope = {}) {
      const out: SourceEntry[] = [];
      const b = checkBranch(branch);
      for (const { value } of files.getRange(scope.folder === undefined ? branchRange(repo, b) : folderRange(repo, b, scope.folder))) {
        const { content, ...entry } = JSON.parse(value) as SourceFile;
        out.push(Object.freeze({ ...entry, bytes: utf8ByteLength(content) }));
      }
      return out;
    },
    get(repo, branch, p) {
      return read(fileKey(repo, checkBranch(branch), checkSourcePath(p)));
    },
    save,
    saveAll(inputs) {
      // save's own transactionSync nests inside this one: a refusal of any file aborts them all.
      return env.transactionSync(() => inputs.map(save));
    },
    create(input) {
      let content = "";
      if (input.template !== null) {
        const t = templates.find((x) => x.name === input.template);
        if (!t) throw new ChainError(ErrorCode.BadRequest, `There is no template "${input.template}"; choose one of ${templates.map((x) => x.name).join(", ") || "none"}, or start empty.`);
        content = t.source;
      }
      return save({ repo: input.repo, branch: input.branch, path: input.path, content, baseVersion: 0, by: input.by, ...(input.folder === undefined ? {} : { folder: input.folder }) });
    },
    remove(input) {
      const branch = checkBranch(input.branch);
      const p = checkSourcePath(input.path);
      const baseVersion = checkBaseVersion(input.baseVersion);
      assertInScope(p, input);
      env.transactionSync(() => {
        const current = mustExist(input.repo, branch, p);
        if (current.version !== baseVersion) throw staleSave(p, current);
        files.removeSync(fileKey(input.repo, branch, p));
      });
    },
    rename(input) {
      const branch = checkBranch(input.branch);
      const from = checkSourcePath(input.from);
      const to = checkSourcePath(input.to);
      const baseVersion = checkBaseVersion(input.baseVersion);
      if (from === to) throw new ChainError(ErrorCode.BadRequest, `The file is already called ${to}.`);
      assertInScope(from, input);
      assertInScope(to, input);
      return env.transactionSync(() => {
        const current = mustExist(input.repo, branch, from);
        if (current.version !== baseVersion) throw staleSave(from, current);
        if (files.doesExist(fileKey(input.repo, branch, to))) throw new ChainError(ErrorCode.Conflict, `A file ${to} already exists on branch ${branch}; choose another name.`, { path: to });
        files.removeSync(fileKey(input.repo, branch, from));
        return write({ ...current, path: to, version: current.version + 1, updatedAt: new Date().toISOString(), updatedBy: input.by });
      });
    },
    copyBranch(repo, from, to) {
      const src = checkBranch(from);
      const dst = checkBranch(to);
      env.transactionSync(() => {
        for (const { value } of files.getRange(branchRange(repo, src))) {
          const f = JSON.parse(value) as SourceFile;
          write({ ...f, branch: dst });
        }
      });
    },
    dropBranch(repo, branch) {
      const b = checkBranch(branch);
      env.transactionSync(() => {
        for (const { key } of files.getRange(branchRange(repo, b))) files.removeSync(key);
      });
    },
    templates,
    async close() {
      await env.close();
    },
  };
}
