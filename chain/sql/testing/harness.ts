/**
 * Test helpers: an engine with a memory host, dev addresses, and deploy-from-source in a line.
 */
import { devKeyPair } from "../../crypto/keys.ts";
import { createSqlEngine, type SqlEngine, type SqlEngineOptions } from "../runtime/engine.ts";
import type { CallContext, CallResult, ContractArtifact } from "../types.ts";
import { createMemoryHost, type MemoryHost } from "./memoryHost.ts";

/** A well-known dev address per label. */
export const addr = (label: string): string => devKeyPair(`sql-test:${label}`).address;

export type Harness = {
  readonly engine: SqlEngine;
  readonly host: MemoryHost;
  /** Compiles `source` (failing loudly) and deploys it at addr(label). */
  deploy(label: string, source: string, args?: unknown, ctx?: Partial<CallContext>): { address: string; artifact: ContractArtifact; result: CallResult };
  call(contract: string, proc: string, args: unknown, ctx: Partial<CallContext> & { sender: string }): CallResult;
};

export async function createHarness(options: Omit<SqlEngineOptions, "host"> = {}, balances: Record<string, bigint> = {}): Promise<Harness> {
  const host = createMemoryHost(balances);
  const engine = await createSqlEngine({ ...options, host });
  host.engine = engine;
  const ctxOf = (ctx: Partial<CallContext>): CallContext => ({ sender: addr("deployer"), blockHeight: 1, blockTime: 1_700_000_000_000, txHash: "tx", ...ctx });
  return {
    engine,
    host,
    deploy(label, source, args = [], ctx = {}) {
      const compiled = engine.compile(source);
      if (!compiled.ok) throw new Error(`does not compile: ${JSON.stringify(compiled.diagnostics, null, 1)}`);
      const address = addr(label);
      const full = ctxOf(ctx);
      const result = host.atomically(full.sender, address, BigInt(full.amount ?? 0), () => engine.deploy(compiled.artifact, { ...full, contract: address }, args));
      return { address, artifact: compiled.artifact, result };
    },
    call(contract, proc, args, ctx) {
      const full = ctxOf(ctx);
      return host.atomically(full.sender, contract, BigInt(full.amount ?? 0), () => engine.call(contract, proc, args, full));
    },
  };
}
