import type { Metadata } from "next";
import { parseContractPageState } from "@/components/explorer/ContractQueries";
import { ContractView } from "@/components/explorer/ContractView";
import { decodeSegment } from "@/components/explorer/queries";
import { orNull, serverCaller } from "@/components/explorer/serverData";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ address: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const address = decodeSegment((await params).address);
  const contract = await orNull(serverCaller().contracts.get({ address }));
  return { title: contract ? `${contract.name} · Contract ${address.slice(0, 12)}…` : `Contract ${address.slice(0, 12)}…` };
}

export default async function ContractPage({ params, searchParams }: Props) {
  const [{ address }, query] = await Promise.all([params, searchParams]);
  return <ContractView address={decodeSegment(address)} state={parseContractPageState(query)} />;
}
