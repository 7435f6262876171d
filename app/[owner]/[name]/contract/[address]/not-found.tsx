import { ContractNotFound } from "@/components/explorer/ContractNotFound";

export default function RepoContractNotFound() {
  return <ContractNotFound />;
}
