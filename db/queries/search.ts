import { and, eq, inArray } from "drizzle-orm";
import { isAddress } from "../../chain/crypto/address.ts";
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
 */
export async function search(db: IndexDatabase, repos: readonly string[], q: string): Promise<SearchHitJSON | null> {
  const readable = parseInput(ZRepos, repos);
  if (typeof q !== "string" || readable === null || readable.length === 0) return null;
  const inReadable = <T extends { repo: string }>(found: readonly T[]): T | undefined => {
    const rank = (repo: string) => readable.indexOf(repo);
    return [...found].sort((a, b) => rank(a.repo) - rank(b.repo))[0];
  };
  const text = q.trim();
  const height = parseInput(ZHeight, text);
  if (height !== null) {
    // At most one row per repository and branch: the (repo, height) index answers each.
    const found = await db
      .selectDistinct({ repo: blocks.repo, height: blocks.height })
      .from(blocks)
      .where(and(inArray(blocks.repo, readable), eq(blocks.height, height)));
    const block = inReadable(found);
    return block === undefined ? null : { kind: "block", id: String(block.height), repo: block.repo };
  }
  if (isAddress(text)) {
    const known = await db
      .select({ repo: accounts.repo })
      .from(accounts)
      .where(and(inArray(accounts.repo, readable), eq(accounts.address, text)));
    return { kind: "address", id: text, repo: inReadable(known)?.repo ?? readable[0]! };
  }
  const hash = parseInput(ZHash, text);
  if (hash === null) return null;
  const block = inReadable(
    await db
      .select({ repo: blocks.repo, height: blocks.height })
      .from(blocks)
      .where(and(inArray(blocks.repo, readable), eq(blocks.hash, hash))),
  );
  if (block !== undefined) return { kind: "block", id: String(block.height), repo: block.repo };
  const [tx] = await db
    .select({ repo: txs.repo, hash: txs.hash })
    .from(txs)
    .where(and(inArray(txs.repo, readable), eq(txs.hash, hash)))
    .limit(1);
  return tx === undefined ? null : { kind: "tx", id: tx.hash, repo: tx.repo };
}
