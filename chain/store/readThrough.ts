/**
 * A fork's store: its own blocks, meta and new state nodes, reading through to the origin chain's
 * state nodes for everything it inherited. Nodes are content-addressed and never change, so the
 * origin's later writes cannot alter what the fork reads: copy-on-write without a copy.
 */
import type { NodeStore } from "../state/nodeStore.ts";
import type { ChainStore } from "./types.ts";

export function withReadThrough(own: ChainStore, origin: NodeStore): ChainStore {
  const nodes: NodeStore = {
    get: (hash) => own.nodes.get(hash) ?? origin.get(hash),
    put: (hash, bytes) => own.nodes.put(hash, bytes),
  };
  return new Proxy(own, { get: (target, prop, receiver) => (prop === "nodes" ? nodes : Reflect.get(target, prop, receiver)) });
}
