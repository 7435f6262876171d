/** What the governance page reads, derived from the router's outputs (never from chain/ or db/ internals). */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type GovernanceOutputs = inferRouterOutputs<AppRouter>["governance"];
export type GovernanceOverview = GovernanceOutputs["overview"];
export type Producer = GovernanceOverview["producers"][number];
export type ProducerChange = GovernanceOverview["changes"][number];
export type Proposal = GovernanceOutputs["proposals"]["proposals"][number];
export type Staking = GovernanceOutputs["staking"];
export type Ballot = Staking["ballots"][number];
