/**
 * The contract page's URL state and query inputs, shared by the server component that prefetches
 * and the client components that read: the same input makes the same query key, so hydrated
 * data is used as is. Every tab is a plain link (`?tab=`), so the page works without JavaScript.
 */
import { repoHref, withBranch, withRepo } from "@/components/repo/repoPaths";
import { parseBeforeHeight, parseTxListCursor, type TxListCursor } from "./queries";
import { parseRowParam } from "./rowParam";

export const CONTRACT_TABS = [
  { id: "source", label: "Source" },
  { id: "abi", label: "ABI" },
  { id: "tables", label: "Tables" },
  { id: "events", label: "Events" },
  { id: "transactions", label: "Transactions" },
  { id: "read", label: "Read" },
  { id: "write", label: "Write" },
] as const;
export type ContractTab = (typeof CONTRACT_TABS)[number]["id"];

export const TABLE_PAGE_SIZE = 50;
/** The newest events are the tail of an oldest-first list: read this many and show them reversed. */
export const EVENTS_NEWEST_WINDOW = 1000;
export const EVENTS_PAGE_SIZE = 100;

type SearchParams = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What the address bar says about the contract page: the tab and that tab's own parameters. */
export type ContractPageState = {
  readonly tab: ContractTab;
  /**
   * Tables: the table shown (the ABI's first when absent), the rows skipped before the page
   * (`?offset=`: a page cut by bytes ends early, so pages are offsets, not numbers) and "as of" height.
   */
  readonly table: string | undefined;
  readonly offset: number;
  readonly at: number | undefined;
  /** Tables: the row whose history is open (`?row=` its primary key as a JSON array). */
  readonly row: (string | number | boolean | null)[] | undefined;
  /** Events: one event name, and oldest first from this height (else the newest). */
  readonly event: string | undefined;
  readonly from: number | undefined;
  /** Transactions: where the page of older transactions starts. */
  readonly cursor: TxListCursor | undefined;
};

export function parseContractPageState(params: SearchParams): ContractPageState {
  const tabText = first(params.tab);
  const tab = CONTRACT_TABS.find((t) => t.id === tabText)?.id ?? "source";
  const table = first(params.table)?.trim() || undefined;
  const event = first(params.event)?.trim() || undefined;
  const offset = parseBeforeHeight(params.offset);
  // `?page=N` (1-based) was the older form of the same link.
  const page = parseBeforeHeight(params.page);
  return {
    tab,
    table: table && table.length <= 128 ? table : undefined,
    offset: offset ?? (page !== undefined && page > 0 ? (page - 1) * TABLE_PAGE_SIZE : 0),
    at: parseBeforeHeight(params.at),
    row: parseRowParam(params.row),
    event: event && event.length <= 128 ? event : undefined,
    from: parseBeforeHeight(params.from),
    cursor: parseTxListCursor(params),
  };
}

/**
 * The contract page itself, in its repository (the root repository's stays /contract/ADDRESS).
 * Without the branch: GET forms to it carry the branch as a field of their own (BranchField).
 */
export function contractPath(address: string, repo?: string): string {
  return repoHref(repo, `/contract/${address}`);
}

/** A link to a tab of the contract page with its parameters (empty ones left out), on `branch` when not main. */
export function contractHref(address: string, tab: ContractTab, params: Record<string, string | number | undefined> = {}, repo?: string, branch?: string): string {
  const query = new URLSearchParams();
  if (tab !== "source") query.set("tab", tab);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") query.set(k, String(v));
  const text = query.toString();
  return withBranch(`${contractPath(address, repo)}${text ? `?${text}` : ""}`, branch);
}

export function contractTableInput(address: string, table: string, offset: number, at: number | undefined, repo?: string, branch?: string) {
  const base = withRepo(repo, { address, table, limit: TABLE_PAGE_SIZE, offset }, branch);
  return at === undefined ? base : { ...base, height: at };
}

export function contractEventsInput(address: string, event: string | undefined, from: number | undefined, repo?: string, branch?: string) {
  const limit = from === undefined ? EVENTS_NEWEST_WINDOW : EVENTS_PAGE_SIZE;
  return withRepo(repo, { address, limit, ...(event === undefined ? {} : { name: event }), ...(from === undefined ? {} : { fromHeight: from }) }, branch);
}
