/**
 * The engine's public JSON shapes: what the API returns, what the index stores, what the CLI
 * prints. Shared by chain/, server/, db/, cli/ and components/ so that nobody re-declares them.
 * Amounts travel as decimal strings: `aer` (integer, 1 AERGO = 10^18 aer) beside `aergo`
 * ("12.5"), because JSON numbers cannot hold 500,000,000 × 10^18.
 */

export type AmountJSON = { readonly aer: string; readonly aergo: string };

export const TxType = {
  transfer: 1,
  deploy: 2,
  call: 3,
  redeploy: 4,
  stake: 5,
  unstake: 6,
  vote: 7,
  name: 8,
  market: 9,
  /** Chain-parameter proposals and their votes (chain/exec/governTx.ts). Code 9 is the marketplace's. */
  govern: 10,
} as const;
export type TxTypeName = keyof typeof TxType;

export type TxJSON = {
  readonly hash: string; // base58, Aergo's form
  readonly type: TxTypeName;
  readonly chainIdHash: string; // base58
  readonly nonce: number;
  readonly from: string; // address
  readonly to: string | null;
  readonly amount: AmountJSON;
  readonly gasLimit: number;
  readonly gasPrice: AmountJSON;
  readonly payload: string; // base64
  readonly signature: string; // hex, 64-byte compact
  readonly size: number; // encoded bytes
};

export type EventJSON = {
  readonly index: number; // position within the receipt
  readonly contract: string | null; // address of the emitting contract; null for system events
  readonly name: string;
  /** The event's arguments by parameter name (big integers as decimal strings, blobs as 0x-hex). */
  readonly args: Readonly<Record<string, unknown>>;
};

export type ReceiptJSON = {
  readonly txHash: string;
  readonly status: "success" | "error";
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly gasUsed: number;
  readonly fee: AmountJSON;
  readonly blockHeight: number | null; // null until sealed
  readonly blockHash: string | null;
  readonly txIndex: number; // position in its block (or in the pending block)
  readonly returnValue: unknown;
  readonly events: readonly EventJSON[];
  readonly contractAddress: string | null;
};

export type ConsensusDataJSON = {
  readonly kind: "dpos" | "poa";
  readonly slot: number;
  readonly epoch: number;
};

export type BlockHeaderJSON = {
  readonly hash: string;
  readonly chainIdHash: string;
  readonly branch: string;
  readonly height: number;
  readonly prevHash: string;
  readonly timestamp: number; // ms since epoch
  readonly producer: string;
  readonly txRoot: string;
  readonly receiptsRoot: string;
  readonly stateRoot: string;
  readonly consensus: ConsensusDataJSON;
  readonly txCount: number;
  readonly signature: string; // hex
};

export type BlockJSON = BlockHeaderJSON & {
  readonly txs: readonly TxJSON[];
  readonly gasUsed: number;
  readonly fees: AmountJSON;
};

export type AccountJSON = {
  readonly address: string;
  readonly balance: AmountJSON;
  readonly nonce: number;
  readonly staked: AmountJSON;
  readonly votes: readonly string[];
  readonly height: number; // the block whose state this is
  /** True when this is the latest state, including answered transactions not yet sealed. */
  readonly pending: boolean;
};

export type ProducerJSON = {
  readonly address: string;
  readonly label: string | null;
  readonly votes: AmountJSON;
  readonly online: boolean;
  readonly producedBlocks: number;
  readonly missedSlots: number;
};

export type ChainInfoJSON = {
  readonly chainId: string; // e.g. "aergo/main"
  readonly chainIdHash: string;
  readonly consensus: "dpos" | "poa";
  /** The branch the head, height and pending count below are of (`main` unless asked). */
  readonly branch: string;
  readonly height: number;
  readonly headHash: string;
  readonly lastIrreversible: number;
  readonly blockIntervalMs: number;
  readonly epoch: number;
  readonly epochLength: number;
  readonly producers: readonly ProducerJSON[]; // the elected set, in slot order
  readonly candidates: readonly ProducerJSON[]; // everyone with votes, by votes
  readonly totalSupply: AmountJSON;
  readonly minGasPrice: AmountJSON;
  readonly pendingTxs: number;
  readonly devNetwork: boolean;
};

export type AccountProofJSON = {
  readonly account: AccountJSON;
  readonly header: BlockHeaderJSON;
  readonly key: string; // hex of the 32-byte state key
  readonly valueHash: string | null; // hex; null proves absence
  readonly value: string | null; // hex of the encoded account
  readonly proof: unknown; // see chain/state/smt.ts proofToJSON
};

/** A registered name (chain/names/names.ts): who owns it and what it resolves to. */
export type NameJSON = {
  readonly name: string;
  /** Who may transfer it (an update transaction). */
  readonly owner: string;
  /** The address the name resolves to. */
  readonly destination: string;
  /** The block that last registered or transferred it. */
  readonly registeredAt: number;
  /** The block whose state this is. */
  readonly height: number;
  /** True when this is the latest state, including answered transactions not yet sealed. */
  readonly pending: boolean;
};

export type NamePriceJSON = { readonly price: AmountJSON; readonly nameAccount: string; readonly height: number };

/** A name (or its absence) proved against a sealed block's state root, like AccountProofJSON. */
export type NameProofJSON = {
  readonly name: NameJSON | null;
  readonly header: BlockHeaderJSON;
  readonly key: string;
  readonly valueHash: string | null;
  readonly value: string | null;
  readonly proof: unknown;
};

/** A chain-parameter proposal voted by stake (chain/governance/proposals.ts, docs/governance.md). */
export type ProposalJSON = {
  /** The proposing transaction's hash: stable across merges and replays. */
  readonly id: string;
  /** 1 for the chain's first proposal, and so on (the order proposals were included in). */
  readonly number: number;
  readonly proposer: string;
  readonly param: "namePrice" | "hubFeeBps";
  /** The proposed value: decimal aer for namePrice, basis points for hubFeeBps. */
  readonly value: string;
  readonly description: string;
  readonly createdAt: number;
  /** The last block whose votes count; the proposal is tallied (and enacted) when that block is sealed. */
  readonly endHeight: number;
  readonly yes: AmountJSON;
  readonly no: AmountJSON;
  readonly voters: number;
  /** Voted stake (yes + no) needed for the proposal to count. */
  readonly quorum: AmountJSON;
  readonly status: "open" | "enacted" | "rejected";
  /** Why a rejected proposal failed: too little stake voted, or not more yes than no. */
  readonly reason: "NO_QUORUM" | "MAJORITY_AGAINST" | null;
  readonly closedAt: number | null;
  /** The block whose state this is. */
  readonly height: number;
  readonly pending: boolean;
};

/** One voter's ballot on a proposal: its choice and the stake it carried when cast. */
export type BallotJSON = { readonly proposal: string; readonly voter: string; readonly choice: "yes" | "no"; readonly weight: AmountJSON };

/** The governed chain parameters in force at a block. */
export type GovernanceParamsJSON = { readonly namePrice: AmountJSON; readonly hubFeeBps: number; readonly height: number; readonly pending: boolean };

/** A page of proposals, newest first. */
export type ProposalPageJSON = { readonly proposals: readonly ProposalJSON[]; readonly total: number; readonly height: number; readonly pending: boolean };

/** What a voter holds in governance at a block: its stake, producer votes, and when its stake is free to unstake. */
export type StakingJSON = {
  readonly address: string;
  readonly staked: AmountJSON;
  readonly votes: readonly string[];
  /** The last block of a proposal this stake voted on; unstaking waits until after it (0: free). */
  readonly lockedUntil: number;
  readonly height: number;
  readonly pending: boolean;
};

/**
 * How the producer set changed at one epoch: who the election brought in and took out, and the
 * blocks of the epoch produced by a candidate standing in for an elected producer (score-based
 * replacement after missed slots).
 */
export type ProducerChangeJSON = {
  readonly epoch: number;
  readonly startHeight: number;
  readonly elected: readonly string[];
  readonly joined: readonly string[];
  readonly left: readonly string[];
  readonly standIns: readonly { readonly producer: string; readonly firstHeight: number; readonly blocks: number }[];
};
