import path from "node:path";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { decodeAddress } from "../../chain/crypto/address.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { createNode } from "../../chain/node/createNode.ts";
import { ROOT_REPO } from "../../chain/repo/names.ts";
import { createDevNetwork } from "../../chain/node/genesis.ts";
import { createLmdbStore, otherProcessesHoldingStore } from "../../chain/store/lmdbStore.ts";
import { createVerifyPool } from "../../chain/crypto/verifyPool.ts";
import { createExecutionWorker } from "../../chain/exec/executionWorker.ts";
import { compileContract, DEFAULT_LIMITS } from "../../chain/sql/index.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import { createIndexDb } from "../../db/client.ts";
import { createIndexer } from "../../db/indexer.ts";
import { createDirectory, type Directory } from "../../chain/repo/directory.ts";
import { marketAdmission } from "../market/admission.ts";
import { createLmdbDirectoryStorage } from "../../chain/store/lmdbDirectoryStorage.ts";
import { createPeopleStore } from "../auth/people.ts";
import { createSourceStore } from "../sources/store.ts";
import { loadTemplates } from "../sources/templates.ts";
import type { HubConfig } from "../config.ts";
import { loadOrCreateNodeKey } from "./nodeKeys.ts";
import { createRepositoryHost } from "./repositories.ts";
import { createFaucetDoor } from "./faucetDoor.ts";
import type { Hub } from "./types.ts";
import type { ReceiptJSON } from "../../chain/types.ts";

/** What the faucet gives when no amount is asked, and the most it gives at once. */
export const FAUCET_DEFAULT_AER = 1000n * AER_PER_AERGO;
export const FAUCET_MAX_AER = 100_000n * AER_PER_AERGO;
/** Each demo account starts with this much. */
const DEV_ACCOUNT_FUNDING = 10_000n * AER_PER_AERGO;

/**
 * Starts the engine on its durable store, opens the index and lets the indexer catch up.
 * @throws ChainError STORE_CORRUPT when DATA_DIR holds another chain.
 */
export async function createHub(config: HubConfig, log: (line: string) => void = console.log): Promise<Hub> {
  if (!config.devNetwork) {
    throw new ChainError(ErrorCode.BadRequest, "Only the dev network can run in this release (HUB_DEV_NETWORK=1).");
  }
  const devNetwork = createDevNetwork({ blockIntervalMs: config.blockIntervalMs });
  const chainDir = path.join(config.dataDir, "chain");
  // One data folder, one hub: a second would seal its own blocks into the same store.
  const holders = await otherProcessesHoldingStore(chainDir);
  if (holders.length) {
    throw new ChainError(ErrorCode.Unavailable, `Another hub (process ${holders.join(", ")}) is running on ${config.dataDir}; stop it or use another DATA_DIR.`);
  }
  const store = createLmdbStore(chainDir);
  // Signatures are verified on worker threads so the main thread keeps serving and executing.
  const verifier = createVerifyPool(undefined, { engine: config.signatureEngine });
  log(`signatures checked with ${verifier.engine}`);
  // A call that outlives its slice on the main thread runs on this worker: a runaway contract
  // does not hold up pages, reads and blocks (one pool for the hub, shared by its repositories).
  const executionWorker = createExecutionWorker({ threads: config.executionThreads });
  // The directory opens after the root node; the market's admission rule reads it per submission.
  const directoryHolder: { current?: Directory } = {};
  const node = await createNode({
    genesis: devNetwork.genesis,
    store,
    producerKeys: devNetwork.producerKeys,
    log,
    verify: verifier.verify,
    admissionTimeBudgetMs: config.callTimeBudgetMs,
    executionWorker,
    callSliceMs: config.callSliceMs,
    admit: marketAdmission(() => directoryHolder.current),
  });
  const index = await createIndexDb(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  const indexer = createIndexer({ index, chain: node, repo: ROOT_REPO });
  indexer.onError((e) => log(`indexer: ${e instanceof Error ? e.message : String(e)} (retrying)`));
  await indexer.start();
  // Caught up: from here the index writes and serves behind the node's answers (db/client.ts).
  index.yieldToNode();

  // People and the directory are the hub's own records (not derived like the index): LMDB, synced.
  const people = createPeopleStore(path.join(config.dataDir, "people"));
  const sources = createSourceStore(path.join(config.dataDir, "sources"), { templates: loadTemplates() });
  const directoryStorage = createLmdbDirectoryStorage(path.join(config.dataDir, "directory"));
  const directory = (directoryHolder.current = createDirectory({ storage: directoryStorage, sealKey: loadOrCreateNodeKey(config.dataDir, "directory") }));
  const repos = await createRepositoryHost({
    dataDir: config.dataDir,
    index,
    directory,
    rootNode: node,
    rootIndexer: indexer,
    producerKeys: devNetwork.producerKeys,
    blockIntervalMs: config.blockIntervalMs,
    admissionTimeBudgetMs: config.callTimeBudgetMs,
    executionWorker,
    callSliceMs: config.callSliceMs,
    verify: verifier.verify,
    log,
  });

  // Faucet transfers are signed one after another: each needs the nonce after the previous one,
  // which only exists once that one is executed (signature checks run on worker threads).
  let faucetQueue: Promise<unknown> = Promise.resolve();
  function faucet(address: string, amountAer = FAUCET_DEFAULT_AER): Promise<ReceiptJSON> {
    decodeAddress(address);
    if (amountAer <= 0n || amountAer > FAUCET_MAX_AER) {
      throw new ChainError(ErrorCode.InvalidAmount, `The faucet gives between 1 aer and ${FAUCET_MAX_AER / AER_PER_AERGO} AERGO at a time.`);
    }
    const key = devNetwork.faucetKey;
    const send = () => {
      const tx = buildTx({
        type: "transfer",
        key,
        chainIdHash: node.chainIdHash,
        nonce: node.getAccount(key.address).nonce + 1,
        to: address,
        amount: amountAer,
        gasPrice: devNetwork.genesis.minGasPrice,
      });
      return node.submitTx(tx.bytes);
    };
    const result = faucetQueue.then(send, send);
    faucetQueue = result.catch(() => undefined);
    return result;
  }

  // Demo accounts get their AERGO by real transfers, visible in the explorer's first blocks.
  for (const acct of devNetwork.devAccounts) {
    if (node.getAccount(acct.address).balance.aer === "0") await faucet(acct.address, DEV_ACCOUNT_FUNDING);
  }

  return {
    config,
    node,
    index,
    indexer,
    repos,
    people,
    sources,
    devNetwork,
    faucet,
    faucetDoor: createFaucetDoor({ devNetwork, faucet }),
    async compile(source) {
      try {
        return await executionWorker.compile({ source, limits: DEFAULT_LIMITS });
      } catch (e) {
        log(`compile: the execution worker failed, compiling here: ${e instanceof Error ? e.message : String(e)}`);
        return compileContract(source);
      }
    },
    async close() {
      await repos.close();
      await directoryStorage.close();
      await people.close();
      await sources.close();
      await indexer.stop();
      await node.close();
      await verifier.close();
      await executionWorker.close();
      await index.close();
    },
  };
}
