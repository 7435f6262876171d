"use client";
/**
 * /governance: DPoS elections and chain-parameter proposals of the AERGO Chain (the hub's root
 * repository). Producers and candidates with votes, the epoch countdown, producer-set changes,
 * the wallet's stake and votes, and proposals: every write is signed by the browser wallet.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { useWallet } from "@/components/wallet/WalletProvider";
import { PageTitle } from "@/components/ui/PageTitle";
import { EpochPanel } from "./EpochPanel";
import { ProducersPanel } from "./ProducersPanel";
import { ProposalsPanel } from "./ProposalsPanel";
import { StakePanel } from "./StakePanel";

const REFRESH_MS = 1000;

export function GovernanceView() {
  const trpc = useTRPC();
  const wallet = useWallet();
  const queryClient = useQueryClient();
  const overview = useQuery(trpc.governance.overview.queryOptions({}, { refetchInterval: REFRESH_MS }));
  const proposals = useQuery(trpc.governance.proposals.queryOptions({ limit: 20 }, { refetchInterval: REFRESH_MS }));
  const ids = proposals.data?.proposals.map((p) => p.id) ?? [];
  const address = wallet.address;
  const staking = useQuery(trpc.governance.staking.queryOptions({ address: address ?? "", proposals: ids }, { enabled: address !== null, refetchInterval: REFRESH_MS }));
  const account = useQuery(trpc.accounts.get.queryOptions({ address: address ?? "" }, { enabled: address !== null, refetchInterval: REFRESH_MS }));
  const refresh = () => void queryClient.invalidateQueries();

  if (overview.error) return <p role="alert" className="text-sm text-red-700">{overview.error.message}</p>;
  if (!overview.data) return <p className="text-sm text-zinc-500">Loading governance…</p>;
  const o = overview.data;
  return (
    <div className="space-y-4">
      <PageTitle kind="Governance" aside={<span className="text-sm text-zinc-500">{o.chainId} · DPoS: stake elects the producers and votes the chain&apos;s parameters</span>} />
      {!o.governed ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" data-testid="gov-poa">
          This chain is PoA: its producers are chosen by the repository&apos;s admins, and its parameters are not voted. Governance runs on the AERGO Chain.
        </p>
      ) : (
        <p className="text-sm text-zinc-600">Governance is the AERGO Chain&apos;s (the hub&apos;s root repository). Repository chains are PoA: their producers are chosen by each repository&apos;s admins.</p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <EpochPanel overview={o} fetchedAt={overview.dataUpdatedAt} />
        <StakePanel address={address} balance={account.data?.balance} staking={staking.data} onSent={refresh} />
      </div>
      <ProducersPanel overview={o} staking={staking.data} canSign={address !== null} onSent={refresh} />
      <ProposalsPanel overview={o} proposals={proposals.data?.proposals ?? []} ballots={staking.data?.ballots ?? []} canSign={address !== null} onSent={refresh} />
    </div>
  );
}
