import type { Metadata } from "next";
import { parseContractPageState } from "@/components/explorer/ContractQueries";
import { ContractView } from "@/components/explorer/ContractView";
import { decodeSegment } from "@/components/explorer/queries";
import { orNull, serverCaller } from "@/components/explorer/serverData";
import { branchParam, withRepo } from "@/components/repo/repoPaths";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ address: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ address: raw }, { branch }] = await Promise.all([params, searchParams]);
  const address = decodeSegment(raw);
  const contract = await orNull(serverCaller().contracts.get(withRepo(undefined, { address }, branchParam(branch))));
  return { title: contract ? `${contract.name} · Contract ${address.slice(0, 12)}…` : `Contract ${address.slice(0, 12)}…` };
}

export default async function ContractPage({ params, searchParams }: Props) {
  const [{ address }, query] = await Promise.all([params, searchParams]);
  return <ContractView address={decodeSegment(address)} state={parseContractPageState(query)} branch={branchParam(query.branch)} />;
}
