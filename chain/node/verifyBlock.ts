/**
 * Re-execution of a sealed block from its parent's state (the block executor,
 * chain/node/pendingBlock.ts `executeBlock`): anyone holding the chain can check that a block's
 * transactions give its receipts and roots. The run writes its state nodes to a scratch layer
 * over the chain's store, so checking a block leaves the chain's store as it was.
 */
import type { Block } from "../block/block.ts";
import { encodeHash } from "../crypto/hash.ts";
import { createScratchLayer, type NodeStore } from "../state/nodeStore.ts";
import { createWorldState, type WorldState } from "../state/worldState.ts";
import type { ContractCode } from "../exec/contractHistory.ts";
import { createContractRuntime } from "../exec/contracts.ts";
import type { ExecContext } from "../exec/applyTx.ts";
import { receiptHash } from "../exec/receipt.ts";
import { isChainError } from "../errors.ts";
import { SqlEngine } from "../sql/index.ts";
import { executeBlock } from "./pendingBlock.ts";
import type { Lane, Lanes } from "./lane.ts";
import type { BlockVerificationJSON, MergeRecordJSON } from "./types.ts";

export type BlockVerifierHost = {
  readonly lanes: Lanes;
  readonly nodes: NodeStore;
  readonly world: WorldState;
  readonly sqlite: SqlEngine["sqlite"];
  readonly codeOf: (codeHash: Uint8Array) => ContractCode | null;
  /** The context every transaction of the branch runs in, but for its block's height and time. */
  context(lane: Lane): Omit<ExecContext, "height" | "timestamp" | "contracts" | "timeBudgetMs">;
  /** The consistent merge whose rows this block took, if any (its rows are not transactions). */
  consistentMergeAt(block: Block): MergeRecordJSON | undefined;
};

export function createBlockVerifier(host: BlockVerifierHost) {
  const { lanes } = host;

  /** Re-executes the block at `height` of the branch and compares what it gives with what it says. */
  function verify(lane: Lane, height: number): BlockVerificationJSON {
    lanes.headerAt(lane, height); // NOT_FOUND past the head
    const block = lanes.loadBlock(lane, height)!;
    const h = block.header;
    const claimed = { stateRoot: encodeHash(h.stateRoot), txRoot: encodeHash(h.txRoot), receiptsRoot: encodeHash(h.receiptsRoot) };
    const base = { branch: lane.ref.name, height: h.height, hash: h.hashText, txs: block.txs.length, header: claimed };
    if (h.height === 0) return { ...base, status: "genesis", executed: null, reason: "The genesis block has no parent: its state is the genesis allocations (or the fork's origin block)." };
    const merge = host.consistentMergeAt(block);
    if (merge) {
      return { ...base, status: "merge", executed: null, reason: `This block took the rows of a consistent merge of ${merge.source} (digest ${merge.digest}), signed in the repository's directory chain: rows, not transactions, so they are not re-executed.` };
    }
    const parent = lanes.headerAt(lane, h.height - 1);
    // A scratch layer: the run's new nodes stay out of the chain's store.
    const nodes = createScratchLayer(host.nodes);
    const world = createWorldState(nodes);
    const readParent = (address: string) => world.readAccount(parent.stateRoot, address);
    const engine = new SqlEngine(host.sqlite);
    try {
      const runtime = createContractRuntime({ engine, store: nodes, codeOf: host.codeOf });
      runtime.restore(
        lane.contractList.filter((a) => host.world.readAccount(parent.stateRoot, a).contract),
        readParent,
      );
      let run;
      try {
        run = executeBlock(
          { parent, timestamp: h.timestamp, producer: h.producer, txs: block.txs },
          {
            readParent,
            readParentEntry: (id) => world.readEntry(parent.stateRoot, id),
            runtime,
            context: host.context(lane),
            commitAccounts: (changed, entries) => world.commitAccounts(parent.stateRoot, changed, entries),
          },
        );
      } catch (e) {
        return { ...base, status: "mismatch", executed: null, reason: `A transaction of this block cannot be included on its parent's state: ${isChainError(e) ? `${e.code}: ${e.message}` : String(e)}` };
      }
      const executed = { stateRoot: encodeHash(run.settled.stateRoot), txRoot: encodeHash(run.settled.txRoot), receiptsRoot: encodeHash(run.settled.receiptsRoot) };
      const same = executed.stateRoot === claimed.stateRoot && executed.txRoot === claimed.txRoot && executed.receiptsRoot === claimed.receiptsRoot;
      if (same) return { ...base, status: "verified", executed };
      const differs = run.pending.receipts.findIndex((r, i) => encodeHash(receiptHash(r)) !== encodeHash(receiptHash(block.receipts[i]!)));
      return {
        ...base,
        status: "mismatch",
        executed,
        reason: differs >= 0 ? `Transaction ${differs} (${block.txs[differs]!.hashText}) gives another receipt than the block holds.` : "The receipts agree but the roots differ.",
      };
    } finally {
      engine.close();
    }
  }

  return { verify };
}
