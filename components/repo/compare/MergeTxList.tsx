import Link from "next/link";
import { Badge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { chainHref } from "../repoPaths";
import type { MergeItem } from "./compareTypes";

/** Why a transaction is left out, in a person's words (the code stays visible). */
const REASONS: Record<string, string> = {
  NONCE: "its sender's nonce is used on the target",
  FUNDS: "its sender lacks the funds on the target",
  CONTRACT_ERROR: "it worked on the source and fails on the target",
  ALREADY_APPLIED: "the target holds it already",
  CHAIN_ID: "signed for the other repository's chain: AERGO does not move between repositories",
};

/** The source's transactions since the merge base: applied (with their outcome) or excluded with a reason. */
export function MergeTxList({ repo, source, applied, excluded }: { repo: string; source: string; applied: readonly MergeItem[]; excluded: readonly MergeItem[] }) {
  const items = [...applied, ...excluded].sort((a, b) => a.sourceHeight - b.sourceHeight);
  return (
    <Table testId="merge-txs">
      <thead>
        <tr>
          <Th>Transaction</Th>
          <Th>Type</Th>
          <Th>From</Th>
          <Th align="right">Block on {source}</Th>
          <Th>On the target</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((t) => (
          <tr key={t.txHash} data-testid="merge-tx" data-status={t.status} data-reason={t.reason ?? ""}>
            <Td>
              <HashLink value={t.txHash} href={chainHref(repo, `/tx/${t.txHash}`, source)} />
            </Td>
            <Td>{t.type}</Td>
            <Td>
              <HashLink value={t.from} href={chainHref(repo, `/address/${t.from}`, source)} />
            </Td>
            <Td align="right">
              <Link href={chainHref(repo, `/block/${t.sourceHeight}`, source)} className="mono text-blue-700 hover:underline">
                #{t.sourceHeight}
              </Link>
            </Td>
            <Td>
              {t.status === "excluded" ? (
                <span className="flex flex-wrap items-center gap-2">
                  <Badge tone="red" testId="merge-tx-reason">
                    excluded: {t.reason}
                  </Badge>
                  <span className="text-xs text-zinc-600">{t.message ?? REASONS[t.reason ?? ""] ?? ""}</span>
                </span>
              ) : t.status === "error" ? (
                <Badge tone="amber" title={t.message ?? undefined}>
                  applied, fails as on {source}
                </Badge>
              ) : t.status === "state" ? (
                <Badge tone="blue" title="A consistent merge does not run a contract transaction again: its rows merge three-way (below).">
                  merged by its rows
                </Badge>
              ) : (
                <Badge tone="green">applied</Badge>
              )}
            </Td>
          </tr>
        ))}
        {items.length === 0 ? <EmptyRow colSpan={5}>No transactions on {source} since the merge base.</EmptyRow> : null}
      </tbody>
    </Table>
  );
}
