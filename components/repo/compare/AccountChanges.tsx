"use client";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { Table, Td, Th } from "@/components/ui/Table";
import { chainHref } from "../repoPaths";
import type { AccountDiff } from "./compareTypes";

type Side = NonNullable<AccountDiff["before"]>;

/** One field's change, old → new, or its value when it did not change. */
function Change({ before, after, testId }: { before: string | null; after: string | null; testId?: string }) {
  if (before === after) return <span className="text-zinc-500">{after ?? "—"}</span>;
  return (
    <span className="rounded bg-amber-100 px-1 ring-1 ring-amber-300" data-testid={testId}>
      <span className="text-red-700 line-through">{before ?? "—"}</span>
      <span className="px-1 text-zinc-500">→</span>
      <span className="font-medium text-emerald-800">{after ?? "—"}</span>
    </span>
  );
}

const field = (side: Side | null, pick: (s: Side) => string) => (side ? pick(side) : null);

/** The accounts whose balance, nonce, stake or code differ between the two points. */
export function AccountChanges({ repo, branch, accounts }: { repo: string; branch: string; accounts: readonly AccountDiff[] }) {
  if (accounts.length === 0) return null;
  return (
    <Panel title="Accounts" actions={<span>{accounts.length} changed</span>} testId="diff-accounts">
      <Table>
        <thead>
          <tr>
            <Th>Account</Th>
            <Th>Balance (AERGO)</Th>
            <Th>Nonce</Th>
            <Th>Staked (AERGO)</Th>
            <Th>Code</Th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a, i) => (
            <tr key={a.address ?? i} data-testid="diff-account" data-address={a.address ?? ""}>
              <Td>{a.address ? <HashLink value={a.address} href={chainHref(repo, `/address/${a.address}`, branch)} /> : <span className="text-zinc-400">unknown address</span>}</Td>
              <Td className="mono text-xs">
                <Change before={field(a.before, (s) => s.balance.aergo)} after={field(a.after, (s) => s.balance.aergo)} />
              </Td>
              <Td className="mono text-xs">
                <Change before={field(a.before, (s) => String(s.nonce))} after={field(a.after, (s) => String(s.nonce))} testId="diff-account-nonce" />
              </Td>
              <Td className="mono text-xs">
                <Change before={field(a.before, (s) => s.staked.aergo)} after={field(a.after, (s) => s.staked.aergo)} />
              </Td>
              <Td className="text-xs">{a.before?.codeHash !== a.after?.codeHash ? <span className="text-amber-700">changed</span> : <span className="text-zinc-400">—</span>}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Panel>
  );
}
