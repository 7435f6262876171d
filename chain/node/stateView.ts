/**
 * The state a read at a (branch, height) point sees, for entry-backed reads (names, governance):
 * the latest point includes answered transactions (like getAccount); a height reads that block's
 * state root.
 */
import type { Account } from "../state/account.ts";
import type { WorldState } from "../state/worldState.ts";
import type { Lanes } from "./lane.ts";

export type StateView = {
  readonly readEntry: (id: string) => Uint8Array | null;
  readonly readAccount: (address: string) => Account;
  readonly height: number;
  readonly pending: boolean;
};

export function stateViewAt(lanes: Lanes, world: WorldState, readOpts: { branch?: string; height?: number } | undefined): StateView {
  const lane = lanes.laneOf(readOpts?.branch);
  if (readOpts?.height === undefined) {
    const pending = lane.pending;
    if (pending) return { readEntry: (id) => pending.state.getEntry(id), readAccount: (a) => pending.state.get(a), height: pending.height, pending: true };
    const root = lane.head.stateRoot;
    return { readEntry: (id) => world.readEntry(root, id), readAccount: (a) => world.readAccount(root, a), height: lane.head.height, pending: false };
  }
  const header = lanes.headerAt(lane, readOpts.height);
  return { readEntry: (id) => world.readEntry(header.stateRoot, id), readAccount: (a) => world.readAccount(header.stateRoot, a), height: header.height, pending: false };
}
