import { HomeView } from "@/components/explorer/HomeView";

// Live data from the hub's engine, which exists only at run time.
export const dynamic = "force-dynamic";

export default function HomePage() {
  return <HomeView />;
}
