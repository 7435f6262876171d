import type { LocalNode } from "../../chain/node/createNode.ts";
import type { DevNetwork } from "../../chain/node/genesis.ts";
import type { IndexDb } from "../../db/client.ts";
import type { Indexer } from "../../db/indexer.ts";
import type { HubConfig } from "../config.ts";
import type { ReceiptJSON } from "../../chain/types.ts";

/** Everything one hub process runs: the engine, its index, and (dev network) its faucet. */
export type Hub = {
  readonly config: HubConfig;
  readonly node: LocalNode;
  readonly index: IndexDb;
  readonly indexer: Indexer;
  /** Present on a dev network only: its well-known keys. */
  readonly devNetwork: DevNetwork | null;
  /** Dev network only: sends AERGO from the community allocation. */
  faucet(address: string, amountAer?: bigint): Promise<ReceiptJSON>;
  close(): Promise<void>;
};
