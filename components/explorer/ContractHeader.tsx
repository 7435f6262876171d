"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ContractAbi } from "@/chain/sql/types";
import { AddressNames } from "@/components/names/AddressNames";
import { useTRPC } from "@/components/providers/trpc";
import { chainHref, MAIN_BRANCH, withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { Amount } from "@/components/ui/Amount";
import { Badge } from "@/components/ui/Badge";
import { CopyButton } from "@/components/ui/CopyButton";
import { DetailList, DetailRow } from "@/components/ui/DetailList";
import { HashLink } from "@/components/ui/HashLink";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { TimeAgo } from "@/components/ui/TimeAgo";

/** Who deployed the contract, in which transaction and block: found in the index, absent until its block is indexed. */
export type ContractDeployment = { readonly deployer: string; readonly txHash: string; readonly blockHeight: number; readonly timestamp: number };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The contract page's head: its name and address (with the names resolving to it), its native balance (live), and where it came from. */
export function ContractHeader({ address, abi, deployment, repo }: { address: string; abi: ContractAbi; deployment: ContractDeployment | null; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const account = useQuery(trpc.accounts.get.queryOptions(withRepo(repo, { address }, branch)));
  // Names resolving to the contract (a deploy's --name, a register with it as destination), as on the address page.
  const names = useQuery(trpc.names.ofAddress.queryOptions(withRepo(repo, { address }, branch)));
  const callable = abi.procedures.filter((p) => !p.resolver).length;

  return (
    <div>
      <PageTitle
        kind="Contract"
        aside={
          <span className="flex items-center gap-2">
            <Badge tone="blue" title="A smart contract written in AergoSQL: SQL tables with procedures and views.">
              AergoSQL
            </Badge>
            {branch !== MAIN_BRANCH ? (
              <Badge tone="amber" title="Its tables, views and calls on this page are those of this branch." testId="contract-branch">
                on {branch}
              </Badge>
            ) : null}
          </span>
        }
      >
        <span className="font-semibold text-zinc-900" data-testid="contract-name">
          {abi.name}
        </span>
      </PageTitle>
      <div className="-mt-2 mb-4 flex items-center text-sm">
        <span className="mono break-all text-zinc-700" data-testid="contract-address">
          {address}
        </span>
        <CopyButton value={address} />
        <AddressNames names={names.data} testId="contract-names" />
      </div>

      <Panel title="Overview">
        <DetailList>
          <DetailRow label="Balance" hint="Native AERGO held by the contract (sent with calls, moved by TRANSFER).">
            {account.data ? <Amount value={account.data.balance} testId="contract-balance" className="font-semibold" /> : "…"}
          </DetailRow>
          {deployment ? (
            <>
              <DetailRow label="Deployed by">
                <HashLink value={deployment.deployer} href={chainHref(repo, `/address/${deployment.deployer}`, branch)} full testId="contract-deployer" />
              </DetailRow>
              <DetailRow label="Deploy transaction">
                <span className="flex flex-wrap items-center gap-x-2">
                  <HashLink value={deployment.txHash} href={chainHref(repo, `/tx/${deployment.txHash}`, branch)} full testId="contract-deploy-tx" />
                  <span className="text-zinc-500">
                    in block{" "}
                    <span data-testid="contract-deploy-block">
                      <Link href={chainHref(repo, `/block/${deployment.blockHeight}`, branch)} className="mono text-blue-700 hover:underline">
                        #{deployment.blockHeight}
                      </Link>
                    </span>{" "}
                    · <TimeAgo timestamp={deployment.timestamp} />
                  </span>
                </span>
              </DetailRow>
            </>
          ) : null}
          <DetailRow label="Interface">
            <span data-testid="contract-interface">
              {plural(abi.tables.length, "table")} · {plural(callable, "procedure")} · {plural(abi.views.length, "view")} · {plural(abi.events.length, "event")}
            </span>
          </DetailRow>
        </DetailList>
      </Panel>
    </div>
  );
}
