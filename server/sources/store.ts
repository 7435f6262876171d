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
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { checkBranch, checkSourceContent, checkSourcePath, MAX_FILES_PER_BRANCH } from "./paths.ts";
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
};

export type SourceStore = {
  /** The branch's files, by path. */
  list(repo: string, branch: string): SourceEntry[];
  get(repo: string, branch: string, path: string): SourceFile | undefined;
  /** @throws BAD_REQUEST (path, size, file count), CONFLICT (stale baseVersion, or the file exists when creating) */
  save(input: SaveSource): SourceFile;
  /** A new file from a template (its example source) or empty (`template: null`). @throws like save, BAD_REQUEST for an unknown template */
  create(input: { repo: string; branch: string; path: string; template: string | null; by: string }): SourceFile;
  /** @throws NOT_FOUND, CONFLICT (stale baseVersion) */
  remove(input: { repo: string; branch: string; path: string; baseVersion: number }): void;
  /** @throws BAD_REQUEST (new path), NOT_FOUND, CONFLICT (stale baseVersion, target exists) */
  rename(input: { repo: string; branch: string; from: string; to: string; baseVersion: number; by: string }): SourceFile;
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
    return env.transactionSync(() => {
      const current = read(fileKey(input.repo, branch, p));
      if (baseVersion === 0) {
        if (current) throw new ChainError(ErrorCode.Conflict, `A file ${p} already exists on branch ${branch}; open it, or choose another name.`, { path: p });
        const count = countIn(input.repo, branch);
        if (count >= MAX_FILES_PER_BRANCH) throw new ChainError(ErrorCode.BadRequest, `Branch ${branch} already holds ${count} files, the most a branch may hold (${MAX_FILES_PER_BRANCH}); delete one first.`);
      } else if (!current) {
        throw new ChainError(ErrorCode.Conflict, `${p} was deleted or renamed after you opened it; save it under a new name to keep your changes.`, { path: p });
      } else if (current.version !== baseVersion) {
        throw staleSave(p, current);
      }
      return write({ repo: input.repo, branch, path: p, content, version: (current?.version ?? 0) + 1, updatedAt: new Date().toISOString(), updatedBy: input.by });
    });
  }

  return {
    list(repo, branch) {
      const out: SourceEntry[] = [];
      for (const { value } of files.getRange(branchRange(repo, checkBranch(branch)))) {
        const { content, ...entry } = JSON.parse(value) as SourceFile;
        out.push(Object.freeze({ ...entry, bytes: new TextEncoder().encode(content).length }));
      }
      return out;
    },
    get(repo, branch, p) {
      return read(fileKey(repo, checkBranch(branch), checkSourcePath(p)));
    },
    save,
    create(input) {
      let content = "";
      if (input.template !== null) {
        const t = templates.find((x) => x.name === input.template);
        if (!t) throw new ChainError(ErrorCode.BadRequest, `There is no template "${input.template}"; choose one of ${templates.map((x) => x.name).join(", ") || "none"}, or start empty.`);
        content = t.source;
      }
      return save({ repo: input.repo, branch: input.branch, path: input.path, content, baseVersion: 0, by: input.by });
    },
    remove(input) {
      const branch = checkBranch(input.branch);
      const p = checkSourcePath(input.path);
      const baseVersion = checkBaseVersion(input.baseVersion);
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
      return env.transactionSync(() => {
        const current = mustExist(input.repo, branch, from);
        if (current.version !== baseVersion) throw staleSave(from, current);
        if (files.doesExist(fileKey(input.repo, branch, to))) throw new ChainError(ErrorCode.Conflict, `A file ${to} already exists on branch ${branch}; choose another name.`, { path: to });
        files.removeSync(fileKey(input.repo, branch, from));
        return write({ ...current, path: to, version: current.version + 1, updatedAt: new Date().toISOString(), updatedBy: input.by });
      });
    },
    templates,
    async close() {
      await env.close();
    },
  };
}
