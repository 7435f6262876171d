/**
 * A parent state to execute blocks on, without a node: funded accounts and deployed contracts
 * committed in an in-memory store, and for each run a fresh contract runtime restored at that
 * state over its own scratch layer, so a block can be executed twice (sequentially and in
 * parallel) from the same parent and the two runs compared byte for byte.
 */
import { AER_PER_AERGO } from "../amount.ts";
import type { BlockHeader } from "../block/header.ts";
import { devKeyPair, type KeyPair } from "../crypto/keys.ts";
import type { ContractCode } from "../exec/contractHistory.ts";
import { callPayloadBytes, deployPayloadBytes } from "../exec/contractPayload.ts";
import { createContractRuntime, type ContractRuntime } from "../exec/contracts.ts";
import { toHex } from "../crypto/hash.ts";
import { executeBlock } from "../node/pendingBlock.ts";
import { createSqlEngine, SqlEngine } from "../sql/index.ts";
import type { Account } from "../state/account.ts";
import { createMemoryNodeStore, type NodeStore } from "../state/nodeStore.ts";
import { EMPTY_ROOT } from "../state/smt.ts";
import { createWorldState } from "../state/worldState.ts";
import { buildTx, contractGasLimit } from "../tx/buildTx.ts";
import type { SignedTx } from "../tx/tx.ts";
import type { TxTypeName } from "../types.ts";

const CHAIN_ID_HASH = new Uint8Array(32).fill(7);
const GAS_PRICE = 1n;

/** A block header with only what the executor reads of a parent (height, time, hash). */
const parentHeader = (height: number, timestamp: number) => ({ height, timestamp, hash: new Uint8Array(32).fill(height) }) as unknown as BlockHeader;

export type ExecutionBed = Awaited<ReturnType<typeof createExecutionBed>>;

/**
 * `users` accounts funded with 1,000,000 AERGO each; `contracts` deployed (source and
 * constructor args) by a deployer, and `setup` calls run in a block of their own.
 */
export async function createExecutionBed(opts: { users: number; contracts: ReadonlyArray<{ source: string; args: unknown[] }>; setup?: (bed: { users: readonly KeyPair[]; deployer: KeyPair; contracts: readonly string[]; call: SignTx["call"] }) => SignedTx[] }) {
  const { sqlite } = await createSqlEngine();
  const store = createMemoryNodeStore();
  const world = createWorldState(store);
  const users = Array.from({ length: opts.users }, (_, i) => devKeyPair(`bed:user:${i}`));
  const deployer = devKeyPair("bed:deployer");
  const nonces = new Map<string, number>();
  const signer = createSigner(nonces);

  const funded = new Map<string, Account>([deployer, ...users].map((k) => [k.address, { balance: 1_000_000n * AER_PER_AERGO, nonce: 0, staked: 0n, votes: [] }]));
  let root = world.commitAccounts(EMPTY_ROOT, funded);
  let height = 0;
  let contracts: string[] = [];
  const codeByHash = new Map<string, ContractCode>();

  /** A runtime holding every contract at the current parent state, writing to `nodes`. */
  function runtimeAt(nodes: NodeStore): ContractRuntime {
    const runtime = createContractRuntime({ engine: new SqlEngine(sqlite), store: nodes, codeOf: (hash) => codeByHash.get(toHex(hash)) ?? null });
    runtime.restore(contracts, (a) => world.readAccount(root, a));
    return runtime;
  }

  /** Everything `executeBlock` needs to run a block on the current parent, its writes kept in `nodes`. */
  function envAt(nodes: NodeStore, runtime: ContractRuntime) {
    const at = createWorldState(nodes);
    const parent = root;
    return {
      readParent: (a: string) => at.readAccount(parent, a),
      readParentEntry: (id: string) => at.readEntry(parent, id),
      runtime,
      context: { chainIdHash: CHAIN_ID_HASH, minGasPrice: GAS_PRICE, maxVotes: 3, branch: "main" },
      commitAccounts: (changed: ReadonlyMap<string, Account>, entries: ReadonlyMap<string, Uint8Array | null>) => at.commitAccounts(parent, changed, entries),
    };
  }

  /** The block the next transactions form on the current parent. */
  const blockOf = (txs: readonly SignedTx[]) => ({ parent: parentHeader(height, 1_000_000 + height * 1000), timestamp: 1_000_000 + (height + 1) * 1000, producer: deployer.address, txs });

  /** Executes and commits a block sequentially: it becomes the parent of the next. */
  function commit(txs: readonly SignedTx[]) {
    const runtime = runtimeAt(store);
    try {
      const { pending, settled } = executeBlock(blockOf(txs), envAt(store, runtime));
      const failed = pending.receipts.find((r) => r.status !== "success");
      if (failed) throw new Error(`a setup transaction failed: ${JSON.stringify(failed.error)}`);
      for (const address of settled.deployed) {
        const code = runtime.code(address)!;
        codeByHash.set(toHex(world.readAccount(settled.stateRoot, address).contract!.codeHash), code);
      }
      contracts = [...contracts, ...settled.deployed];
      root = settled.stateRoot;
      height++;
      return pending.receipts;
    } finally {
      runtime.engine.close();
    }
  }

  const deployed = commit(opts.contracts.map((c) => signer.deploy(deployer, c.source, c.args)));
  const addresses = deployed.map((r) => r.contractAddress!);
  if (opts.setup) commit(opts.setup({ users, deployer, contracts: addresses, call: signer.call }));

  return {
    sqlite,
    store,
    users,
    deployer,
    /** The deployed contracts' addresses, in the order given. */
    contracts: addresses,
    /** Signs transactions with the next nonce of each sender (as of the blocks built so far). */
    sign: signer,
    /** Forgets nonces handed out since the parent (to build another block on the same parent). */
    resetNonces() {
      nonces.clear();
      for (const k of [deployer, ...users]) nonces.set(k.address, world.readAccount(root, k.address).nonce);
    },
    runtimeAt,
    envAt,
    blockOf,
    commit,
  };
}

type SignTx = ReturnType<typeof createSigner>;

function createSigner(nonces: Map<string, number>) {
  const next = (key: KeyPair) => {
    const n = (nonces.get(key.address) ?? 0) + 1;
    nonces.set(key.address, n);
    return n;
  };
  const sign = (key: KeyPair, type: TxTypeName, fields: { to?: string; amount?: bigint; payload?: Uint8Array; gasLimit?: number }) =>
    buildTx({ type, key, chainIdHash: CHAIN_ID_HASH, nonce: next(key), gasPrice: GAS_PRICE, ...fields });
  return {
    transfer: (key: KeyPair, to: string, amount: bigint) => sign(key, "transfer", { to, amount }),
    call: (key: KeyPair, contract: string, procedure: string, args: unknown[], amount = 0n) => {
      const payload = callPayloadBytes(procedure, args);
      return sign(key, "call", { to: contract, amount, payload, gasLimit: contractGasLimit(payload.length) });
    },
    deploy: (key: KeyPair, source: string, args: unknown[]) => {
      const payload = deployPayloadBytes(source, args);
      return sign(key, "deploy", { payload, gasLimit: contractGasLimit(payload.length) });
    },
    stake: (key: KeyPair, amount: bigint) => sign(key, "stake", { amount }),
  };
}
