/**
 * Where a chain is in its election cycle: the ranking of epoch e+1 is decided when block
 * (e+1)·L−1 is sealed (chain/node/createNode.ts seal), and its producers take the slots from block
 * (e+1)·L on. Pure arithmetic over a chain's info, so the API, the CLI and the page agree.
 */
export type EpochClockJSON = {
  readonly epoch: number;
  readonly epochLength: number;
  /** The first block of the next epoch: its producers are the ones elected just before it. */
  readonly nextEpochHeight: number;
  /** Blocks still to be sealed before the next epoch's first block. */
  readonly blocksLeft: number;
  /** About how long that takes at the chain's block interval (blocks come one a slot). */
  readonly msLeft: number;
};

/** @example epochClock({ height: 44, epoch: 1, epochLength: 30, blockIntervalMs: 1000 }) // { nextEpochHeight: 60, blocksLeft: 15, ... } */
export function epochClock(info: { readonly height: number; readonly epoch: number; readonly epochLength: number; readonly blockIntervalMs: number }): EpochClockJSON {
  const nextEpochHeight = (info.epoch + 1) * info.epochLength;
  const blocksLeft = Math.max(0, nextEpochHeight - info.height - 1);
  return { epoch: info.epoch, epochLength: info.epochLength, nextEpochHeight, blocksLeft, msLeft: blocksLeft * info.blockIntervalMs };
}
