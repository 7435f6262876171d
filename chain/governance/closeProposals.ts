/**
 * The tally at a proposal's end: when a block is settled, the proposals whose voting ends at its
 * height are closed, and those with quorum and more yes than no write their value into the
 * parameter's entry. It runs in the block executor's settle step (chain/node/pendingBlock.ts
 * settleBlock), which sealing, block re-execution and every replay share, so enactment needs no
 * transaction and every node reaches the same state root.
 */
import { encodeParamValue, GOVERNED_PARAMS } from "./params.ts";
import { dueEntryId, encodeProposal, proposalEntryId, readDue, readProposal, tallyOutcome } from "./proposals.ts";

type EntryState = {
  getEntry(id: string): Uint8Array | null;
  setEntry(id: string, value: Uint8Array | null): void;
};

/**
 * Closes the proposals due at `height`, in the order they were proposed (two enacted values of
 * one parameter: the later proposal's stands).
 * @returns the ids closed, in that order.
 */
export function closeDueProposals(state: EntryState, height: number): string[] {
  const get = (id: string) => state.getEntry(id);
  const due = readDue(get, height);
  if (due.length === 0) return due;
  for (const id of due) {
    const p = readProposal(get, id);
    if (!p || p.status !== "open") continue;
    const { status, reason } = tallyOutcome(p);
    state.setEntry(proposalEntryId(id), encodeProposal({ ...p, status, reason, closedAt: height }));
    if (status === "enacted") state.setEntry(GOVERNED_PARAMS[p.param].entry, encodeParamValue(p.value));
  }
  // The list served its one block: removing it keeps the state to what is still needed.
  state.setEntry(dueEntryId(height), null);
  return due;
}
