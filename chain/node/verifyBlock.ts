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
import { executeBlock, type BlockToExecute } from "./pendingBlock.ts";
import type { BlockExecutionEnv, ExecutionPath, ParallelExecutor } from "./executeBlockParallel.ts";
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

  /**
   * The block at `height` and what re-executing it needs (its parent's state in a scratch layer,
   * a runtime restored at the parent), or the verification itself when there is nothing to run.
   */
  function openRun(lane: Lane, height: number) {
    lanes.headerAt(lane, height); // NOT_FOUND past the head
    const block = lanes.loadBlock(lane, height)!;
    const h = block.header;
    const claimed = { stateRoot: encodeHash(h.stateRoot), txRoot: encodeHash(h.txRoot), receiptsRoot: encodeHash(h.receiptsRoot) };
    const base = { branch: lane.ref.name, height: h.height, hash: h.hashText, txs: block.txs.length, header: claimed };
    if (h.height === 0) return { done: { ...base, status: "genesis", executed: null, reason: "The genesis block has no parent: its state is the genesis allocations (or the fork's origin block)." } satisfies BlockVerificationJSON };
    const merge = host.consistentMergeAt(block);
    if (merge) {
      return { done: { ...base, status: "merge", executed: null, reason: `This block took the rows of a consistent merge of ${merge.source} (digest ${merge.digest}), signed in the repository's directory chain: rows, not transactions, so they are not re-executed.` } satisfies BlockVerificationJSON };
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
      const env: BlockExecutionEnv = {
        readParent,
        readParentEntry: (id) => world.readEntry(parent.stateRoot, id),
        runtime,
        context: host.context(lane),
        commitAccounts: (changed, entries) => world.commitAccounts(parent.stateRoot, changed, entries),
      };
      return { run: { block, base, claimed, env, toExecute: { parent, timestamp: h.timestamp, producer: h.producer, txs: block.txs } satisfies BlockToExecute, close: () => engine.close() } };
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  type OpenRun = NonNullable<ReturnType<typeof openRun>["run"]>;

  /** Compares what the execution gave with what the block says. */
  function judge(run: OpenRun, outcome: { result: ReturnType<typeof executeBlock> } | { error: unknown }): BlockVerificationJSON {
    const { base, claimed, block } = run;
    if ("error" in outcome) {
      const e = outcome.error;
      return { ...base, status: "mismatch", executed: null, reason: `A transaction of this block cannot be included on its parent's state: ${isChainError(e) ? `${e.code}: ${e.message}` : String(e)}` };
    }
    const { settled, pending } = outcome.result;
    const executed = { stateRoot: encodeHash(settled.stateRoot), txRoot: encodeHash(settled.txRoot), receiptsRoot: encodeHash(settled.receiptsRoot) };
    const same = executed.stateRoot === claimed.stateRoot && executed.txRoot === claimed.txRoot && executed.receiptsRoot === claimed.receiptsRoot;
    if (same) return { ...base, status: "verified", executed };
    const differs = pending.receipts.findIndex((r, i) => encodeHash(receiptHash(r)) !== encodeHash(receiptHash(block.receipts[i]!)));
    return {
      ...base,
      status: "mismatch",
      executed,
      reason: differs >= 0 ? `Transaction ${differs} (${block.txs[differs]!.hashText}) gives another receipt than the block holds.` : "The receipts agree but the roots differ.",
    };
  }

  /** Re-executes the block at `height` of the branch and compares what it gives with what it says. */
  function verify(lane: Lane, height: number): BlockVerificationJSON {
    const opened = openRun(lane, height);
    if (opened.done) return opened.done;
    const { run } = opened;
    try {
      let result;
      try {
        result = executeBlock(run.toExecute, run.env);
      } catch (error) {
        return judge(run, { error });
      }
      return judge(run, { result });
    } finally {
      run.close();
    }
  }

  /**
   * The same check with the parallel executor (executeBlockParallel.ts): independent groups of
   * the block's transactions run on its workers; a block it cannot split runs sequentially.
   * @returns the verification and how the block ran.
   */
  async function verifyParallel(lane: Lane, height: number, executor: ParallelExecutor): Promise<BlockVerificationJSON & { readonly path: ExecutionPath | null }> {
    const opened = openRun(lane, height);
    if (opened.done) return { ...opened.done, path: null };
    const { run } = opened;
    try {
      let result;
      try {
        result = await executor.execute(run.toExecute, run.env);
      } catch (error) {
        return { ...judge(run, { error }), path: null };
      }
      return { ...judge(run, { result }), path: result.path };
    } finally {
      run.close();
    }
  }

  return { verify, verifyParallel };
}
