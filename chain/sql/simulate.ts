/**
 * Runs a deploy or a call the way the chain would, on an engine of its own (the editor's Web
 * Worker), before anything is signed: same payload bytes, same gas budget, same call context,
 * same native-AERGO host and the same receipt fields (chain/exec/contractTx.ts is the one code
 * path both use), so `gasUsed` is what the receipt will say. Framework-free and browser-safe.
 *
 * What the simulator cannot know, and how it stands in:
 * - the sender's balance: a generous one (the whole supply), so a simulation never fails for
 *   lack of funds the wallet would have refused anyway; other accounts hold 0 unless TRANSFER
 *   credited them, and other contracts are not there (a CALL to one fails);
 * - TX_HASH(): a hash-shaped stand-in derived from the payload (the real one needs the signature);
 * - "fresh": the nonce of the deploy (the contract's address depends on it): `target.nonce`,
 *   default 1; with a call, `amountAer` goes with the call and the deploy carries none, and the
 *   call's transaction has the next nonce.
 * A view runs as the node answers one as of a sealed block (node.queryContract with a height):
 * `block.height` is what BLOCK_HEIGHT() returns (pass the head's height to match the Read tab of
 * a sealed block), BLOCK_TIME() is 0, nothing changes, and gasUsed is the view's own gas.
 * A transaction the chain would refuse outright (amount not in whole gaer, a source that does not
 * compile) gives status "error" with the chain's code and message and gasUsed 0: it would not be
 * included, so it would pay nothing.
 */
import { contractAddressOf, decodeAddress, isAddress } from "../crypto/address.ts";
import { encodeHash, sha256, toHex } from "../crypto/hash.ts";
import { AER_PER_AERGO } from "../amount.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { intrinsicGas } from "../tx/tx.ts";
import { contractGasLimit } from "../tx/buildTx.ts";
import { callPayloadBytes, deployPayloadBytes } from "../exec/contractPayload.ts";
import {
  checkContractAmount,
  compileForChain,
  contractReceiptFields,
  nativeHost,
  sqlValueToJSON,
  txCallContext,
  type BlockCallContext,
  type NativeLedger,
} from "../exec/contractTx.ts";
import { tokenize } from "./compiler/tokenizer.ts";
import { parseContract, type RoutineAst, type StmtAst } from "./compiler/parser.ts";
import { ContractError } from "./runtime/errors.ts";
import type { SqlEngine } from "./runtime/engine.ts";
import { decodeCells } from "./runtime/stateEncoding.ts";
import type { CallResult, ContractArtifact, StateChange, TableSchema } from "./types.ts";

export type SimulationCall = { kind: "procedure" | "view"; name: string; args: unknown };
export type SimulationRequest = {
  source: string;
  target:
    | { kind: "fresh"; constructorArgs: unknown; /** The deploy transaction's nonce (the address depends on it); default 1. */ nonce?: number }
    | { kind: "deployed"; address: string; snapshot: Uint8Array; balanceAer: string };
  sender: string;
  amountAer?: string;
  /** null: the deploy alone (fresh). */
  call: SimulationCall | null;
  block: { height: number; timestamp: number; branch: string };
};
export type RowDiff = { table: string; op: "insert" | "update" | "delete"; key: unknown; before: Record<string, unknown> | null; after: Record<string, unknown> | null };
export type SimulationResult = {
  status: "success" | "error";
  returnValue: unknown;
  events: { name: string; args: Record<string, unknown> }[];
  /** Exactly the receipt's gasUsed the chain would report (for a view: the view's gas, there is no transaction). */
  gasUsed: number;
  error: { code: string; message: string; line: number | null; column: number | null } | null;
  diff: RowDiff[];
  contractAddress: string | null;
};

/** The sender's stand-in balance: the whole supply, so funds never decide a simulation. */
const SENDER_BALANCE = 500_000_000n * AER_PER_AERGO;

/**
 * Simulates `req` on `engine` (which it owns for the duration: its host is replaced and the
 * contract is dropped afterwards, so simulations never see each other).
 */
export async function simulate(engine: SqlEngine, req: SimulationRequest): Promise<SimulationResult> {
  const { source, sender } = req;
  const block: BlockCallContext = { height: req.block.height, timestamp: req.block.timestamp, branch: req.block.branch || "main" };
  let address: string | null = null;
  try {
    if (!isAddress(sender)) throw new ChainError(ErrorCode.InvalidAddress, `The sender "${String(sender).slice(0, 60)}" is not an address.`);
    const amount = parseAer(req.amountAer);
    checkContractAmount(amount);
    const compiled = compileForChain(engine, source);
    const balances = new Map<string, bigint>([[sender, SENDER_BALANCE]]);
    const ledger: NativeLedger = { balanceOf: (a) => balances.get(a) ?? 0n, setBalance: (a, aer) => void balances.set(a, aer) };
    engine.setHost(nativeHost(() => ledger, engine));
    const run = { engine, source, sender, block, ledger, artifact: compiled.artifact };

    if (req.target.kind === "fresh") {
      const nonce = req.target.nonce ?? 1;
      const constructorArgs = req.target.constructorArgs;
      address = contractAddressOf(sender, nonce);
      engine.drop(address);
      const deployAmount = req.call ? 0n : amount;
      const payload = deployPayloadBytes(source, constructorArgs);
      const contract = address;
      const deployed = runTx(run, contract, payload, () => {
        // As contracts.ts: the amount leaves the sender and opens the contract's account.
        ledger.setBalance(sender, ledger.balanceOf(sender) - deployAmount);
        ledger.setBalance(contract, deployAmount);
        return engine.deploy(compiled.artifact, { ...txCallContext(facts(sender, deployAmount, payload, block), block, budget(payload)), contract }, constructorArgs ?? []);
      }, new Map());
      if (!req.call || deployed.status !== "success") return { ...deployed, contractAddress: deployed.status === "success" ? address : null };
      return { ...runCall(run, address, req.call, amount), contractAddress: address };
    }

    address = req.target.address;
    if (!isAddress(address)) throw new ChainError(ErrorCode.InvalidAddress, `"${String(address).slice(0, 60)}" is not a contract address.`);
    engine.restore(address, req.target.snapshot, compiled.artifact);
    ledger.setBalance(address, parseAer(req.target.balanceAer));
    if (!req.call) return emptySuccess(null);
    return { ...runCall(run, address, req.call, amount), contractAddress: null };
  } catch (e) {
    // Refused before running (the chain would not include it) or a state the engine refused.
    const error = isChainError(e) || e instanceof ContractError ? { code: e.code, message: e.message } : { code: "INTERNAL", message: e instanceof Error ? e.message : String(e) };
    return { status: "error", returnValue: null, events: [], gasUsed: 0, error: { ...error, ...nullable(locateError(source, error)) }, diff: [], contractAddress: null };
  } finally {
    if (address) engine.drop(address);
  }
}

type Run = { engine: SqlEngine; source: string; sender: string; block: BlockCallContext; ledger: NativeLedger; artifact: ContractArtifact };

function runCall(run: Run, address: string, call: SimulationCall, amount: bigint): Omit<SimulationResult, "contractAddress"> {
  const { engine, sender, ledger, block } = run;
  if (call.kind === "view") {
    // As the node answers a view as of a block: only BLOCK_HEIGHT() is set (chain/exec/contracts.ts query).
    const q = engine.query(address, call.name, call.args ?? [], { blockHeight: block.height });
    if (q.status !== "success") {
      const error = { code: q.error?.code ?? "CONTRACT_ERROR", message: q.error?.message ?? "The view failed." };
      return { status: "error", returnValue: null, events: [], gasUsed: q.gasUsed, error: { ...error, ...nullable(locateError(run.source, error)) }, diff: [] };
    }
    return { status: "success", returnValue: sqlValueToJSON(q.result), events: [], gasUsed: q.gasUsed, error: null, diff: [] };
  }
  const payload = callPayloadBytes(call.name, call.args);
  const before = new Map(engine.stateEntries(address).map((e) => [rowId(e.table, e.key), e.value]));
  return runTx(run, address, payload, () => {
    if (amount > 0n) {
      ledger.setBalance(sender, ledger.balanceOf(sender) - amount);
      ledger.setBalance(address, ledger.balanceOf(address) + amount);
    }
    return engine.call(address, call.name, call.args ?? [], txCallContext(facts(sender, amount, payload, block), block, budget(payload)));
  }, before);
}

/** One transaction: runs it and turns the result into the receipt's fields plus the row diff. */
function runTx(run: Run, address: string, payload: Uint8Array, exec: () => CallResult, before: Map<string, Uint8Array>): Omit<SimulationResult, "contractAddress"> {
  const intrinsic = intrinsicGas({ payload });
  const result = exec();
  const fields = contractReceiptFields(result, intrinsic, contractGasLimit(payload.length));
  const error = fields.error ? { ...fields.error, ...nullable(locateError(run.source, fields.error)) } : null;
  return {
    status: fields.status,
    returnValue: fields.returnValue,
    events: fields.events.map((e) => ({ name: e.name, args: e.args })),
    gasUsed: fields.gasUsed,
    error,
    diff: fields.status === "success" ? rowDiff(run.artifact, result.stateChanges.filter((c) => c.contract === address), before) : [],
  };
}

/** The wallet's gas limit for this payload (useSendTx: contractGasLimit) less the intrinsic gas. */
const budget = (payload: Uint8Array) => contractGasLimit(payload.length) - intrinsicGas({ payload });

function facts(sender: string, amount: bigint, payload: Uint8Array, block: BlockCallContext) {
  const height = new Uint8Array(8);
  new DataView(height.buffer).setBigUint64(0, BigInt(block.height));
  return { from: sender, amount, hashText: encodeHash(sha256(decodeAddress(sender), height, payload)) };
}

function parseAer(text: string | undefined): bigint {
  if (text === undefined || text === "") return 0n;
  if (!/^\d{1,78}$/.test(text)) throw new ChainError(ErrorCode.InvalidAmount, `The amount "${String(text).slice(0, 40)}" is not a whole number of aer.`);
  return BigInt(text);
}

function emptySuccess(contractAddress: string | null): SimulationResult {
  return { status: "success", returnValue: null, events: [], gasUsed: 0, error: null, diff: [], contractAddress };
}

const nullable = (at: { line: number; column: number } | null) => ({ line: at?.line ?? null, column: at?.column ?? null });
const rowId = (table: string, key: Uint8Array) => `${table.toLowerCase()}\u0000${toHex(key)}`;

/** Rows the transaction changed, decoded with the table's columns; `before` holds the old values by rowId. */
function rowDiff(artifact: ContractArtifact, changes: readonly StateChange[], before: Map<string, Uint8Array>): RowDiff[] {
  const tables = new Map(artifact.tables.map((t) => [t.name.toLowerCase(), t]));
  const out: RowDiff[] = [];
  for (const c of changes) {
    const t = tables.get(c.table.toLowerCase());
    const old = before.get(rowId(c.table, c.key)) ?? null;
    // An UPDATE that wrote the same values changed no row: it is not part of the diff.
    if (old && c.value && toHex(old) === toHex(c.value)) continue;
    if (!old && !c.value) continue;
    const keyCells = decodeCells(c.key).map(sqlValueToJSON);
    out.push({
      table: t?.name ?? c.table,
      op: old === null ? "insert" : c.value === null ? "delete" : "update",
      key: keyCells.length === 1 ? keyCells[0] : keyCells,
      before: old && rowObject(t, old),
      after: c.value && rowObject(t, c.value),
    });
  }
  return out;
}

function rowObject(t: TableSchema | undefined, value: Uint8Array): Record<string, unknown> {
  const cells = decodeCells(value);
  return Object.fromEntries(cells.map((v, i) => [t?.columns[i]?.name ?? `column${i + 1}`, sqlValueToJSON(v)]));
}

// ---- error positions -------------------------------------------------------------------------

/**
 * Where in the source an error points (1-based), from the compiler's own parse positions: a
 * compile diagnostic's `line:column`, the statement a runtime error names by `(line N)` (a
 * failed REQUIRE: the REQUIRE carrying that message), or the routine a bad argument was for.
 * null when the message names no place in this source.
 */
export function locateError(source: string, error: { code: string; message: string }): { line: number; column: number } | null {
  const message = String(error.message ?? "");
  const compile = /does not compile: (\d+):(\d+):/.exec(message);
  if (compile) return { line: Number(compile[1]), column: Number(compile[2]) };
  let routines: RoutineAst[];
  try {
    routines = parseContract(tokenize(source).tokens).ast.items.filter((i): i is RoutineAst => i.kind === "routine");
  } catch {
    routines = [];
  }
  const prefix = /^([A-Za-z_][A-Za-z0-9_$]*): (.*)$/s.exec(message);
  const routineName = prefix?.[1]?.toLowerCase();
  const routine = routineName ? routines.find((r) => (r.routine === "constructor" ? "constructor" : r.name.toLowerCase()) === routineName) : undefined;
  const lineMatch = /\(line (\d+)\)\s*$/.exec(message);
  if (lineMatch) {
    const line = Number(lineMatch[1]);
    const lines = source.split("\n");
    if (line < 1 || line > lines.length) return null;
    const reason = prefix ? prefix[2]!.replace(/\s*\(line \d+\)\s*$/, "") : message;
    const candidates = (routine ? [routine] : routines).flatMap((r) => flatten(r.body)).filter((s) => s.first.line === line);
    const stmt = (error.code === "REQUIRE_FAILED" ? candidates.find((s) => s.kind === "require" && s.message === reason) : undefined) ?? candidates[0];
    if (stmt) return { line, column: stmt.first.col };
    const text = lines[line - 1]!;
    return { line, column: text.length - text.trimStart().length + 1 };
  }
  if (routine) return { line: routine.nameTok.line, column: routine.nameTok.col };
  return null;
}

function flatten(body: readonly StmtAst[]): StmtAst[] {
  const out: StmtAst[] = [];
  for (const s of body) {
    out.push(s);
    if (s.kind === "if") {
      for (const arm of s.arms) out.push(...flatten(arm.body));
      out.push(...flatten(s.otherwise));
    }
  }
  return out;
}
