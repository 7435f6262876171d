/**
 * The system state entries seen at a (branch, height) point: the latest point includes answered
 * transactions not yet sealed (like getAccount); a height reads that block's state root. Shared by
 * the name and marketplace reads.
 */
import type { WorldState } from "../state/worldState.ts";
import type { Lanes } from "./lane.ts";

export type EntryView = {
  readonly read: (id: string) => Uint8Array | null;
  readonly height: number;
  readonly pending: boolean;
};

export function entryViewAt(lanes: Lanes, world: WorldState, readOpts: { branch?: string; height?: number } | undefined): EntryView {
  const lane = lanes.laneOf(readOpts?.branch);
  if (readOpts?.height === undefined) {
    const pending = lane.pending;
    if (pending) return { read: (id: string) => pending.state.getEntry(id), height: pending.height, pending: true };
    const root = lane.head.stateRoot;
    return { read: (id: string) => world.readEntry(root, id), height: lane.head.height, pending: false };
  }
  const header = lanes.headerAt(lane, readOpts.height);
  return { read: (id: string) => world.readEntry(header.stateRoot, id), height: header.height, pending: false };
}
