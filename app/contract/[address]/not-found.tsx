import { ContractNotFound } from "@/components/explorer/ContractNotFound";

export default function ContractNotFoundPage() {
  return <ContractNotFound />;
}
