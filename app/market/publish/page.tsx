import type { Metadata } from "next";
import { PublishView } from "@/components/market/PublishView";

export const metadata: Metadata = { title: "Publish a template · Marketplace" };

export default function PublishPage() {
  return <PublishView />;
}
