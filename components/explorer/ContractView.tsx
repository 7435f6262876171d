import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound, redirect } from "next/navigation";
import { isAddress, isContractAddress } from "@/chain/crypto/address";
import { systemAccountOf } from "@/chain/systemAccounts";
import { chainHref, MAIN_BRANCH, withRepo } from "@/components/repo/repoPaths";
import { TabLinks } from "@/components/ui/TabLinks";
import { ContractAbiView } from "./ContractAbi";
import { ContractEvents } from "./ContractEvents";
import { ContractHeader, type ContractDeployment } from "./ContractHeader";
import { CONTRACT_TABS, contractEventsInput, contractHref, contractTableInput, type ContractPageState } from "./ContractQueries";
import { ContractRead } from "./ContractRead";
import { ContractSource } from "./ContractSource";
import { ContractTables } from "./ContractTables";
import { ContractTxs } from "./ContractTxs";
import { ContractWrite } from "./ContractWrite";
import { addressTxsInput, chainInfoInput } from "./queries";
import { getServerQueryClient, orNull, serverCaller, serverTrpc } from "./serverData";

/**
 * The deploy transaction on `branch`, from the index: its contract row names the block and the
 * transaction (the branch's own, or its base's when deployed before the branch started), read
 * among the contract's transactions up to that block. Null while the deploy is answered but not
 * yet sealed and indexed.
 */
async function findDeployment(address: string, repo: string | undefined, branch: string): Promise<ContractDeployment | null> {
  const caller = serverCaller();
  const row = await orNull(caller.contracts.deployment(withRepo(repo, { address }, branch)));
  if (!row) return null;
  const txs = await orNull(caller.accounts.txs(withRepo(repo, { address, beforeHeight: row.deployHeight + 1, limit: 100 }, branch)));
  const deploy = txs?.find((t) => t.hash === row.deployTx);
  return deploy ? { deployer: deploy.from, txHash: deploy.hash, blockHeight: deploy.blockHeight, timestamp: deploy.timestamp } : null;
}

/**
 * A deployed AergoSQL contract: source, ABI, tables at any height, events, transactions, and
 * forms for its views (run here) and procedures (signed by the browser wallet or the CLI). An
 * account address goes to the address page; a contract address nothing was deployed at is a 404.
 * `repo` is the repository whose chain holds it (absent: the root repository, /contract/…), and
 * `branch` the branch read and written (absent: main).
 */
export async function ContractView({ address, state, repo, branch = MAIN_BRANCH }: { address: string; state: ContractPageState; repo?: string; branch?: string }) {
  if (!isAddress(address)) notFound();
  // A system account (the name account…) has the contract marker but no contract: its address page says what it is.
  if (!isContractAddress(address) || systemAccountOf(address)) redirect(chainHref(repo, `/address/${address}`, branch));
  const contract = await orNull(serverCaller().contracts.get(withRepo(repo, { address }, branch)));
  if (!contract) notFound();
  const { abi, source } = contract;

  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  const table = state.table ?? abi.tables[0]?.name;
  const prefetches: Promise<unknown>[] = [queryClient.prefetchQuery(trpc.accounts.get.queryOptions(withRepo(repo, { address }, branch)))];
  if (state.tab === "tables" && table !== undefined) prefetches.push(queryClient.prefetchQuery(trpc.contracts.table.queryOptions(contractTableInput(address, table, state.offset, state.at, repo, branch))));
  if (state.tab === "events") prefetches.push(queryClient.prefetchQuery(trpc.contracts.events.queryOptions(contractEventsInput(address, state.event, state.from, repo, branch))));
  if (state.tab === "transactions") {
    prefetches.push(
      queryClient.prefetchQuery(trpc.chain.info.queryOptions(chainInfoInput(repo, branch))),
      queryClient.prefetchQuery(trpc.accounts.txs.queryOptions(withRepo(repo, addressTxsInput(address, state.cursor), branch))),
    );
  }
  const [deployment] = await Promise.all([findDeployment(address, repo, branch), ...prefetches]);

  const callable = abi.procedures.filter((p) => !p.resolver).length;
  const counts: Partial<Record<(typeof CONTRACT_TABS)[number]["id"], number>> = { tables: abi.tables.length, read: abi.views.length, write: callable };
  const tabs = CONTRACT_TABS.map((t) => ({ id: t.id, label: t.label, href: contractHref(address, t.id, {}, repo, branch), count: counts[t.id] }));

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-5">
        <ContractHeader address={address} abi={abi} deployment={deployment} repo={repo} />
        <TabLinks tabs={tabs} active={state.tab} label="Contract" testIdPrefix="contract-tab" />
        {state.tab === "source" ? <ContractSource source={source} name={abi.name} /> : null}
        {state.tab === "abi" ? <ContractAbiView abi={abi} /> : null}
        {state.tab === "tables" ? (
          table === undefined ? (
            <p className="rounded-lg border border-zinc-200 bg-white px-4 py-6 text-center text-sm text-zinc-500">This contract declares no tables.</p>
          ) : (
            <ContractTables address={address} tables={abi.tables} table={table} offset={state.offset} at={state.at} row={state.row} repo={repo} />
          )
        ) : null}
        {state.tab === "events" ? <ContractEvents address={address} events={abi.events} event={state.event} from={state.from} repo={repo} /> : null}
        {state.tab === "transactions" ? <ContractTxs address={address} cursor={state.cursor} repo={repo} /> : null}
        {state.tab === "read" ? <ContractRead address={address} abi={abi} repo={repo} /> : null}
        {state.tab === "write" ? <ContractWrite address={address} abi={abi} repo={repo} /> : null}
      </div>
    </HydrationBoundary>
  );
}
