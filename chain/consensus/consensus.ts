/**
 * How a chain chooses its producers, behind one interface: the node seals, schedules slots and
 * keeps finality the same way for both; only the choice at an epoch's end differs.
 *
 * - DPoS (public chains): producers ranked by the stake voted for them (ties by address), the
 *   genesis producers after the voted ones.
 * - PoA (private repositories): the authorities the repository's admins set in its directory.
 */
import { electRanking } from "./schedule.ts";

export type ConsensusKind = "dpos" | "poa";

export interface Consensus {
  readonly kind: ConsensusKind;
  /**
   * The ranking of the next epoch's producers, decided at the end of one.
   * @param tally - Stake voted per candidate at the epoch's last block (read only by DPoS).
   * @param current - The ranking of the epoch that ends.
   */
  nextRanking(tally: () => ReadonlyMap<string, bigint>, current: readonly string[]): string[];
  /** The ranking the chain would elect now (what an explorer shows as producers and candidates). */
  standing(tally: ReadonlyMap<string, bigint>, current: readonly string[]): string[];
}

export function createDposConsensus(genesisRanking: readonly string[]): Consensus {
  return {
    kind: "dpos",
    nextRanking: (tally) => electRanking(tally(), genesisRanking),
    standing: (tally) => electRanking(tally, genesisRanking),
  };
}

/** @param authorities - The repository's current authorities; the ranking stays as it is without them. */
export function createPoaConsensus(authorities: (() => readonly string[]) | undefined, genesisRanking: readonly string[]): Consensus {
  return {
    kind: "poa",
    nextRanking: (_tally, current) => [...(authorities?.() ?? current)],
    // Votes elect nobody on a PoA chain; the standing shown is the voted order over the genesis set, as before.
    standing: (tally) => electRanking(tally, genesisRanking),
  };
}

export function createConsensus(kind: ConsensusKind, genesisRanking: readonly string[], authorities?: () => readonly string[]): Consensus {
  return kind === "dpos" ? createDposConsensus(genesisRanking) : createPoaConsensus(authorities, genesisRanking);
}
