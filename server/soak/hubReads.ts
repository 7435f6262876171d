/** Typed REST reads of a hub process that the soak runners share (a non-200 answer throws with its text). */
import type { SealedBlock, TxLookup } from "../../chain/node/types.ts";
import type { AccountJSON, ChainInfoJSON } from "../../chain/types.ts";
import type { IndexStatsJSON } from "../../db/queries/shapes.ts";
import type { HubProcess } from "../testing/hubProcess.ts";

export async function getJson<T>(hub: HubProcess, pathAndQuery: string): Promise<T> {
  const answer = await hub.request(pathAndQuery);
  if (answer.status !== 200) throw new Error(`${pathAndQuery} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return answer.json as T;
}

export const chainInfo = (hub: HubProcess) => getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
export const sealedBlock = (hub: HubProcess, height: number) => getJson<SealedBlock>(hub, `/v1/getBlock?number=${height}`);
export const accountState = (hub: HubProcess, address: string) => getJson<AccountJSON>(hub, `/v1/getState?account=${address}`);
export const txLookup = (hub: HubProcess, hash: string) => getJson<TxLookup>(hub, `/v1/getTx?hash=${hash}`);
export const indexStats = async (hub: HubProcess) => (await getJson<{ result: { data: IndexStatsJSON } }>(hub, "/api/trpc/chain.indexStats")).result.data;

/** Runs `work` over `items`, `width` at a time, keeping the order of the results. */
export async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return out;
}
