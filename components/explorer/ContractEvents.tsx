"use client";
import { useQuery } from "@tanstack/react-query";
import Form from "next/form";
import Link from "next/link";
import type { EventAbi } from "@/chain/sql/types";
import { useTRPC, type RouterOutputs } from "@/components/providers/trpc";
import { BranchField } from "@/components/repo/BranchField";
import { chainHref } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { formatInteger } from "@/components/ui/format";
import { contractEventsInput, contractHref, contractPath, EVENTS_NEWEST_WINDOW, EVENTS_PAGE_SIZE } from "./ContractQueries";
import { INPUT_CLASS } from "./ContractParamInputs";
import { EventArgs } from "./ContractValue";

type IndexedEvent = RouterOutputs["contracts"]["events"]["events"][number];

/**
 * What to list. The index answers oldest first from a height; the newest are the tail of the
 * first window, shown reversed. From a height, a full page stops before its last block so the
 * next page (which starts at that block) never cuts a block's events in two.
 */
function pageOf(events: readonly IndexedEvent[], from: number | undefined, truncated: boolean) {
  // Nothing listed: nothing to page on to.
  if (events.length === 0) return { shown: [], newest: from === undefined, complete: true, next: undefined };
  // A page the hub cut by bytes (`truncated`) is not the whole list: its tail is not the newest.
  if (from === undefined && !truncated && events.length < EVENTS_NEWEST_WINDOW) return { shown: [...events].reverse().slice(0, EVENTS_PAGE_SIZE), newest: true, complete: true, next: undefined };
  const head = events.slice(0, EVENTS_PAGE_SIZE);
  const complete = from !== undefined && !truncated && events.length < EVENTS_PAGE_SIZE;
  if (complete) return { shown: head, newest: false, complete, next: undefined };
  const lastHeight = head[head.length - 1]!.blockHeight;
  const cut = head.filter((e) => e.blockHeight < lastHeight);
  // One block holds the whole page: show it and move past it.
  return cut.length === 0 ? { shown: head, newest: false, complete, next: lastHeight + 1 } : { shown: cut, newest: false, complete, next: lastHeight };
}

/**
 * The Events tab: the contract's events from the index, newest first or from a height, of one
 * name or all (on a branch: its own, then its base's up to where it started).
 */
export function ContractEvents({ address, events: declared, event, from, repo }: { address: string; events: readonly EventAbi[]; event: string | undefined; from: number | undefined; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const list = useQuery({ ...trpc.contracts.events.queryOptions(contractEventsInput(address, event, from, repo, branch)), retry: false });
  const page = list.data ? pageOf(list.data.events, from, list.data.truncated) : null;
  const order = new Map(declared.map((e) => [e.name, e.params.map((p) => p.name)]));

  return (
    <div className="space-y-4" data-testid="contract-events">
      <Form action={contractPath(address, repo)} className="flex flex-wrap items-end gap-2" data-testid="events-filter">
        <input type="hidden" name="tab" value="events" />
        <BranchField branch={branch} />
        <label className="block text-sm">
          <span className="text-zinc-600">Event</span>
          <select name="event" defaultValue={event ?? ""} key={event ?? ""} className={`${INPUT_CLASS} mt-1 w-48`} data-testid="events-name">
            <option value="">All events</option>
            {declared.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          <span className="text-zinc-600">From block</span>
          <input name="from" type="number" min={0} step={1} defaultValue={from ?? ""} key={from ?? "newest"} placeholder="newest first" className={`${INPUT_CLASS} mt-1 w-40`} data-testid="events-from" />
        </label>
        <button type="submit" className="h-9 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700" data-testid="events-submit">
          Filter
        </button>
        {event !== undefined || from !== undefined ? (
          <Link href={contractHref(address, "events", {}, repo, branch)} className="h-9 px-1 text-sm leading-9 text-blue-700 hover:underline">
            Clear
          </Link>
        ) : null}
      </Form>

      <Panel
        title={
          <span>
            {event ? <span className="mono">{event}</span> : "Events"}{" "}
            <span className="font-normal text-zinc-500">{from === undefined ? (page?.newest === false ? "· oldest first" : "· newest first") : `· oldest first from block #${from}`}</span>
          </span>
        }
        actions={
          page ? (
            <span className="flex items-center gap-3">
              <span>{formatInteger(page.shown.length)} shown</span>
              {page.next !== undefined ? (
                <Link href={contractHref(address, "events", { event, from: page.next }, repo, branch)} className="text-blue-700 hover:underline" data-testid="events-later">
                  Later →
                </Link>
              ) : null}
            </span>
          ) : null
        }
        testId="events-panel"
      >
        {page && from === undefined && !page.complete ? (
          <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-900">
            This contract has more than {formatInteger(EVENTS_NEWEST_WINDOW)} events: they are listed from the first one. Give a block height to start later.
          </p>
        ) : null}
        {list.error ? (
          <p className="px-4 py-6 text-center text-sm text-red-700">{list.error.message}</p>
        ) : (
          <Table testId="events-table">
            <thead>
              <tr>
                <Th>Block</Th>
                <Th>Transaction</Th>
                <Th>Event</Th>
                <Th>Arguments</Th>
              </tr>
            </thead>
            <tbody>
              {page?.shown.map((e) => (
                <tr key={`${e.txHash}:${e.index}`} className="hover:bg-zinc-50" data-testid="event-row">
                  <Td>
                    <Link href={chainHref(repo, `/block/${e.blockHeight}`, branch)} className="mono text-blue-700 hover:underline">
                      #{e.blockHeight}
                    </Link>
                  </Td>
                  <Td>
                    <HashLink value={e.txHash} href={chainHref(repo, `/tx/${e.txHash}`, branch)} />
                  </Td>
                  <Td>
                    <span className="mono font-semibold">{e.name}</span>
                  </Td>
                  <Td className="whitespace-normal">
                    <EventArgs args={e.args} order={order.get(e.name)} repo={repo} branch={branch} />
                  </Td>
                </tr>
              ))}
              {page && page.shown.length === 0 ? (
                <EmptyRow colSpan={4}>
                  No {event ? <span className="mono">{event}</span> : null} events {from === undefined ? "sealed yet" : `from block #${from} on`}. Events appear here once their block is indexed.
                </EmptyRow>
              ) : null}
              {list.isPending ? <EmptyRow colSpan={4}>Loading…</EmptyRow> : null}
            </tbody>
          </Table>
        )}
      </Panel>
    </div>
  );
}
