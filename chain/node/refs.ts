/**
 * Refs: a repository's branches. A branch is a name for a line of blocks: it starts at a block
 * of another branch (its base) and owns the blocks it seals after it. Creating one writes one
 * small record, whatever the size of the state: the state at the base block is already in the
 * content-addressed store, so the new branch reads and builds on it without copying anything.
 *
 * Each branch also has a store id, never reused, under which its own blocks, journal and tx
 * locations are kept; a name can be deleted and created again for another line of blocks while
 * the branches that started from the old one still resolve their history.
 */
import { z } from "zod";
import { ChainError, ErrorCode } from "../errors.ts";
import { MAIN_BRANCH_ID } from "../store/types.ts";

import { MAIN_BRANCH, ZBranchName } from "../repo/names.ts";

export { MAIN_BRANCH, ZBranchName };

/**
 * @throws ChainError BAD_REQUEST naming the rule when `name` is not a valid branch name.
 */
export function checkBranchName(name: unknown): string {
  const parsed = ZBranchName.safeParse(name);
  if (!parsed.success) throw new ChainError(ErrorCode.BadRequest, `"${String(name).slice(0, 80)}" is not a branch name: ${parsed.error.issues[0]!.message}.`, { code: "BAD_BRANCH_NAME" });
  return parsed.data;
}

/** Where a branch starts: a block (by height and hash) of another branch (by store id). */
export type RefBase = { readonly id: string; readonly branch: string; readonly height: number; readonly hash: string };

export type Ref = {
  readonly name: string;
  /** Store id (blocks, journal, tx locations): `main` for main, never reused. */
  readonly id: string;
  /** Null for main; the block this branch starts from otherwise. */
  readonly base: RefBase | null;
  /** When it was created (ms) and by which account, when the caller said. */
  readonly createdAt: number;
  readonly createdBy: string | null;
  /** Deleted branches are kept (not listed) so that branches started from them still resolve their history. */
  readonly deleted: boolean;
  /** How it merges (chosen at creation); refs stored before modes existed are automated. */
  readonly mergeMode: "automated" | "consistent";
};

const ZRef = z.object({
  name: z.string(),
  id: z.string(),
  base: z.object({ id: z.string(), branch: z.string(), height: z.number().int().nonnegative(), hash: z.string() }).nullable(),
  createdAt: z.number(),
  createdBy: z.string().nullable(),
  deleted: z.boolean(),
  mergeMode: z.enum(["automated", "consistent"]).default("automated"),
});

const MAIN_REF: Ref = Object.freeze({ name: MAIN_BRANCH, id: MAIN_BRANCH_ID, base: null, createdAt: 0, createdBy: null, deleted: false, mergeMode: "automated" });

/** A branch's store id: its creation number and its name (never reused: the number is not). */
function refStoreId(seq: number, name: string): string {
  return `b${seq}-${name}`;
}

/**
 * The name a branch had when the store id was made (main for main): the inverse of refStoreId,
 * for readers that keep only ids (the index keys its rows by store id).
 */
export function refNameOfStoreId(id: string): string {
  return id === MAIN_BRANCH_ID ? MAIN_BRANCH : id.replace(/^b\d+-/, "");
}

/** The refs of one chain, as kept in the store's meta (`refs`, `refSeq`). */
export class RefBook {
  private readonly byId = new Map<string, Ref>();
  private seq: number;

  constructor(stored: string | undefined, seq: string | undefined) {
    this.byId.set(MAIN_BRANCH_ID, MAIN_REF);
    for (const r of stored ? z.array(ZRef).parse(JSON.parse(stored)) : []) this.byId.set(r.id, Object.freeze({ ...r, base: r.base && Object.freeze(r.base) }));
    this.seq = Number(seq ?? "0");
  }

  /** Live branches, main first then by name. */
  live(): Ref[] {
    return [...this.byId.values()].filter((r) => !r.deleted).sort((a, b) => (a.id === MAIN_BRANCH_ID ? -1 : b.id === MAIN_BRANCH_ID ? 1 : a.name.localeCompare(b.name)));
  }

  byName(name: string): Ref | undefined {
    for (const r of this.byId.values()) if (!r.deleted && r.name === name) return r;
    return undefined;
  }

  /** @throws ChainError NOT_FOUND naming the branches there are. */
  require(name: string): Ref {
    const r = this.byName(name);
    if (!r) {
      const names = this.live().map((x) => x.name);
      throw new ChainError(ErrorCode.NotFound, `There is no branch "${name.slice(0, 80)}"; branches: ${names.slice(0, 20).join(", ")}${names.length > 20 ? ", …" : ""}.`, { code: "UNKNOWN_BRANCH" });
    }
    return r;
  }

  get(id: string): Ref | undefined {
    return this.byId.get(id);
  }

  /** A new ref record (not yet stored): the caller writes `meta()` durably. */
  add(name: string, base: RefBase, createdAt: number, createdBy: string | null, mergeMode: Ref["mergeMode"] = "automated"): Ref {
    if (this.byName(name)) throw new ChainError(ErrorCode.Conflict, `The branch "${name}" already exists.`, { code: "BRANCH_EXISTS" });
    this.seq += 1;
    const ref: Ref = Object.freeze({ name, id: refStoreId(this.seq, name), base: Object.freeze({ ...base }), createdAt, createdBy, deleted: false, mergeMode });
    this.byId.set(ref.id, ref);
    return ref;
  }

  markDeleted(id: string): void {
    const r = this.byId.get(id);
    if (r) this.byId.set(id, Object.freeze({ ...r, deleted: true }));
  }

  /** The meta entries that store the book. */
  meta(): Record<string, string> {
    return { refs: JSON.stringify([...this.byId.values()].filter((r) => r.id !== MAIN_BRANCH_ID)), refSeq: String(this.seq) };
  }

  /**
   * The store ids whose blocks make up `ref`'s history, newest first, each with the highest
   * height it contributes: the branch's own blocks, then its base's up to the base height, and so on.
   */
  lineage(ref: Ref): Array<{ readonly id: string; readonly upTo: number }> {
    const out: Array<{ id: string; upTo: number }> = [{ id: ref.id, upTo: Number.MAX_SAFE_INTEGER }];
    let at = ref;
    while (at.base) {
      const parent = this.byId.get(at.base.id);
      if (!parent) throw new ChainError(ErrorCode.StoreCorrupt, `The branch ${at.name} starts from an unknown branch id ${at.base.id}.`);
      out.push({ id: parent.id, upTo: at.base.height });
      at = parent;
    }
    return out;
  }
}

/** Meta keys of a branch's head, last irreversible block and contract list (main keeps the unsuffixed keys). */
export const branchMetaKey = (key: "head" | "lib" | "contracts", id: string) => (id === MAIN_BRANCH_ID ? key : `${key}:${id}`);
