import type { LocalNode } from "../../chain/node/createNode.ts";
import type { DevNetwork } from "../../chain/node/genesis.ts";
import type { IndexDb } from "../../db/client.ts";
import type { Indexer } from "../../db/indexer.ts";
import type { HubConfig } from "../config.ts";
import type { ReceiptJSON } from "../../chain/types.ts";
import type { CompileResult } from "../../chain/sql/index.ts";
import type { PeopleStore } from "../auth/people.ts";
import type { SourceStore } from "../sources/store.ts";
import type { RepositoryHost } from "./repositories.ts";
import type { FaucetDoor } from "./faucetDoor.ts";

/** Everything one hub process runs: the engine, its index, and (dev network) its faucet. */
export type Hub = {
  readonly config: HubConfig;
  readonly node: LocalNode;
  readonly index: IndexDb;
  readonly indexer: Indexer;
  /** Every repository this hub runs, the root one (`node`, `indexer` above) included. */
  readonly repos: RepositoryHost;
  /** People who signed up: usernames, emails, password hashes, identity addresses. */
  readonly people: PeopleStore;
  /** Contract sources kept in repositories, per branch (the browser editor's files). */
  readonly sources: SourceStore;
  /** Present on a dev network only: its well-known keys. */
  readonly devNetwork: DevNetwork | null;
  /** Dev network only: sends AERGO from the community allocation. */
  faucet(address: string, amountAer?: bigint): Promise<ReceiptJSON>;
  /** The faucet's public door: capped and rate limited (REST and tRPC use this, never faucet). */
  readonly faucetDoor: FaucetDoor;
  /** Compiles a source with the chain's compiler on the execution worker (a 128 KiB source held the main thread ~0.1–0.4 s); here if the worker fails. */
  compile(source: string): Promise<CompileResult>;
  close(): Promise<void>;
};
