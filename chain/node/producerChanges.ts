/**
 * How the producer set changed over recent epochs, derived rather than stored: each epoch's
 * elected set is the top N of the ranking stored at the end of the epoch before it, and a block
 * of the epoch produced by anyone else is a score-based stand-in (a producer missed its slots in a
 * row and the next ranked candidate took them).
 */
import type { ProducerChangeJSON } from "../types.ts";

export type ProducerChangeSource = {
  /** The epoch the chain is in now. */
  readonly epoch: number;
  readonly epochLength: number;
  readonly producerCount: number;
  /** The ranking stored for an epoch (`ranking:<e>` in the store's meta), or null when there is none. */
  readonly rankingOf: (epoch: number) => readonly string[] | null;
  /** The producers of main's recent blocks (a bounded window). */
  readonly recentProducers: readonly { readonly height: number; readonly producer: string }[];
};

/** The last `epochs` epochs' changes (1 to 50, default 5), newest first. */
export function producerChanges(src: ProducerChangeSource, epochs = 5): ProducerChangeJSON[] {
  const count = Math.min(Math.max(Math.trunc(epochs), 1), 50);
  const elected = (e: number) => src.rankingOf(e)?.slice(0, src.producerCount) ?? null;
  const out: ProducerChangeJSON[] = [];
  for (let e = src.epoch; e >= 0 && e > src.epoch - count; e--) {
    const set = elected(e);
    if (!set) break;
    const before = elected(e - 1) ?? set;
    const standIns = new Map<string, { producer: string; firstHeight: number; blocks: number }>();
    for (const { height, producer } of src.recentProducers) {
      if (Math.floor(height / src.epochLength) !== e || set.includes(producer)) continue;
      const seen = standIns.get(producer) ?? { producer, firstHeight: height, blocks: 0 };
      standIns.set(producer, { ...seen, blocks: seen.blocks + 1 });
    }
    out.push({ epoch: e, startHeight: e * src.epochLength, elected: set, joined: set.filter((a) => !before.includes(a)), left: before.filter((a) => !set.includes(a)), standIns: [...standIns.values()] });
  }
  return out;
}
