/**
 * Governance reads at a (branch, height) point: proposals with their tallies, ballots, the
 * governed parameters in force and an account's stake lock. All of it is state entries, so any
 * height of any branch reads what that block's state root holds.
 */
import { toAmountJSON } from "../amount.ts";
import { decodeAddress } from "../crypto/address.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { readHubFeeBps } from "../governance/params.ts";
import { ballotToJSON, proposalIdAt, proposalToJSON, readBallot, readProposal, readProposalCount, readStakeLock } from "../governance/proposals.ts";
import { readNamePrice } from "../names/names.ts";
import type { WorldState } from "../state/worldState.ts";
import type { Lanes } from "./lane.ts";
import { stateViewAt } from "./stateView.ts";
import type { ChainNode } from "./types.ts";

type GovernanceReads = Pick<ChainNode, "getProposals" | "getProposal" | "getBallot" | "getGovernanceParams" | "getStaking">;

export const PROPOSAL_PAGE_MAX = 100;

export function createGovernanceReads({ lanes, world, namePrice }: { readonly lanes: Lanes; readonly world: WorldState; readonly namePrice?: bigint }): GovernanceReads {
  return {
    getProposals(readOpts) {
      const offset = readOpts?.offset ?? 0;
      const limit = readOpts?.limit ?? 20;
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > PROPOSAL_PAGE_MAX) {
        throw new ChainError(ErrorCode.BadRequest, `A page of proposals has an offset of 0 or more and a limit of 1 to ${PROPOSAL_PAGE_MAX}.`);
      }
      const view = stateViewAt(lanes, world, readOpts);
      const total = readProposalCount(view.readEntry);
      const proposals = [];
      // Newest first: proposal numbers count down from the total.
      for (let n = total - offset; n >= 1 && proposals.length < limit; n--) {
        const id = proposalIdAt(view.readEntry, n);
        const record = id === null ? null : readProposal(view.readEntry, id);
        if (record) proposals.push(proposalToJSON(record, view));
      }
      return { proposals, total, height: view.height, pending: view.pending };
    },

    getProposal(id, readOpts) {
      const view = stateViewAt(lanes, world, readOpts);
      const record = readProposal(view.readEntry, id);
      return record && proposalToJSON(record, view);
    },

    getBallot(id, voter, readOpts) {
      decodeAddress(voter);
      const view = stateViewAt(lanes, world, readOpts);
      const ballot = readBallot(view.readEntry, id, voter);
      return ballot && ballotToJSON(id, voter, ballot);
    },

    getGovernanceParams(readOpts) {
      const view = stateViewAt(lanes, world, readOpts);
      return { namePrice: toAmountJSON(readNamePrice(view.readEntry, namePrice)), hubFeeBps: readHubFeeBps(view.readEntry), height: view.height, pending: view.pending };
    },

    getStaking(address, readOpts) {
      decodeAddress(address);
      const view = stateViewAt(lanes, world, readOpts);
      const account = view.readAccount(address);
      const lock = readStakeLock(view.readEntry, address);
      return { address, staked: toAmountJSON(account.staked), votes: account.votes, lockedUntil: lock >= view.height ? lock : 0, height: view.height, pending: view.pending };
    },
  };
}
