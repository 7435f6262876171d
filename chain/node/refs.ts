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

/** Meta key of one ref: its sequence number (the `b<seq>-` of its id), so that refs are found by counting up to `refSeq`. */
const refKey = (seq: number) => `ref:${seq}`;
const seqOf = (id: string): number => Number(/^b(\d+)-/.exec(id)?.[1] ?? Number.NaN);

/** Reads one meta entry of the chain store (the book only reads at open; writes go through the caller). */
export type MetaReader = (key: string) => string | undefined;

/**
 * The refs of one chain, as kept in the store's meta: each ref under its own key (`ref:<seq>`)
 * and the last sequence number (`refSeq`), so creating, deleting or moving one ref writes one
 * record, not the whole list. Stores written before that keep every ref in one JSON list
 * (`refs`); it is still read, and a ref's own record wins over the list's (the list is never
 * rewritten, so it only ever holds the refs as they were before the upgrade).
 */
export class RefBook {
  private readonly byId = new Map<string, Ref>();
  private seq: number;

  /** @throws ChainError STORE_CORRUPT when a stored ref does not parse */
  constructor(read: MetaReader) {
    this.byId.set(MAIN_BRANCH_ID, MAIN_REF);
    const legacy = read("refs");
    for (const r of legacy ? parseRefs(z.array(ZRef), legacy) : []) this.keep(r);
    this.seq = Number(read("refSeq") ?? "0");
    for (let n = 1; n <= this.seq; n++) {
      const one = read(refKey(n));
      // A missing number is a creation whose write failed: its number was taken, nothing else.
      if (one !== undefined) this.keep(parseRefs(ZRef, one));
    }
  }

  private keep(r: z.infer<typeof ZRef>): void {
    this.byId.set(r.id, Object.freeze({ ...r, base: r.base && Object.freeze(r.base) }));
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

  /** A new ref record (not yet stored): the caller writes `metaOf(ref.id)` durably. */
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

  /**
   * The meta entries that store one ref (after `add` or `markDeleted`): its own record and the
   * sequence counter, whatever the number of refs.
   * @throws ChainError INTERNAL for main (never stored: it is the same in every chain) or an unknown id
   */
  metaOf(id: string): Record<string, string> {
    const r = this.byId.get(id);
    const seq = seqOf(id);
    if (!r || id === MAIN_BRANCH_ID || !Number.isSafeInteger(seq)) throw new ChainError(ErrorCode.Internal, `No stored ref has the id ${id.slice(0, 80)}.`);
    return { [refKey(seq)]: JSON.stringify(r), refSeq: String(this.seq) };
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

function parseRefs<T extends z.ZodTypeAny>(schema: T, text: string): z.infer<T> {
  try {
    return schema.parse(JSON.parse(text));
  } catch (e) {
    throw new ChainError(ErrorCode.StoreCorrupt, `The chain store's refs do not parse: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}.`);
  }
}

/** Meta keys of a branch's head, last irreversible block and contract list (main keeps the unsuffixed keys). */
export const branchMetaKey = (key: "head" | "lib" | "contracts", id: string) => (id === MAIN_BRANCH_ID ? key : `${key}:${id}`);
