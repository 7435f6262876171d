/**
 * A small, real implementation of the engine's host interface: native balances in a map,
 * contract names, and CALL routed back into the engine. The node has its own host over its
 * world state; this one serves tests, benchmarks and in-browser simulation.
 */
import { isAddress } from "../../crypto/address.ts";
import type { CallContext, CallResult, SqlHost, SqlValue } from "../types.ts";
import type { SqlEngine } from "../runtime/engine.ts";

export type MemoryHost = SqlHost & {
  readonly balances: Map<string, bigint>;
  readonly names: Map<string, string>;
  /** Routes CALL back into this engine (set after the engine exists). */
  engine: SqlEngine | null;
  /** Runs a call as the node would: credits `amount` first, and undoes native moves if it fails. */
  atomically(from: string, to: string | null, amount: bigint, run: () => CallResult): CallResult;
};

export function createMemoryHost(balances: Record<string, bigint> = {}): MemoryHost {
  const host: MemoryHost = {
    balances: new Map(Object.entries(balances)),
    names: new Map(),
    engine: null,
    balanceOf(address) {
      return host.balances.get(address) ?? 0n;
    },
    transfer(from, to, amount) {
      if (amount < 0n) throw new Error("the amount is negative");
      const have = host.balances.get(from) ?? 0n;
      if (have < amount) throw new Error(`insufficient native balance: ${from} holds ${have} aer, ${amount} needed`);
      host.balances.set(from, have - amount);
      host.balances.set(to, (host.balances.get(to) ?? 0n) + amount);
    },
    resolveContract(nameOrAddress) {
      const named = host.names.get(nameOrAddress);
      if (named) return named;
      return host.engine?.has(nameOrAddress) || isAddress(nameOrAddress) ? nameOrAddress : null;
    },
    call(contract: string, proc: string, args: SqlValue[], ctx: CallContext): CallResult {
      if (!host.engine) throw new Error("no engine to call into");
      return host.engine.call(contract, proc, args, ctx);
    },
    atomically(from, to, amount, run) {
      const saved = new Map(host.balances);
      if (amount > 0n && to) host.transfer(from, to, amount);
      const result = run();
      if (result.status !== "success") {
        host.balances.clear();
        for (const [k, v] of saved) host.balances.set(k, v);
      }
      return result;
    },
  };
  return host;
}
