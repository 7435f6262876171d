"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger } from "@/components/ui/format";
import type { BranchRow } from "./branchHistory";
import { branchesListInput } from "./branchHistory";
import { errorMessage } from "./errors";
import { NewBranchForm } from "./NewBranchForm";
import { chainHref, compareHref, MAIN_BRANCH, repoHref } from "./repoPaths";
import { useBranches } from "./useBranches";
import { useDirectoryAction } from "./useDirectoryAction";
import { switchBranchHref, useRepoBranch } from "./useRepoBranch";

type Outcome = { readonly ok: boolean; readonly text: string } | null;

/** Where a branch starts: "from main @ 12", linked to that block of its base. */
function BaseCell({ repo, base }: { repo: string; base: BranchRow["base"] }) {
  if (!base) return <span className="text-zinc-400">—</span>;
  return (
    <span className="text-zinc-700">
      from <span className="mono">{base.branch}</span> @{" "}
      <Link href={chainHref(repo, `/block/${base.height}`, base.branch)} className="mono text-blue-700 hover:underline">
        {base.height}
      </Link>
    </span>
  );
}

/** Delete, asked once more in the page (no browser dialog), signed by the wallet. */
function DeleteBranch({ name, busy, onDelete }: { name: string; busy: boolean; onDelete: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" disabled={busy} onClick={() => setConfirming(true)} className="text-sm text-red-700 hover:underline disabled:opacity-60" aria-label={`Delete ${name}`} data-testid={`branch-delete-${name}`}>
        Delete
      </button>
    );
  }
  return (
    <span className="inline-flex items-center gap-2 text-sm">
      <span className="text-zinc-600">Delete {name}?</span>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setConfirming(false);
          onDelete();
        }}
        className="font-medium text-red-700 hover:underline disabled:opacity-60"
        data-testid={`branch-delete-confirm-${name}`}
      >
        Sign & delete
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-zinc-600 hover:underline">
        Cancel
      </button>
    </span>
  );
}

/**
 * `/OWNER/NAME/branches`: the repository's branches with their heads and where they started,
 * a form that starts a new one (writers), and delete buttons (its creator or an admin). Creating
 * and deleting are directory entries signed by the wallet, so the audit trail shows both.
 */
export function BranchesView({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname() ?? "";
  const search = useSearchParams()?.toString() ?? "";
  const current = useRepoBranch();
  const summary = useQuery(trpc.repos.get.queryOptions({ repo })).data;
  const me = useQuery(trpc.people.me.queryOptions()).data;
  const branches = useBranches(repo);
  const apply = useDirectoryAction(repo);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const list = branches.data ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.branches.list.queryKey(branchesListInput(repo)) });

  async function remove(name: string) {
    setBusy(true);
    setOutcome(null);
    try {
      await apply({ kind: "deleteBranch", name });
      setOutcome({ ok: true, text: `Branch ${name} was deleted.` });
      // The page was showing it: show main instead of a branch that is gone.
      if (current === name) router.replace(switchBranchHref(pathname, search, MAIN_BRANCH));
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  const mayDelete = (b: BranchRow) => b.base !== null && (summary?.access.admin === true || (me != null && b.createdByUsername === me.username));

  return (
    <div className="space-y-5" data-testid="branches-page">
      <Panel title="Branches" actions={branches.data ? <span>{list.length}</span> : null} testId="branches-panel">
        <Table testId="branches-table">
          <thead>
            <tr>
              <Th>Branch</Th>
              <Th>Head</Th>
              <Th>Base</Th>
              <Th>Created by</Th>
              <Th align="right">Pending txs</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            {list.map((b) => (
              <tr key={b.name} className="hover:bg-zinc-50" data-testid="branches-row" data-branch={b.name}>
                <Td>
                  <span className="flex items-center gap-2">
                    <Link href={repoHref(repo, "", b.name)} className="mono font-medium text-blue-700 hover:underline" data-testid={`branch-link-${b.name}`}>
                      {b.name}
                    </Link>
                    {b.name === current ? <Badge tone="blue">shown</Badge> : null}
                    {b.mergeMode === "consistent" ? (
                      <Badge title="Merges row by row, three-way (merge policies, then your resolutions)." testId={`branch-mode-${b.name}`}>
                        consistent
                      </Badge>
                    ) : null}
                  </span>
                </Td>
                <Td>
                  <Link href={chainHref(repo, `/block/${b.head.height}`, b.name)} className="mono text-blue-700 hover:underline" data-testid={`branch-head-${b.name}`}>
                    #{formatInteger(b.head.height)}
                  </Link>{" "}
                  <span className="text-zinc-500">
                    <TimeAgo timestamp={b.head.timestamp} />
                  </span>
                </Td>
                <Td>
                  <span data-testid={`branch-base-${b.name}`}>
                    <BaseCell repo={repo} base={b.base} />
                  </span>
                </Td>
                <Td>
                  {b.createdByUsername ? (
                    <span className="font-medium" title={b.createdBy ?? undefined}>
                      {b.createdByUsername}
                    </span>
                  ) : b.createdBy ? (
                    <HashLink value={b.createdBy} href={chainHref(repo, `/address/${b.createdBy}`)} />
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                  {b.createdAt > 0 ? (
                    <span className="text-zinc-500">
                      , <TimeAgo timestamp={b.createdAt} />
                    </span>
                  ) : null}
                </Td>
                <Td align="right" className="tabular-nums">
                  {formatInteger(b.pendingTxs)}
                </Td>
                <Td align="right">
                  <span className="inline-flex items-center gap-3">
                    {b.base ? (
                      <Link href={compareHref(repo, b.base.branch, b.name)} className="text-sm text-blue-700 hover:underline" data-testid={`branch-compare-${b.name}`}>
                        Compare
                      </Link>
                    ) : null}
                    {mayDelete(b) ? <DeleteBranch name={b.name} busy={busy} onDelete={() => void remove(b.name)} /> : null}
                  </span>
                </Td>
              </tr>
            ))}
            {branches.isPending ? <EmptyRow colSpan={6}>Loading…</EmptyRow> : null}
            {branches.error ? <EmptyRow colSpan={6}>{branches.error.message}</EmptyRow> : null}
          </tbody>
        </Table>
        {outcome ? (
          <p
            role={outcome.ok ? "status" : "alert"}
            className={`border-t border-zinc-100 px-4 py-3 text-sm ${outcome.ok ? "text-emerald-700" : "text-red-700"}`}
            data-testid={outcome.ok ? "branch-delete-ok" : "branch-delete-error"}
          >
            {outcome.text}
          </p>
        ) : null}
      </Panel>
      {summary?.access.write ? <NewBranchForm repo={repo} branches={list} onCreated={refresh} /> : null}
    </div>
  );
}
