/**
 * Executes a `govern` transaction on the pending state (called by applyTx inside its atomic scope,
 * after the nonce, gas and balance checks): a proposal for a chain parameter, or a stake-weighted
 * vote on one. Every refusal throws a ChainError before any write, and applyTx's scope drops
 * whatever was written: a refused govern transaction is not included and pays no fee.
 */
import { formatAergo } from "../amount.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { parseGovernPayload, readProposal, readStakeLock, recordBallot, recordNewProposal } from "../governance/proposals.ts";
import type { Account } from "../state/account.ts";
import type { PendingState } from "../state/worldState.ts";
import type { SignedTx } from "../tx/tx.ts";

/** What governance needs from the chain: absent on chains whose parameters nobody votes (PoA repositories). */
export type GovernanceContext = {
  /** Blocks a proposal stays open for votes, its proposing block included (the dev network: one epoch). */
  readonly votingPeriodBlocks: number;
};

/**
 * @param charged - the sender with the fee taken and the nonce advanced.
 * @throws ChainError FORBIDDEN (a chain without governance, or a sender with no stake),
 * INVALID_ADDRESS (a recipient), INVALID_AMOUNT (an amount), INVALID_PAYLOAD (shape, parameter,
 * range), NOT_FOUND (no such proposal), PROPOSAL_CLOSED (its voting ended).
 */
export function applyGovernTx(state: PendingState, tx: SignedTx, charged: Account, height: number, gov: GovernanceContext | undefined): void {
  if (!gov) throw new ChainError(ErrorCode.Forbidden, "This chain's parameters are not voted: governance runs on the root chain (DPoS); a repository's chain is PoA, run by its admins.");
  if (tx.to !== null) throw new ChainError(ErrorCode.InvalidAddress, "A govern transaction has no recipient.");
  if (tx.amount !== 0n) throw new ChainError(ErrorCode.InvalidAmount, "A govern transaction carries no amount: votes are weighted by stake, not paid.");
  const op = parseGovernPayload(tx.payload);
  if (charged.staked === 0n) {
    throw new ChainError(ErrorCode.Forbidden, `Stake AERGO first: proposals and votes are weighted by stake, and ${tx.from} has none.`, { address: tx.from });
  }
  const getEntry = (id: string) => state.getEntry(id);
  const setEntry = (id: string, value: Uint8Array | null) => state.setEntry(id, value);
  if (op.op === "propose") {
    state.set(tx.from, charged);
    recordNewProposal(getEntry, setEntry, {
      id: tx.hashText,
      proposer: tx.from,
      param: op.param,
      value: op.value,
      description: op.description,
      createdAt: height,
      endHeight: height + gov.votingPeriodBlocks - 1,
      yes: 0n,
      no: 0n,
      voters: 0,
      status: "open",
      reason: null,
      closedAt: null,
    });
    return;
  }
  const proposal = readProposal(getEntry, op.proposal);
  if (!proposal) throw new ChainError(ErrorCode.NotFound, `There is no proposal ${op.proposal.slice(0, 100)}.`, { proposal: op.proposal.slice(0, 100) });
  if (proposal.status !== "open" || height > proposal.endHeight) {
    throw new ChainError(ErrorCode.ProposalClosed, `Voting on proposal #${proposal.number} ended at block ${proposal.endHeight}.`, { proposal: proposal.id, endHeight: proposal.endHeight });
  }
  state.set(tx.from, charged);
  recordBallot(getEntry, setEntry, proposal, tx.from, { choice: op.choice, weight: charged.staked });
}

/**
 * Refuses an unstake of stake that voted on a proposal still open (it would count again from
 * another account after a transfer).
 * @throws ChainError STAKE_LOCKED until the last voted proposal's end block has passed.
 */
export function checkStakeUnlocked(state: PendingState, address: string, height: number, staked: bigint): void {
  const lockedUntil = readStakeLock((id) => state.getEntry(id), address);
  if (height <= lockedUntil) {
    throw new ChainError(ErrorCode.StakeLocked, `The stake of ${address} (${formatAergo(staked)} AERGO) voted on a proposal open until block ${lockedUntil}; unstake after that block.`, { lockedUntil });
  }
}
