import { SqlErrorCode } from "../sql/runtime/errors.ts";
import { isAddress } from "../crypto/address.ts";
import { bytesEqual, utf8String } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { PendingState } from "../state/worldState.ts";
import type { EventJSON } from "../types.ts";
import { intrinsicGas, type SignedTx } from "../tx/tx.ts";
import { formatAergo } from "../amount.ts";
import type { ExecReceipt } from "./receipt.ts";
import type { ContractRuntime } from "./contracts.ts";
import { applyNameTx } from "./nameTx.ts";
import { applyMarketTx } from "./marketTx.ts";
import { applyGovernTx, checkStakeUnlocked, type GovernanceContext } from "./governTx.ts";
import { checkContractAmount, contractReceiptFields, type BlockCallContext } from "./contractTx.ts";
import type { CallJob, CallJobHost } from "./executionWorker.ts";
import type { ComputedCall } from "../sql/index.ts";

export type ExecContext = {
  readonly chainIdHash: Uint8Array;
  readonly height: number;
  readonly timestamp: number;
  readonly minGasPrice: bigint;
  /** Most candidates one account may vote for. */
  readonly maxVotes: number;
  /** AergoSQL contracts; without it, deploy and call transactions are refused. */
  readonly contracts?: ContractRuntime;
  readonly branch?: string;
  /** The chain's name price until governance sets one (genesis `namePrice`; absent: 1 AERGO). */
  readonly namePrice?: bigint;
  /** Chain-parameter proposals (chain/exec/governTx.ts); absent: govern transactions are refused. */
  readonly governance?: GovernanceContext;
  /**
   * Set by the producer when it admits a transaction from the pool, never when a block or the
   * journal is replayed: a contract transaction past this many ms is refused (EXECUTION_TIMEOUT).
   */
  readonly timeBudgetMs?: number;
  /**
   * A call's result computed on the execution worker over this same pending state
   * (executionWorker.ts, txPool.ts): adopted instead of run.
   */
  readonly computed?: ComputedCall;
};

/** Transaction types that run contract code (the pool's time budget; a consistent merge takes their rows, not their runs). */
export const CONTRACT_TX_TYPES: ReadonlySet<string> = new Set(["deploy", "call", "redeploy"]);

/**
 * Checks a signed transaction against the pending state and applies it. A transaction that
 * cannot be included (wrong chain, nonce, funds, malformed payload) throws a ChainError and
 * changes nothing; an included one returns its receipt.
 * @throws ChainError WRONG_CHAIN, NONCE_TOO_LOW, NONCE_TOO_HIGH, INSUFFICIENT_BALANCE, ...
 */
export function applyTx(state: PendingState, tx: SignedTx, ctx: ExecContext): ExecReceipt {
  if (!bytesEqual(tx.chainIdHash, ctx.chainIdHash)) {
    throw new ChainError(ErrorCode.WrongChain, "The transaction is signed for another chain.");
  }
  if (tx.gasPrice < ctx.minGasPrice) {
    throw new ChainError(ErrorCode.GasPriceTooLow, `The gas price is below the minimum of ${ctx.minGasPrice} aer.`, { minGasPrice: ctx.minGasPrice.toString() });
  }
  const gas = intrinsicGas(tx);
  if (tx.gasLimit < gas) {
    throw new ChainError(ErrorCode.GasTooLow, `The gas limit ${tx.gasLimit} is below the ${gas} this transaction needs.`, { needed: gas });
  }
  const sender = state.get(tx.from);
  const expected = sender.nonce + 1;
  if (tx.nonce < expected) throw new ChainError(ErrorCode.NonceTooLow, `The nonce ${tx.nonce} is used; the next is ${expected}.`, { expected });
  if (tx.nonce > expected) throw new ChainError(ErrorCode.NonceTooHigh, `The nonce ${tx.nonce} is ahead; the next is ${expected}.`, { expected });
  const maxFee = BigInt(tx.gasLimit) * tx.gasPrice;
  const fee = BigInt(gas) * tx.gasPrice;
  // An unstake's amount comes out of the stake, not the balance.
  const spend = tx.type === "unstake" ? 0n : tx.amount;
  if (sender.balance < spend + maxFee) {
    throw new ChainError(
      ErrorCode.InsufficientBalance,
      `The balance ${formatAergo(sender.balance)} AERGO is short of amount + fee (${formatAergo(spend + maxFee)} AERGO).`,
      { balance: sender.balance.toString(), needed: (spend + maxFee).toString() },
    );
  }

  if (CONTRACT_TX_TYPES.has(tx.type)) return applyContractTx(state, tx, ctx, gas);

  return state.atomically(() => {
    const charged = { ...sender, nonce: tx.nonce, balance: sender.balance - fee };
    let events: readonly EventJSON[] = [];
    switch (tx.type) {
      case "transfer": {
        if (!tx.to) throw new ChainError(ErrorCode.InvalidAddress, "A transfer needs a recipient.");
        state.set(tx.from, { ...charged, balance: charged.balance - tx.amount });
        const to = state.get(tx.to);
        state.set(tx.to, { ...to, balance: to.balance + tx.amount });
        break;
      }
      case "stake": {
        if (tx.amount <= 0n) throw new ChainError(ErrorCode.InvalidAmount, "Stake a positive amount.");
        state.set(tx.from, { ...charged, balance: charged.balance - tx.amount, staked: charged.staked + tx.amount });
        break;
      }
      case "unstake": {
        if (tx.amount <= 0n) throw new ChainError(ErrorCode.InvalidAmount, "Unstake a positive amount.");
        if (tx.amount > sender.staked) {
          throw new ChainError(ErrorCode.InsufficientBalance, `Only ${formatAergo(sender.staked)} AERGO is staked.`, { staked: sender.staked.toString() });
        }
        checkStakeUnlocked(state, tx.from, ctx.height, sender.staked);
        const staked = charged.staked - tx.amount;
        // With no stake left, votes would carry no weight: drop them so the state stays minimal.
        state.set(tx.from, { ...charged, balance: charged.balance + tx.amount, staked, votes: staked === 0n ? [] : charged.votes });
        break;
      }
      case "vote": {
        if (tx.amount !== 0n) throw new ChainError(ErrorCode.InvalidAmount, "A vote carries no amount.");
        state.set(tx.from, { ...charged, votes: parseVotes(tx.payload, ctx.maxVotes) });
        break;
      }
      case "name": {
        applyNameTx(state, tx, charged, ctx.height, ctx.namePrice);
        break;
      }
      case "market": {
        events = applyMarketTx(state, tx, charged, ctx.height);
        break;
      }
      case "govern": {
        applyGovernTx(state, tx, charged, ctx.height, ctx.governance);
        break;
      }
      default:
        throw new ChainError(ErrorCode.MalformedTx, `Transactions of type "${tx.type}" are not accepted by this chain yet.`);
    }
    return { txHash: tx.hashText, status: "success", error: null, gasUsed: gas, fee, returnValue: null, events, contractAddress: null };
  });
}

/** A vote's payload: a JSON array of distinct candidate addresses. */
function parseVotes(payload: Uint8Array, maxVotes: number): string[] {
  let list: unknown;
  try {
    list = JSON.parse(utf8String(payload));
  } catch {
    throw new ChainError(ErrorCode.InvalidPayload, "A vote's payload must be a JSON array of candidate addresses.");
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > maxVotes) {
    throw new ChainError(ErrorCode.InvalidPayload, `Vote for 1 to ${maxVotes} candidates.`);
  }
  const out = new Set<string>();
  for (const c of list) {
    if (!isAddress(c)) throw new ChainError(ErrorCode.InvalidAddress, `"${String(c).slice(0, 60)}" is not a candidate address.`);
    out.add(c);
  }
  if (out.size !== list.length) throw new ChainError(ErrorCode.InvalidPayload, "A candidate appears twice in the vote.");
  return [...out].sort();
}

function blockCallContextOf(ctx: ExecContext): BlockCallContext {
  return { height: ctx.height, timestamp: ctx.timestamp, branch: ctx.branch ?? "main", timeBudgetMs: ctx.timeBudgetMs };
}

/**
 * The execution worker's job for a call, deploy or redeploy transaction (executionWorker.ts), with the
 * context and gas budget applyTx gives it, and how the node answers the worker meanwhile. Call it
 * after applyTx refused the transaction for time, so its checks (nonce, funds, payload) passed.
 */
export function callJobOf(state: PendingState, tx: SignedTx, ctx: ExecContext): { job: CallJob; host: CallJobHost } {
  const rt = ctx.contracts;
  if (!rt || (tx.type !== "call" && tx.type !== "deploy" && tx.type !== "redeploy")) throw new ChainError(ErrorCode.Internal, "Only a call, a deploy or a redeploy runs on the execution worker.");
  const gasLimit = tx.gasLimit - intrinsicGas(tx);
  const block = blockCallContextOf(ctx);
  if (tx.type === "deploy") return rt.deployJob(state, tx, rt.prepareDeploy(tx), block, gasLimit);
  if (tx.type === "redeploy") return rt.redeployJob(state, tx, rt.prepareRedeploy(tx), block, gasLimit);
  return rt.callJob(state, tx, rt.prepareCall(tx), block, gasLimit);
}

/**
 * Deploys and calls: the transaction is included whatever the contract does (a revert is a
 * receipt with status "error" that still pays for the gas it used); only what can be checked
 * before running (payload, recipient, amount unit) refuses it.
 */
function applyContractTx(state: PendingState, tx: SignedTx, ctx: ExecContext, intrinsic: number): ExecReceipt {
  const rt = ctx.contracts;
  if (!rt) throw new ChainError(ErrorCode.MalformedTx, "This chain does not run contracts.");
  checkContractAmount(tx.amount);
  const deploy = tx.type === "deploy" ? rt.prepareDeploy(tx) : null;
  const call = tx.type === "call" ? rt.prepareCall(tx) : null;
  const redeploy = tx.type === "redeploy" ? rt.prepareRedeploy(tx) : null;
  return state.atomically(() => {
    state.set(tx.from, { ...state.get(tx.from), nonce: tx.nonce });
    const block = blockCallContextOf(ctx);
    const budget = tx.gasLimit - intrinsic;
    const { result, contractAddress } = deploy
      ? rt.deploy(state, tx, deploy, block, budget, ctx.computed)
      : redeploy
        ? rt.redeploy(state, tx, redeploy, block, budget, ctx.computed)
        : rt.call(state, tx, call!, block, budget, ctx.computed);
    // Time never decides a receipt: a transaction the producer gave up on is refused (the
    // atomically above undoes it), so no block holds an outcome another node could not repeat.
    if (result.error?.code === SqlErrorCode.TimeBudget) {
      throw new ChainError(ErrorCode.ExecutionTimeout, `The producer stopped this transaction after ${ctx.timeBudgetMs} ms of execution and did not include it; no fee was charged. Do less per call (fewer rows, shorter values).`, { timeBudgetMs: ctx.timeBudgetMs });
    }
    // The same fields the simulator reports (chain/sql/simulate.ts): one function computes both.
    const { status, error, gasUsed, returnValue, events } = contractReceiptFields(result, intrinsic, tx.gasLimit);
    const fee = BigInt(gasUsed) * tx.gasPrice;
    const payer = state.get(tx.from);
    state.set(tx.from, { ...payer, balance: payer.balance - fee });
    return { txHash: tx.hashText, status, error, gasUsed, fee, returnValue, events, contractAddress };
  });
}
