/**
 * Chain-parameter proposals voted by stake (DAO-style, as Aergo votes its parameters): the
 * records a proposal, a ballot and the tally keep in system state entries (chain/state/entries.ts),
 * the payload of a `govern` transaction, and the reads. Pure: no node, no store.
 *
 * Entries (values are UTF-8; JSON ones are written with a fixed key order, so equal state gives
 * equal bytes on every node):
 * - `gov:count` — how many proposals the chain has (decimal);
 * - `gov:seq:<n>` — the id of proposal n (1-based), so proposals can be listed;
 * - `gov:proposal:<id>` — the proposal (id: the proposing transaction's hash);
 * - `gov:ballot:<id>:<voter>` — a voter's choice and the stake it carried;
 * - `gov:due:<height>` — the ids whose voting ends at that block (tallied when it is sealed);
 * - `gov:lock:<voter>` — the last block of the open proposals the voter voted on: its stake
 *   cannot be taken back before then, so a stake counts once per proposal.
 */
import { z } from "zod";
import { AER_PER_AERGO, toAmountJSON } from "../amount.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { BallotJSON, ProposalJSON } from "../types.ts";
import { GOVERNED_PARAM_NAMES, isGovernedParam, paramValueProblem, type GovernedParam } from "./params.ts";

/** Voted stake (yes + no) a proposal needs to count: 100 AERGO, reachable on a dev network from one faucet drip. */
export const PROPOSAL_QUORUM = 100n * AER_PER_AERGO;
export const PROPOSAL_DESCRIPTION_MAX = 280;

type GetEntry = (id: string) => Uint8Array | null;
type SetEntry = (id: string, value: Uint8Array | null) => void;

export const proposalEntryId = (id: string) => `gov:proposal:${id}`;
export const ballotEntryId = (id: string, voter: string) => `gov:ballot:${id}:${voter}`;
export const dueEntryId = (height: number) => `gov:due:${height}`;
export const lockEntryId = (voter: string) => `gov:lock:${voter}`;
const COUNT_ENTRY = "gov:count";
const seqEntryId = (n: number) => `gov:seq:${n}`;

/** A proposal as the state holds it (amounts as bigint). */
export type ProposalRecord = {
  readonly id: string;
  readonly number: number;
  readonly proposer: string;
  readonly param: GovernedParam;
  readonly value: bigint;
  readonly description: string;
  readonly createdAt: number;
  readonly endHeight: number;
  readonly yes: bigint;
  readonly no: bigint;
  readonly voters: number;
  readonly status: ProposalJSON["status"];
  readonly reason: ProposalJSON["reason"];
  readonly closedAt: number | null;
};

export type Ballot = { readonly choice: "yes" | "no"; readonly weight: bigint };

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (s: string) => new TextEncoder().encode(s);

const ZStoredProposal = z.object({
  number: z.number().int().positive(),
  proposer: z.string(),
  param: z.enum(GOVERNED_PARAM_NAMES as [GovernedParam, ...GovernedParam[]]),
  value: z.string().regex(/^\d+$/),
  description: z.string(),
  createdAt: z.number().int(),
  endHeight: z.number().int(),
  yes: z.string().regex(/^\d+$/),
  no: z.string().regex(/^\d+$/),
  voters: z.number().int().nonnegative(),
  status: z.enum(["open", "enacted", "rejected"]),
  reason: z.enum(["NO_QUORUM", "MAJORITY_AGAINST"]).nullable(),
  closedAt: z.number().int().nullable(),
});

export function encodeProposal(r: ProposalRecord): Uint8Array {
  // The key order is fixed here: the bytes (and so the state root) depend only on the values.
  const stored: z.infer<typeof ZStoredProposal> = {
    number: r.number,
    proposer: r.proposer,
    param: r.param,
    value: r.value.toString(),
    description: r.description,
    createdAt: r.createdAt,
    endHeight: r.endHeight,
    yes: r.yes.toString(),
    no: r.no.toString(),
    voters: r.voters,
    status: r.status,
    reason: r.reason,
    closedAt: r.closedAt,
  };
  return utf8(JSON.stringify(stored));
}

export function decodeProposal(id: string, bytes: Uint8Array): ProposalRecord {
  const s = ZStoredProposal.parse(JSON.parse(text(bytes)));
  return { id, ...s, value: BigInt(s.value), yes: BigInt(s.yes), no: BigInt(s.no) };
}

export const encodeBallot = (b: Ballot): Uint8Array => utf8(JSON.stringify({ choice: b.choice, weight: b.weight.toString() }));

export function decodeBallot(bytes: Uint8Array): Ballot {
  const b = z.object({ choice: z.enum(["yes", "no"]), weight: z.string().regex(/^\d+$/) }).parse(JSON.parse(text(bytes)));
  return { choice: b.choice, weight: BigInt(b.weight) };
}

export function readProposal(getEntry: GetEntry, id: string): ProposalRecord | null {
  const bytes = getEntry(proposalEntryId(id));
  return bytes ? decodeProposal(id, bytes) : null;
}

export function readBallot(getEntry: GetEntry, id: string, voter: string): Ballot | null {
  const bytes = getEntry(ballotEntryId(id, voter));
  return bytes ? decodeBallot(bytes) : null;
}

export const readProposalCount = (getEntry: GetEntry): number => {
  const bytes = getEntry(COUNT_ENTRY);
  return bytes ? Number(text(bytes)) : 0;
};

/** The id of proposal `n` (1-based), or null past the count. */
export function proposalIdAt(getEntry: GetEntry, n: number): string | null {
  const bytes = getEntry(seqEntryId(n));
  return bytes ? text(bytes) : null;
}

/** The last block before which the voter's stake is locked (0: none). */
export function readStakeLock(getEntry: GetEntry, voter: string): number {
  const bytes = getEntry(lockEntryId(voter));
  return bytes ? Number(text(bytes)) : 0;
}

export const readDue = (getEntry: GetEntry, height: number): string[] => {
  const bytes = getEntry(dueEntryId(height));
  return bytes ? (JSON.parse(text(bytes)) as string[]) : [];
};

/** Records a new proposal: its number, record and the block it is tallied at. */
export function recordNewProposal(getEntry: GetEntry, setEntry: SetEntry, r: Omit<ProposalRecord, "number">): ProposalRecord {
  const number = readProposalCount(getEntry) + 1;
  const record = { ...r, number };
  setEntry(COUNT_ENTRY, utf8(String(number)));
  setEntry(seqEntryId(number), utf8(r.id));
  setEntry(proposalEntryId(r.id), encodeProposal(record));
  setEntry(dueEntryId(r.endHeight), utf8(JSON.stringify([...readDue(getEntry, r.endHeight), r.id])));
  return record;
}

/** A voter's ballot, replacing its earlier one on the same proposal in the tally. */
export function recordBallot(getEntry: GetEntry, setEntry: SetEntry, p: ProposalRecord, voter: string, ballot: Ballot): ProposalRecord {
  const before = readBallot(getEntry, p.id, voter);
  let { yes, no, voters } = p;
  if (before) {
    if (before.choice === "yes") yes -= before.weight;
    else no -= before.weight;
  } else voters += 1;
  if (ballot.choice === "yes") yes += ballot.weight;
  else no += ballot.weight;
  const next = { ...p, yes, no, voters };
  setEntry(proposalEntryId(p.id), encodeProposal(next));
  setEntry(ballotEntryId(p.id, voter), encodeBallot(ballot));
  setEntry(lockEntryId(voter), utf8(String(Math.max(readStakeLock(getEntry, voter), p.endHeight))));
  return next;
}

/** The outcome of a proposal's tally: enacted with quorum and more yes than no, else rejected and why. */
export function tallyOutcome(p: Pick<ProposalRecord, "yes" | "no">): { status: "enacted" | "rejected"; reason: ProposalRecord["reason"] } {
  if (p.yes + p.no < PROPOSAL_QUORUM) return { status: "rejected", reason: "NO_QUORUM" };
  if (p.yes <= p.no) return { status: "rejected", reason: "MAJORITY_AGAINST" };
  return { status: "enacted", reason: null };
}

export function proposalToJSON(r: ProposalRecord, at: { height: number; pending: boolean }): ProposalJSON {
  return {
    id: r.id,
    number: r.number,
    proposer: r.proposer,
    param: r.param,
    value: r.value.toString(),
    description: r.description,
    createdAt: r.createdAt,
    endHeight: r.endHeight,
    yes: toAmountJSON(r.yes),
    no: toAmountJSON(r.no),
    voters: r.voters,
    quorum: toAmountJSON(PROPOSAL_QUORUM),
    status: r.status,
    reason: r.reason,
    closedAt: r.closedAt,
    height: at.height,
    pending: at.pending,
  };
}

export const ballotToJSON = (id: string, voter: string, b: Ballot): BallotJSON => ({ proposal: id, voter, choice: b.choice, weight: toAmountJSON(b.weight) });

const ZDecimal = z.string().regex(/^\d{1,40}$/, "a decimal integer (no sign, no point)");

/**
 * A govern transaction's payload (JSON): `propose` a new value for a governed parameter, or
 * `vote` yes or no on an open proposal by its id.
 */
export const ZGovernPayload = z.discriminatedUnion("op", [
  z.object({ op: z.literal("propose"), param: z.string().max(40), value: ZDecimal, description: z.string().max(PROPOSAL_DESCRIPTION_MAX).default("") }).strict(),
  z.object({ op: z.literal("vote"), proposal: z.string().min(1).max(100), choice: z.enum(["yes", "no"]) }).strict(),
]);
export type GovernPayload = z.infer<typeof ZGovernPayload>;
export type ProposeOp = { readonly op: "propose"; readonly param: GovernedParam; readonly value: bigint; readonly description: string };
export type VoteOp = { readonly op: "vote"; readonly proposal: string; readonly choice: "yes" | "no" };

/**
 * Reads a govern payload, checking the parameter and its range.
 * @throws ChainError INVALID_PAYLOAD for anything but the two shapes, an unknown parameter or a value out of range.
 */
export function parseGovernPayload(payload: Uint8Array): ProposeOp | VoteOp {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    throw new ChainError(ErrorCode.InvalidPayload, 'A govern transaction\'s payload must be JSON: {"op":"propose","param":…,"value":…} or {"op":"vote","proposal":…,"choice":"yes"|"no"}.');
  }
  const parsed = ZGovernPayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChainError(ErrorCode.InvalidPayload, `The govern payload is invalid${issue ? ` at ${issue.path.join(".") || "the top"}: ${issue.message}` : ""}.`);
  }
  const op = parsed.data;
  if (op.op === "vote") return op;
  if (!isGovernedParam(op.param)) {
    throw new ChainError(ErrorCode.InvalidPayload, `"${op.param.slice(0, 40)}" is not a governed parameter (${GOVERNED_PARAM_NAMES.join(", ")}).`, { params: GOVERNED_PARAM_NAMES });
  }
  const value = BigInt(op.value);
  const problem = paramValueProblem(op.param, value);
  if (problem) throw new ChainError(ErrorCode.InvalidPayload, problem, { param: op.param });
  return { op: "propose", param: op.param, value, description: op.description };
}
