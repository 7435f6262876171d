import { and, eq, inArray } from "drizzle-orm";
import { isAddress } from "../../chain/crypto/address.ts";
import { MAIN_BRANCH_ID } from "../../chain/store/types.ts";
import type { IndexDatabase } from "../client.ts";
import { accounts, blocks, txs } from "../schema.ts";
import { parseInput, ZHash, ZHeight, ZRepos } from "./inputs.ts";
import type { SearchHitJSON } from "./shapes.ts";

/**
 * What a search box string names, looked up only in `repos` (the repositories the viewer may
 * read: no row of any other repository is read, so none can answer): a block height, a block
 * hash, a tx hash, or an address. Blocks answer with their height (the explorer's URL id); an
 * address is any valid Aergo address (checksum and key checked), seen or not, since a fresh
 * account has a page too. A string found in several repositories (height 12 exists on every
 * chain past it) answers from the first of them in `repos`' order, so callers list first the
 * repository they prefer; each hit says its repository. No repositories, no hits.
 *
 * Search spans each repository's branches: a block or tx hash found only on a branch answers with
 * that branch (`branch`, its store id; the caller turns it into `?branch=`), main's rows first
 * when both hold it (a merge replays a branch's tx on main). A height names main's block (every
 * branch shares main's heights up to its base).
 */
export async function search(db: IndexDatabase, repos: readonly string[], q: string): Promise<SearchHitJSON | null> {
  const readable = parseInput(ZRepos, repos);
  if (typeof q !== "string" || readable === null || readable.length === 0) return null;
  const inReadable = <T extends { repo: string; branch?: string }>(found: readonly T[]): T | undefined => {
    const rank = (row: T) => readable.indexOf(row.repo) * 2 + (row.branch === undefined || row.branch === MAIN_BRANCH_ID ? 0 : 1);
    return [...found].sort((a, b) => rank(a) - rank(b))[0];
  };
  const onBranch = (branch: string | undefined) => (branch === undefined || branch === MAIN_BRANCH_ID ? {} : { branch });
  const text = q.trim();
  const height = parseInput(ZHeight, text);
  if (height !== null) {
    // At most one row per repository: the (repo, branch, height) key answers each.
    const found = await db
      .select({ repo: blocks.repo, height: blocks.height })
      .from(blocks)
      .where(and(inArray(blocks.repo, readable), eq(blocks.branch, MAIN_BRANCH_ID), eq(blocks.height, height)));
    const block = inReadable(found);
    return block === undefined ? null : { kind: "block", id: String(block.height), repo: block.repo };
  }
  if (isAddress(text)) {
    const known = inReadable(
      await db
        .select({ repo: accounts.repo, branch: accounts.branch })
        .from(accounts)
        .where(and(inArray(accounts.repo, readable), eq(accounts.address, text))),
    );
    return known === undefined ? { kind: "address", id: text, repo: readable[0]! } : { kind: "address", id: text, repo: known.repo, ...onBranch(known.branch) };
  }
  const hash = parseInput(ZHash, text);
  if (hash === null) return null;
  const block = inReadable(
    await db
      .select({ repo: blocks.repo, branch: blocks.branch, height: blocks.height })
      .from(blocks)
      .where(and(inArray(blocks.repo, readable), eq(blocks.hash, hash))),
  );
  if (block !== undefined) return { kind: "block", id: String(block.height), repo: block.repo, ...onBranch(block.branch) };
  // The hash index: one row per branch holding the tx, a handful at most.
  const tx = inReadable(
    await db
      .select({ repo: txs.repo, branch: txs.branch, hash: txs.hash })
      .from(txs)
      .where(and(inArray(txs.repo, readable), eq(txs.hash, hash)))
      .limit(100),
  );
  return tx === undefined ? null : { kind: "tx", id: tx.hash, repo: tx.repo, ...onBranch(tx.branch) };
}
