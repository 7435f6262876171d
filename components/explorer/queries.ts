/**
 * The inputs of the explorer's queries, shared by the server components that prefetch them and
 * the client components that read them: the same input makes the same query key, so hydrated
 * data is used as is.
 */
import { MAIN_BRANCH } from "@/chain/repo/names";

export const HOME_LIST_LIMIT = 10;
export const THROUGHPUT_WINDOW = 60;
export const BLOCKS_PAGE_SIZE = 25;
export const ADDRESS_TXS_PAGE_SIZE = 25;
export const BLOCK_TXS_PAGE_SIZE = 50;

export const homeBlocksInput = { limit: HOME_LIST_LIMIT } as const;
export const homeTxsInput = { limit: HOME_LIST_LIMIT } as const;
export const throughputInput = { blocks: THROUGHPUT_WINDOW } as const;

/**
 * chain.info's input: none for the root's main (so its key stays the one the root pages share),
 * the repository and the branch (when not main) otherwise.
 */
export function chainInfoInput(repo: string | undefined, branch?: string): { repo?: string; branch?: string } | undefined {
  const onBranch = branch !== undefined && branch !== MAIN_BRANCH;
  if (repo === undefined && !onBranch) return undefined;
  return { ...(repo === undefined ? {} : { repo }), ...(onBranch ? { branch } : {}) };
}

export function blocksPageInput(beforeHeight: number | undefined) {
  return beforeHeight === undefined ? { limit: BLOCKS_PAGE_SIZE } : { beforeHeight, limit: BLOCKS_PAGE_SIZE };
}

/** A page of a block's txs: the first one, or those after position `afterTxIndex`. */
export function blockTxsInput(height: number, afterTxIndex: number | undefined) {
  return afterTxIndex === undefined ? { height, limit: BLOCK_TXS_PAGE_SIZE } : { height, afterTxIndex, limit: BLOCK_TXS_PAGE_SIZE };
}

/** Where an address's tx list page starts: before this block, and inside it before this tx index. */
export type TxListCursor = { readonly beforeHeight: number; readonly beforeTxIndex?: number };

export function addressTxsInput(address: string, cursor: TxListCursor | undefined) {
  if (cursor === undefined) return { address, limit: ADDRESS_TXS_PAGE_SIZE };
  return cursor.beforeTxIndex === undefined
    ? { address, beforeHeight: cursor.beforeHeight, limit: ADDRESS_TXS_PAGE_SIZE }
    : { address, beforeHeight: cursor.beforeHeight, beforeTxIndex: cursor.beforeTxIndex, limit: ADDRESS_TXS_PAGE_SIZE };
}

/** The `?beforeHeight=&beforeTxIndex=` of an address page. */
export function parseTxListCursor(params: Record<string, string | string[] | undefined>): TxListCursor | undefined {
  const beforeHeight = parseBeforeHeight(params.beforeHeight);
  if (beforeHeight === undefined) return undefined;
  const beforeTxIndex = parseBeforeHeight(params.beforeTxIndex);
  return beforeTxIndex === undefined ? { beforeHeight } : { beforeHeight, beforeTxIndex };
}

/** A page's `?beforeHeight=` parameter (or any other whole number), or undefined when absent or malformed. */
export function parseBeforeHeight(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** A URL segment as text; a malformed %-escape stays as typed (its page then says "not found"). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
