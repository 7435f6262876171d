/**
 * A small seeded generator (mulberry32) for the kill schedule: the same seed replays the same
 * kill moments and load mix, so a failing soak run can be repeated from the seed it printed.
 */
export type SeededRandom = {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
};

export function createSeededRandom(seed: number): SeededRandom {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("Cannot pick from an empty list.");
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

/** A fresh seed when none is given (printed by the runners so the run can be replayed). */
export const freshSeed = () => Math.floor(Math.random() * 2 ** 31);

/** The p-th percentile (0..100) of `values`, nearest rank; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
