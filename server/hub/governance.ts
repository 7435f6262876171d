/**
 * Governance as the hub serves it (tRPC `governance.*`, REST getProposals/getProposal/getStaking/
 * getVotes): one function per read, shared by both doors. Governance runs on a repository's main
 * branch; on a PoA chain (every repository but the root) the answers say so and stay empty.
 */
import { epochClock } from "../../chain/consensus/epochClock.ts";
import type { ChainNode } from "../../chain/node/types.ts";

/** Producers, candidates with votes, the epoch clock, recent producer-set changes and the parameters in force. */
export function governanceOverview(node: ChainNode) {
  const info = node.info();
  return {
    chainId: info.chainId,
    consensus: info.consensus,
    /** False on PoA chains: their producers are chosen by the repository's admins, and proposals are refused. */
    governed: info.consensus === "dpos",
    height: info.height,
    lastIrreversible: info.lastIrreversible,
    blockIntervalMs: info.blockIntervalMs,
    clock: epochClock(info),
    producers: info.producers,
    candidates: info.candidates,
    changes: node.producerChanges({ epochs: 6 }),
    params: node.getGovernanceParams(),
  };
}
