"use client";
import { ROOT_REPO } from "@/chain/repo/names";
import type { ContractAbi } from "@/chain/sql/types";
import { useAergoSqlEngine } from "@/components/repo/editor/engine";
import { SimulatePanel } from "@/components/repo/editor/SimulatePanel";

const NO_CONTRACTS = [] as const;
const ignoreLine = () => {};

/**
 * "Try it" before paying: the editor's simulation (the chain's engine, in a browser worker) deploys
 * the main file afresh with the constructor's arguments and runs a procedure or view on it. Nothing
 * is signed or sent; the deploy's address and block are those the viewer's next root-chain
 * transaction would get.
 */
export function TryItPanel({ source, abi }: { source: string; abi: ContractAbi | null }) {
  const engine = useAergoSqlEngine();
  return (
    <div data-testid="listing-try">
      <p className="mb-2 text-xs text-zinc-500">Runs in your browser on a throw-away copy: nothing is sent to the chain, nothing is paid.</p>
      <SimulatePanel repo={ROOT_REPO} source={source} abi={abi} deployed={NO_CONTRACTS} engine={engine} onReveal={ignoreLine} />
    </div>
  );
}
