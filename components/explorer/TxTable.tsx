import Link from "next/link";
import type { ReactNode } from "react";
import type { RouterOutputs } from "@/components/providers/trpc";
import { Amount } from "@/components/ui/Amount";
import { Badge, type BadgeTone, TxStatusBadge } from "@/components/ui/Badge";
import { chainHref } from "@/components/repo/repoPaths";
import { HashLink } from "@/components/ui/HashLink";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";

/** A transaction as the lists answer it (recent, per block, per address). */
type TxSummary = RouterOutputs["transactions"]["recent"][number];

/** One column of a tx list: its heading and what each tx shows under it. */
export type TxColumn = {
  readonly header?: ReactNode;
  readonly align?: "left" | "right";
  readonly className?: string;
  readonly cell: (tx: TxSummary) => ReactNode;
};

/** Where a list's accounts link: the pages of its repository's chain (absent: the root's) and branch (absent: main), with producers' labels. */
type AccountLink = { readonly repo?: string; readonly branch?: string; readonly labels?: ReadonlyMap<string, string> };

function accountCell(address: string | null, { repo, branch, labels }: AccountLink): ReactNode {
  return address ? <HashLink value={address} href={chainHref(repo, `/address/${address}`, branch)} label={labels?.get(address)} /> : <span className="text-zinc-400">—</span>;
}

/** A tx's hash, linked to its page on the chain of `repo` (absent: the root) and `branch` (absent: main). */
function hashColumn(repo?: string, branch?: string): TxColumn {
  return { header: "Tx hash", cell: (tx) => <HashLink value={tx.hash} href={chainHref(repo, `/tx/${tx.hash}`, branch)} /> };
}

/** A tx's block, linked to its page on the chain of `repo` (absent: the root) and `branch` (absent: main). */
function blockColumn(repo?: string, branch?: string): TxColumn {
  return {
    header: "Block",
    cell: (tx) => (
      <Link href={chainHref(repo, `/block/${tx.blockHeight}`, branch)} className="mono text-blue-700 hover:underline">
        #{tx.blockHeight}
      </Link>
    ),
  };
}

/** The columns the explorer's tx lists are built from; each list picks the ones it needs. */
export const txColumns = {
  index: { header: "#", className: "text-zinc-500 tabular-nums", cell: (tx) => tx.txIndex },
  hash: hashColumn(),
  block: blockColumn(),
  /** The same columns on a repository's chain and branch. */
  hashIn: (repo: string | undefined, branch?: string): TxColumn => hashColumn(repo, branch),
  blockIn: (repo: string | undefined, branch?: string): TxColumn => blockColumn(repo, branch),
  age: { header: "Age", className: "text-zinc-500", cell: (tx) => <TimeAgo timestamp={tx.timestamp} /> },
  type: (tone: (tx: TxSummary) => BadgeTone = () => "gray"): TxColumn => ({ header: "Type", cell: (tx) => <Badge tone={tone(tx)}>{tx.type}</Badge> }),
  /** Which way the tx went for `owner`: sent, received, or sent to itself. */
  direction: (owner: string): TxColumn => ({
    cell: (tx) => {
      const direction = tx.from === owner && tx.to === owner ? "self" : tx.from === owner ? "out" : "in";
      return <Badge tone={direction === "out" ? "amber" : direction === "in" ? "green" : "gray"}>{direction.toUpperCase()}</Badge>;
    },
  }),
  /** The other side of the tx from `owner`'s point of view. */
  counterparty: (owner: string, link: AccountLink = {}): TxColumn => ({ header: "Counterparty", cell: (tx) => accountCell(tx.from === owner ? tx.to : tx.from, link) }),
  from: (link: AccountLink = {}): TxColumn => ({ header: "From", cell: (tx) => accountCell(tx.from, link) }),
  to: (link: AccountLink = {}): TxColumn => ({ header: "To", cell: (tx) => accountCell(tx.to, link) }),
  amount: { header: "Amount", align: "right", cell: (tx) => <Amount value={tx.amount} /> },
  fee: { header: "Fee", align: "right", cell: (tx) => <Amount value={tx.fee} /> },
  status: { header: "Status", cell: (tx) => <TxStatusBadge status={tx.status} title={tx.error ? `${tx.error.code}: ${tx.error.message}` : undefined} /> },
} satisfies Record<string, TxColumn | ((...args: never[]) => TxColumn)>;

/** A list of txs in the given columns; `placeholder` fills the table while it has no rows to show. */
export function TxTable({ txs, columns, rowTestId, placeholder }: { txs: readonly TxSummary[]; columns: readonly TxColumn[]; rowTestId?: string; placeholder?: ReactNode }) {
  return (
    <Table>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <Th key={i} align={c.align}>
              {c.header}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody>
        {txs.map((tx) => (
          <tr key={tx.hash} className="hover:bg-zinc-50" data-testid={rowTestId}>
            {columns.map((c, i) => (
              <Td key={i} align={c.align} className={c.className}>
                {c.cell(tx)}
              </Td>
            ))}
          </tr>
        ))}
        {placeholder ? <EmptyRow colSpan={columns.length}>{placeholder}</EmptyRow> : null}
      </tbody>
    </Table>
  );
}
