/** The index's reads, one file each: `(db, input) => JSON shapes of chain/types.ts`. */
export { getAccountRow } from "./getAccountRow.ts";
export { getBlockSummary } from "./getBlockSummary.ts";
export { getTxRow } from "./getTxRow.ts";
export { indexStats } from "./indexStats.ts";
export { listAddressTxs } from "./listAddressTxs.ts";
export { listBlocks } from "./listBlocks.ts";
export { listBlockTxs } from "./listBlockTxs.ts";
export { listTxBlocks, type TxBlockJSON } from "./listTxBlocks.ts";
export { listRecentTxs } from "./listRecentTxs.ts";
export { search } from "./search.ts";
export { throughputSeries } from "./throughputSeries.ts";
export type * from "./shapes.ts";
export { listContractEvents, pageContractEvents, type ContractEventJSON, type ContractEventsPageJSON } from "./listContractEvents.ts";
export { getContractRow, listContracts, type ContractRowJSON } from "./listContracts.ts";
export { usageSeries, type UsagePointJSON } from "./usageSeries.ts";
export { listNamesOf, NAMES_PER_ADDRESS } from "./listNamesOf.ts";
