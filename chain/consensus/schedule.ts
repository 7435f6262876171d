import type { ProducerJSON } from "../types.ts";

export type ScheduleOptions = {
  readonly kind: "dpos" | "poa";
  readonly producerCount: number;
  readonly blockIntervalMs: number;
  readonly epochLength: number;
  /** Slots a producer may miss in a row before the next candidate takes its place. */
  readonly maxMissedSlots: number;
};

/**
 * Who produces which slot. Slots are fixed time windows (`floor(time / interval)`); the active
 * producers take them round-robin. Score-based delegation (the whitepaper's QoS idea): a
 * producer that misses `maxMissedSlots` slots in a row is replaced by the next ranked candidate
 * for the rest of the epoch, without waiting for a vote. Everything here is derived from the
 * chain's own headers, so every node computes the same schedule.
 */
export class ProducerSchedule {
  private ranking: readonly string[];
  private readonly demoted = new Set<string>();
  private readonly missedInARow = new Map<string, number>();
  private readonly produced = new Map<string, number>();
  private readonly missedTotal = new Map<string, number>();
  private activeSet: readonly string[];
  epoch = 0;

  constructor(
    readonly opts: ScheduleOptions,
    ranking: readonly string[],
  ) {
    this.ranking = ranking;
    this.activeSet = this.computeActive();
  }

  /** The N producers of the current epoch in slot order. */
  active(): readonly string[] {
    return this.activeSet;
  }

  rankingList(): readonly string[] {
    return this.ranking;
  }

  slotOf(timeMs: number): number {
    return Math.floor(timeMs / this.opts.blockIntervalMs);
  }

  producerForSlot(slot: number): string {
    const set = this.activeSet;
    return set[slot % set.length]!;
  }

  epochOfHeight(height: number): number {
    return Math.floor(height / this.opts.epochLength);
  }

  /** Minimum distinct producers that must build on a block before it is irreversible. */
  finalityQuorum(): number {
    return Math.ceil((2 * this.activeSet.length) / 3);
  }

  /** Starts a new epoch with a new ranking (elections) and a clean score sheet. */
  startEpoch(epoch: number, ranking: readonly string[]) {
    this.epoch = epoch;
    this.ranking = ranking;
    this.demoted.clear();
    this.missedInARow.clear();
    this.activeSet = this.computeActive();
  }

  /** Accounts for a sealed block: the slots skipped since the previous one were missed. */
  recordBlock(prevSlot: number | null, slot: number, producer: string) {
    if (prevSlot !== null) {
      const gap = slot - prevSlot - 1;
      // A gap longer than a few rounds is the whole network being down, not one producer.
      if (gap > 0 && gap <= this.opts.producerCount * (this.opts.maxMissedSlots + 1)) {
        for (let q = prevSlot + 1; q < slot; q++) this.recordMiss(this.producerForSlot(q));
      }
    }
    this.missedInARow.set(producer, 0);
    this.produced.set(producer, (this.produced.get(producer) ?? 0) + 1);
  }

  private recordMiss(producer: string) {
    const n = (this.missedInARow.get(producer) ?? 0) + 1;
    this.missedInARow.set(producer, n);
    this.missedTotal.set(producer, (this.missedTotal.get(producer) ?? 0) + 1);
    const standbyLeft = this.ranking.filter((p) => !this.demoted.has(p) && !this.activeSet.includes(p)).length;
    if (n >= this.opts.maxMissedSlots && standbyLeft > 0) {
      this.demoted.add(producer);
      this.activeSet = this.computeActive();
    }
  }

  private computeActive(): readonly string[] {
    const set = this.ranking.filter((p) => !this.demoted.has(p)).slice(0, this.opts.producerCount);
    return Object.freeze(set.length ? set : this.ranking.slice(0, this.opts.producerCount));
  }

  /** Producers and candidates for display; `candidates` is the ranking an election would give now. */
  describe(candidates: readonly string[], votes: ReadonlyMap<string, bigint>, online: (address: string) => boolean, label: (a: string) => string | null, format: (aer: bigint) => ProducerJSON["votes"]): { producers: ProducerJSON[]; candidates: ProducerJSON[] } {
    const toJSON = (address: string): ProducerJSON => ({
      address,
      label: label(address),
      votes: format(votes.get(address) ?? 0n),
      online: online(address),
      producedBlocks: this.produced.get(address) ?? 0,
      missedSlots: this.missedTotal.get(address) ?? 0,
    });
    return { producers: this.activeSet.map(toJSON), candidates: candidates.map(toJSON) };
  }
}

/**
 * DPoS election: each voter's whole stake counts for every candidate it names; the ranking is by
 * votes (then address), topped up with the genesis producers so a young chain always has N.
 */
export function electRanking(tally: ReadonlyMap<string, bigint>, genesisRanking: readonly string[]): string[] {
  const voted = [...tally.entries()].filter(([, v]) => v > 0n).sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] > b[1] ? -1 : 1));
  const ranking = voted.map(([a]) => a);
  for (const p of genesisRanking) if (!ranking.includes(p)) ranking.push(p);
  return ranking;
}
