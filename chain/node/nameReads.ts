/**
 * Name reads at a (branch, height) point (chain/node/stateView.ts): a name's record, what it
 * resolves to, the name price, and a proof of a name against a block's state root.
 */
import { toAmountJSON } from "../amount.ts";
import { headerToJSON } from "../block/header.ts";
import { toHex } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { checkName, decodeNameRecord, NAME_ACCOUNT, nameEntryId, readNamePrice } from "../names/names.ts";
import { proofToJSON } from "../state/smt.ts";
import type { WorldState } from "../state/worldState.ts";
import type { Lanes } from "./lane.ts";
import { stateViewAt } from "./stateView.ts";
import type { ChainNode } from "./types.ts";

type NameReads = Pick<ChainNode, "getName" | "resolveName" | "getNamePrice" | "getNameProof">;

export function createNameReads({ lanes, world, namePrice }: { readonly lanes: Lanes; readonly world: WorldState; readonly namePrice?: bigint }): NameReads {
  /** The entry reader and the height of the state a read sees. */
  function at(readOpts: { branch?: string; height?: number } | undefined) {
    const view = stateViewAt(lanes, world, readOpts);
    return { read: view.readEntry, height: view.height, pending: view.pending };
  }

  const reads: NameReads = {
    getName(name, readOpts) {
      checkName(name);
      const view = at(readOpts);
      const bytes = view.read(nameEntryId(name));
      if (!bytes) return null;
      const r = decodeNameRecord(name, bytes);
      return { name, owner: r.owner, destination: r.destination, registeredAt: r.height, height: view.height, pending: view.pending };
    },

    resolveName(name, readOpts) {
      const found = reads.getName(name, readOpts);
      if (!found) throw new ChainError(ErrorCode.NotFound, `The name "${name}" is not registered${readOpts?.height === undefined ? "" : ` at block ${readOpts.height}`}.`, { name });
      return found.destination;
    },

    getNamePrice(readOpts) {
      const view = at(readOpts);
      return { price: toAmountJSON(readNamePrice(view.read, namePrice)), nameAccount: NAME_ACCOUNT, height: view.height };
    },

    getNameProof(name, readOpts) {
      checkName(name);
      const lane = lanes.laneOf(readOpts?.branch);
      const header = lanes.headerAt(lane, readOpts?.height);
      const proved = world.proveEntry(header.stateRoot, nameEntryId(name));
      const r = proved.value ? decodeNameRecord(name, proved.value) : null;
      return {
        name: r ? { name, owner: r.owner, destination: r.destination, registeredAt: r.height, height: header.height, pending: false } : null,
        header: headerToJSON(header),
        key: toHex(proved.key),
        valueHash: proved.valueHash ? toHex(proved.valueHash) : null,
        value: proved.value ? toHex(proved.value) : null,
        proof: proofToJSON(proved.proof),
      };
    },
  };
  return reads;
}
