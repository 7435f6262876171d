/**
 * A repository's state: the fold of its directory entries. applyEntry is the only way a state
 * changes, and it is pure: a refused entry throws and the caller keeps the state it had, so
 * "nothing changes when an entry is refused" holds by construction.
 */
import { ChainError, ErrorCode } from "../errors.ts";
import { verifyDirectoryEntrySignature, type DirectoryAction, type DirectoryEntry, type ForkOrigin } from "./directoryEntry.ts";
import { roleAtLeast, splitRepoFullName, type Role, type Visibility } from "./names.ts";

export type Member = {
  readonly username: string;
  readonly address: string;
  readonly role: Role;
  /** Username of whoever added them (the owner adds themselves at create). */
  readonly addedBy: string;
  /** Hub time (ms) of the block that added them. */
  readonly addedAt: number;
};

/** A branch as the directory records it: who started it, from which block of which branch (null for main). */
export type Branch = {
  readonly name: string;
  readonly from: string | null;
  readonly fromHeight: number;
  readonly createdBy: string | null;
  readonly createdAt: number;
  /** How it merges (absent on entries made before modes existed: automated). */
  readonly mergeMode?: "automated" | "consistent";
};

/** Position of the directory chain's last block. */
export type DirectoryHead = { readonly height: number; readonly hash: string };

export type RepositoryState = {
  readonly fullName: string;
  readonly chainId: string;
  readonly visibility: Visibility;
  readonly description: string;
  readonly createdAt: number;
  /** Username of the creating owner. */
  readonly createdBy: string;
  readonly members: readonly Member[];
  /** PoA producers (private), or explicit producers of a public repository; empty = the hub's DPoS set. */
  readonly producers: readonly string[];
  readonly branches: readonly Branch[];
  readonly head: DirectoryHead;
  /** A fork's origin: the block of another repository its chain started from. */
  readonly forkOf?: ForkOrigin;
};

export const MAIN_ONLY: readonly Branch[] = Object.freeze([Object.freeze({ name: "main", from: null, fromHeight: 0, createdBy: null, createdAt: 0 })]);
export const MAX_BRANCHES = 1_000;
export const MAX_MEMBERS = 10_000;

export function memberByAddress(state: RepositoryState, address: string): Member | undefined {
  return state.members.find((m) => m.address === address);
}
export function memberByUsername(state: RepositoryState, username: string): Member | undefined {
  return state.members.find((m) => m.username === username);
}
/** The member's role, or null for someone who is not a member. */
export function roleOf(state: RepositoryState, username: string): Role | null {
  return memberByUsername(state, username)?.role ?? null;
}

const freezeState = (s: RepositoryState): RepositoryState =>
  Object.freeze({
    ...s,
    members: Object.freeze(s.members.map((m) => Object.freeze({ ...m }))),
    producers: Object.freeze([...s.producers]),
    branches: Object.freeze(s.branches.map((b) => Object.freeze({ ...b }))),
    head: Object.freeze({ ...s.head }),
  });

const fail = (code: ErrorCode, message: string, meta: Record<string, unknown> = {}): never => {
  throw new ChainError(code, message, meta);
};

const ownerCount = (s: RepositoryState) => s.members.filter((m) => m.role === "owner").length;

/**
 * Applies one entry to the state it was signed against. `head` is the block that will hold it
 * (its height, hash and the hub's time, used for createdAt/addedAt so a signer's clock cannot
 * backdate a membership).
 * @throws ChainError BAD_SIGNATURE, CONFLICT, FORBIDDEN, BAD_REQUEST or NOT_FOUND; the state is untouched.
 */
export function applyEntry(state: RepositoryState | null, entry: DirectoryEntry, head: DirectoryHead & { readonly time: number }): RepositoryState {
  const meta = { repo: entry.repo, kind: entry.action.kind };
  if (!verifyDirectoryEntrySignature(entry)) {
    fail(ErrorCode.BadSignature, "The directory entry's signature does not verify for its signer.", { ...meta, signer: entry.signer });
  }
  const { action } = entry;
  if (action.kind === "create") return applyCreate(state, entry, action, head);
  if (state === null) return fail(ErrorCode.NotFound, `The repository ${entry.repo} does not exist.`, meta);
  if (entry.repo !== state.fullName) {
    fail(ErrorCode.BadRequest, `The entry is for ${entry.repo}, not for ${state.fullName}.`, meta);
  }
  if (entry.prev !== state.head.hash) {
    fail(ErrorCode.Conflict, "The entry was signed against an older directory head: it is stale or a replay; sign it again against the current head.", {
      ...meta,
      prev: entry.prev,
      head: state.head.hash,
    });
  }
  const signer = memberByAddress(state, entry.signer);
  const next = (changes: Partial<RepositoryState>): RepositoryState => freezeState({ ...state, ...changes, head: { height: head.height, hash: head.hash } });
  const requireRole = (needed: Role, doing: string) => {
    if (!roleAtLeast(signer?.role, needed)) {
      fail(ErrorCode.Forbidden, `Only ${needed === "owner" ? "an owner" : `an ${needed} or owner`} of ${state.fullName} may ${doing}.`, meta);
    }
  };

  switch (action.kind) {
    case "setVisibility":
      requireRole("admin", "change its visibility");
      if (action.visibility === state.visibility) fail(ErrorCode.BadRequest, `The repository is already ${action.visibility}.`, meta);
      if (action.visibility === "private" && state.producers.length === 0) {
        fail(ErrorCode.BadRequest, "A private repository needs at least one block producer: set its producers first.", meta);
      }
      return next({ visibility: action.visibility });

    case "setDescription":
      requireRole("admin", "change its description");
      if (action.description === state.description) fail(ErrorCode.BadRequest, "The description is unchanged.", meta);
      return next({ description: action.description });

    case "setProducers":
      requireRole("admin", "change its block producers");
      if (state.visibility === "private" && action.producers.length === 0) {
        fail(ErrorCode.BadRequest, "A private repository needs at least one block producer.", meta);
      }
      if (sameList(action.producers, state.producers)) fail(ErrorCode.BadRequest, "The block producers are unchanged.", meta);
      return next({ producers: [...action.producers] });

    case "invite": {
      requireRole("admin", "invite members");
      if (action.role === "owner") requireRole("owner", "invite an owner");
      if (memberByUsername(state, action.username)) {
        fail(ErrorCode.Conflict, `${action.username} is already a member of ${state.fullName}.`, { ...meta, username: action.username });
      }
      if (memberByAddress(state, action.address)) {
        fail(ErrorCode.Conflict, `The address ${action.address} already belongs to a member of ${state.fullName}.`, { ...meta, address: action.address });
      }
      if (state.members.length >= MAX_MEMBERS) fail(ErrorCode.BadRequest, `A repository has at most ${MAX_MEMBERS} members.`, meta);
      const added: Member = { username: action.username, address: action.address, role: action.role, addedBy: signer!.username, addedAt: head.time };
      return next({ members: [...state.members, added] });
    }

    case "createBranch": {
      requireRole("writer", "create branches");
      if (state.branches.some((b) => b.name === action.name)) fail(ErrorCode.Conflict, `The branch "${action.name}" already exists.`, { ...meta, code: "BRANCH_EXISTS" });
      if (!state.branches.some((b) => b.name === action.from)) fail(ErrorCode.NotFound, `There is no branch "${action.from}" to start from.`, { ...meta, code: "UNKNOWN_BRANCH" });
      if (state.branches.length >= MAX_BRANCHES) fail(ErrorCode.BadRequest, `A repository has at most ${MAX_BRANCHES} branches.`, meta);
      const created: Branch = { name: action.name, from: action.from, fromHeight: action.height, createdBy: signer!.username, createdAt: head.time, ...(action.mergeMode ? { mergeMode: action.mergeMode } : {}) };
      return next({ branches: [...state.branches, created] });
    }

    case "deleteBranch": {
      const target = state.branches.find((b) => b.name === action.name);
      if (!target) return fail(ErrorCode.NotFound, `There is no branch "${action.name}".`, { ...meta, code: "UNKNOWN_BRANCH" });
      if (target.from === null) fail(ErrorCode.BadRequest, "The main branch cannot be deleted.", { ...meta, code: "MAIN_BRANCH" });
      // Its creator may delete it; anyone else needs to be an admin.
      if (target.createdBy !== signer?.username) requireRole("admin", "delete branches others created");
      else requireRole("writer", "delete branches");
      return next({ branches: state.branches.filter((b) => b.name !== action.name) });
    }

    case "merge": {
      requireRole("writer", "merge branches");
      // From another repository (a fork or the origin): its branch is that directory's; the hub checks it.
      const foreign = action.sourceRepo !== undefined && action.sourceRepo !== state.fullName;
      if (!foreign && action.source === action.target) fail(ErrorCode.BadRequest, `A branch cannot be merged into itself (${action.source}).`, { ...meta, code: "SAME_BRANCH" });
      for (const name of foreign ? [action.target] : [action.source, action.target]) {
        if (!state.branches.some((b) => b.name === name)) fail(ErrorCode.NotFound, `There is no branch "${name}".`, { ...meta, code: "UNKNOWN_BRANCH" });
      }
      // The ref move itself is the chain's (the target's next block); the directory records who asked for which preview.
      return next({});
    }

    case "remove": {
      const target = memberByUsername(state, action.username);
      const self = signer !== undefined && target !== undefined && target.address === signer.address;
      // Anyone may leave; removing someone else takes an admin, and an owner only by an owner.
      if (!self) {
        requireRole("admin", "remove members");
        if (!target) return fail(ErrorCode.NotFound, `${action.username} is not a member of ${state.fullName}.`, { ...meta, username: action.username });
        if (target.role === "owner") requireRole("owner", "remove an owner");
      }
      if (target!.role === "owner" && ownerCount(state) === 1) {
        fail(ErrorCode.BadRequest, `${target!.username} is the last owner of ${state.fullName}: add another owner first.`, meta);
      }
      return next({ members: state.members.filter((m) => m.username !== target!.username) });
    }

    case "setRole": {
      requireRole("admin", "change roles");
      const target = memberByUsername(state, action.username);
      if (!target) return fail(ErrorCode.NotFound, `${action.username} is not a member of ${state.fullName}.`, { ...meta, username: action.username });
      if (target.role === "owner" || action.role === "owner") requireRole("owner", "make or unmake an owner");
      if (target.role === action.role) fail(ErrorCode.BadRequest, `${target.username} is already ${action.role}.`, meta);
      if (target.role === "owner" && ownerCount(state) === 1) {
        fail(ErrorCode.BadRequest, `${target.username} is the last owner of ${state.fullName}: add another owner first.`, meta);
      }
      return next({ members: state.members.map((m) => (m.username === target.username ? { ...m, role: action.role } : m)) });
    }
  }
}

function applyCreate(
  state: RepositoryState | null,
  entry: DirectoryEntry,
  action: Extract<DirectoryAction, { kind: "create" }>,
  head: DirectoryHead & { readonly time: number },
): RepositoryState {
  const meta = { repo: entry.repo, kind: "create" };
  if (state !== null) fail(ErrorCode.Conflict, `The repository ${state.fullName} exists already.`, meta);
  if (entry.prev !== "") fail(ErrorCode.Conflict, "A create entry must be the first of its directory (prev must be empty).", meta);
  if (action.repo !== entry.repo) fail(ErrorCode.BadRequest, `The create action names ${action.repo} but the entry is for ${entry.repo}.`, meta);
  if (splitRepoFullName(action.repo).owner !== action.owner.username) {
    fail(ErrorCode.BadRequest, `Only ${splitRepoFullName(action.repo).owner} can own ${action.repo}: the owner part of the name must be the owner's username.`, meta);
  }
  if (entry.signer !== action.owner.address) fail(ErrorCode.Forbidden, "A repository must be created by its owner's own key.", meta);
  if (action.visibility === "private" && action.producers.length === 0) {
    fail(ErrorCode.BadRequest, "A private repository needs at least one block producer.", meta);
  }
  return freezeState({
    fullName: action.repo,
    chainId: action.chainId,
    visibility: action.visibility,
    description: action.description,
    createdAt: head.time,
    createdBy: action.owner.username,
    members: [{ username: action.owner.username, address: action.owner.address, role: "owner", addedBy: action.owner.username, addedAt: head.time }],
    producers: [...action.producers],
    branches: MAIN_ONLY,
    head: { height: head.height, hash: head.hash },
    ...(action.forkOf ? { forkOf: Object.freeze({ ...action.forkOf }) } : {}),
  });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
