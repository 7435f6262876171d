import type { Metadata } from "next";
import { parseContractPageState } from "@/components/explorer/ContractQueries";
import { ContractView } from "@/components/explorer/ContractView";
import { decodeSegment } from "@/components/explorer/queries";
import { orNull, serverCaller } from "@/components/explorer/serverData";
import { branchParam, withRepo } from "@/components/repo/repoPaths";
import { loadRepo } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ owner: string; name: string; address: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ owner, name, address: raw }, { branch }] = await Promise.all([params, searchParams]);
  const repo = (await loadRepo(owner, name)).fullName;
  const address = decodeSegment(raw);
  const contract = await orNull(serverCaller().contracts.get(withRepo(repo, { address }, branchParam(branch))));
  return { title: `${contract ? contract.name : "Contract"} ${address.slice(0, 12)}…` };
}

/** A contract of a repository's chain: the explorer's contract page, reading and writing that chain. */
export default async function RepoContractPage({ params, searchParams }: Props) {
  const [{ owner, name, address }, query] = await Promise.all([params, searchParams]);
  const repo = await loadRepo(owner, name);
  return <ContractView address={decodeSegment(address)} state={parseContractPageState(query)} repo={repo.fullName} branch={branchParam(query.branch)} />;
}
