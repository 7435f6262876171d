/**
 * Thread entry of the execution worker (executionWorker.ts): one SQL engine per job over the
 * databases the node sends, the node's balances and other contracts asked for synchronously.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { isContractAddress } from "../crypto/address.ts";
import { useNodeCrypto } from "../crypto/nodeCrypto.ts";
import { checkUpgradeWith, createSqlEngine, SqlEngine, type ComputedCall, type ContractArtifact, type QueryResult } from "../sql/index.ts";
import { nativeHost, viewHost, type NativeLedger } from "./contractTx.ts";
import { lowerThreadPriority, nameThread } from "../node/threadCpu.ts";
import { HOST_ANSWER_TIMEOUT_MS, type CallJob, type CompileAnswer, type CompileJob, type HostQuestion, type ViewJob } from "./executionWorker.ts";

// As the hub's main thread does (server/main.ts): native hashing and signing, same bytes, faster.
useNodeCrypto();
// A long call here must not take the cores from the main thread answering everyone else.
lowerThreadPriority(10);
nameThread("aergo-exec");
const { answers, flag } = workerData as { answers: MessagePort; flag: Int32Array };
const { sqlite } = await createSqlEngine();
const port = parentPort!;

/** Asks the node and sleeps until it answers. */
function ask(id: number, question: HostQuestion): unknown {
  Atomics.store(flag, 0, 0);
  port.postMessage({ id, ask: question });
  if (Atomics.wait(flag, 0, 0, HOST_ANSWER_TIMEOUT_MS) === "timed-out") throw new Error("the node did not answer the execution worker");
  const got = receiveMessageOnPort(answers)?.message as { value?: unknown; error?: string } | undefined;
  if (!got) throw new Error("the node's answer was lost");
  if (got.error !== undefined) throw new Error(got.error);
  return got.value;
}

function run(id: number, job: CallJob): ComputedCall {
  const engine = new SqlEngine(sqlite, { limits: job.limits });
  // A question the node could not answer is this thread's failure, not the contract's: the
  // engine would report it as the call's error, so the job is given up instead (the node runs
  // the call itself).
  let broken: unknown = null;
  const asked = (question: HostQuestion): unknown => {
    try {
      return ask(id, question);
    } catch (e) {
      broken ??= e;
      throw e;
    }
  };
  try {
    if (!job.deploy) engine.restore(job.contract, job.database, job.artifact);
    const sender = job.context.sender;
    const balances = new Map<string, bigint>();
    const ledger: NativeLedger = {
      balanceOf(address) {
        let b = balances.get(address);
        if (b === undefined) {
          b = (asked({ balance: address }) as bigint) + (address === sender ? -job.amount : 0n) + (address === job.contract ? job.amount : 0n);
          balances.set(address, b);
        }
        return b;
      },
      setBalance: (address, aer) => void balances.set(address, aer),
    };
    engine.setHost({
      ...nativeHost(() => ledger, engine),
      // As the node resolves a CALL's target (contract addresses it holds), opening it here on first use.
      resolveContract(nameOrAddress) {
        if (!isContractAddress(nameOrAddress)) return null;
        if (engine.has(nameOrAddress)) return nameOrAddress;
        const other = asked({ contract: nameOrAddress }) as { database: Uint8Array; artifact: ContractArtifact } | null;
        if (!other) return null;
        try {
          engine.restore(nameOrAddress, other.database, other.artifact);
        } catch (e) {
          broken ??= e;
          throw e;
        }
        return nameOrAddress;
      },
    });
    const r = job.deploy
      ? engine.deploy(job.artifact, { ...job.context, contract: job.contract }, job.args)
      : job.upgradeTo
        ? engine.redeploy(job.contract, job.upgradeTo, job.context)
        : engine.call(job.contract, job.procedure, job.args, job.context);
    if (broken) throw broken;
    // A redeploy's tables may have changed shape: the upgraded database itself goes back.
    const image = job.upgradeTo && r.status === "success" ? { image: engine.snapshot(job.contract) } : {};
    return { status: r.status, ...(r.error ? { error: r.error } : {}), returnValue: r.returnValue, events: r.events, transfers: r.transfers, gasUsed: r.gasUsed, rowsWritten: r.rowsWritten, changesets: r.changesets, ...image };
  } finally {
    engine.close();
  }
}

/** A view on its own database; BALANCE() asks the node. */
function query(id: number, job: ViewJob): QueryResult {
  const engine = new SqlEngine(sqlite, { limits: job.limits });
  try {
    engine.restore(job.contract, job.database, job.artifact);
    let broken: unknown = null;
    engine.setHost(
      viewHost((address) => {
        try {
          return ask(id, { balance: address }) as bigint;
        } catch (e) {
          broken ??= e;
          throw e;
        }
      }),
    );
    const r = engine.query(job.contract, job.view, job.args, job.context);
    if (broken) throw broken;
    return r;
  } finally {
    engine.close();
  }
}

/** A source compiled as the node's engine would (same limits), and a redeploy's upgrade check from the deployed source. */
function compile(job: CompileJob): CompileAnswer {
  const engine = new SqlEngine(sqlite, { limits: job.limits });
  const compiled = engine.compile(job.source);
  if (job.upgradeFrom === undefined || !compiled.ok) return { compiled, upgrade: null };
  const from = engine.compile(job.upgradeFrom);
  return { compiled, upgrade: from.ok ? checkUpgradeWith(sqlite, from.artifact, compiled.artifact) : null };
}

port.on("message", ({ id, kind, job }: { id: number; kind: "call" | "view" | "compile"; job: CallJob | ViewJob | CompileJob }) => {
  try {
    port.postMessage({ id, result: kind === "view" ? query(id, job as ViewJob) : kind === "compile" ? compile(job as CompileJob) : run(id, job as CallJob) });
  } catch (e) {
    port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
