import type { Metadata } from "next";
import { DashboardView } from "@/components/market/DashboardView";

export const metadata: Metadata = { title: "Dashboard · Marketplace" };

export default function MarketDashboardPage() {
  return <DashboardView />;
}
