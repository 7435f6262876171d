/** The marketplace's shapes as the market router answers them (never the index's own types). */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type MarketOutputs = inferRouterOutputs<AppRouter>["market"];

export type MarketCard = MarketOutputs["list"]["cards"][number];
export type MarketTag = MarketOutputs["tags"][number];
export type ListingDetail = MarketOutputs["listing"];
export type ListingVersion = ListingDetail["versions"][number];
export type MarketReview = MarketOutputs["reviews"][number];
export type MyStanding = MarketOutputs["mine"];
export type MarketSale = MarketOutputs["purchases"][number];
export type PublisherDashboard = MarketOutputs["dashboard"];
export type RepoChoice = inferRouterOutputs<AppRouter>["repos"]["mine"][number];
