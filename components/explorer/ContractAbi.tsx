import type { ContractAbi, ParamAbi, RoutineAbi } from "@/chain/sql/types";
import { Badge } from "@/components/ui/Badge";
import { CopyButton } from "@/components/ui/CopyButton";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";

/** `(to ADDRESS, amount INTEGER)` */
export function ParamList({ params }: { params: readonly ParamAbi[] }) {
  return (
    <span className="mono">
      (
      {params.map((p, i) => (
        <span key={p.name}>
          {i > 0 ? ", " : null}
          <span className="text-zinc-900">{p.name}</span> <span className="text-sky-700">{p.type}</span>
        </span>
      ))}
      )
    </span>
  );
}

/** What a routine gives back: its declared type, a result set's columns, or whatever RETURN gives. */
export function routineReturns(r: RoutineAbi): string {
  if (r.returns) return r.returns;
  if (r.columns) return `rows (${r.columns.join(", ")})`;
  return r.readonly ? "rows" : "what RETURN gives";
}

function RoutineRows({ routines, kind }: { routines: readonly RoutineAbi[]; kind: "procedure" | "view" }) {
  return (
    <>
      {routines.map((r) => (
        <tr key={r.name} className="hover:bg-zinc-50" data-testid={`abi-${kind}-${r.name}`}>
          <Td>
            <span className="mono font-semibold text-zinc-900">{r.name}</span>
          </Td>
          <Td className="whitespace-normal">
            <ParamList params={r.params} />
          </Td>
          <Td className="mono whitespace-normal text-zinc-700">{routineReturns(r)}</Td>
          <Td>
            {r.resolver ? (
              <Badge tone="amber" title="Takes (ours ROW, theirs ROW, base ROW): called by merges, not by transactions.">
                merge resolver
              </Badge>
            ) : kind === "view" ? (
              <Badge tone="green" title="Read-only and free: runs on any height without a transaction.">
                free read
              </Badge>
            ) : (
              <Badge tone="blue" title="Changes state: called by a signed transaction that pays gas.">
                transaction
              </Badge>
            )}
          </Td>
        </tr>
      ))}
    </>
  );
}

/**
 * The contract's interface as the compiler reports it (chain/sql/types.ts ContractAbi): what
 * clients may call, what it stores, what it emits, how its tables merge between branches.
 */
export function ContractAbiView({ abi }: { abi: ContractAbi }) {
  const json = JSON.stringify(abi, null, 2);
  return (
    <div className="space-y-5" data-testid="contract-abi">
      <Panel title="Procedures and views" actions={<span>{abi.procedures.length} procedures · {abi.views.length} views</span>} testId="abi-routines">
        <Table>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Parameters</Th>
              <Th>Returns</Th>
              <Th>Kind</Th>
            </tr>
          </thead>
          <tbody>
            {abi.constructor ? (
              <tr className="hover:bg-zinc-50" data-testid="abi-constructor">
                <Td>
                  <span className="mono font-semibold text-zinc-900">CONSTRUCTOR</span>
                </Td>
                <Td className="whitespace-normal">
                  <ParamList params={abi.constructor.params} />
                </Td>
                <Td className="text-zinc-400">—</Td>
                <Td>
                  <Badge title="Ran once, when the contract was deployed.">deploy</Badge>
                </Td>
              </tr>
            ) : null}
            <RoutineRows routines={abi.procedures} kind="procedure" />
            <RoutineRows routines={abi.views} kind="view" />
            {abi.procedures.length + abi.views.length === 0 && !abi.constructor ? <EmptyRow colSpan={4}>This contract declares no procedures or views.</EmptyRow> : null}
          </tbody>
        </Table>
      </Panel>

      <Panel title="Tables" actions={<span>{abi.tables.length} tables</span>} testId="abi-tables">
        {abi.tables.length === 0 ? <p className="px-4 py-6 text-center text-sm text-zinc-500">This contract declares no tables.</p> : null}
        <div className="divide-y divide-zinc-200">
          {abi.tables.map((t) => (
            <div key={t.name} data-testid={`abi-table-${t.name}`}>
              <h3 className="mono px-4 pt-3 pb-1 text-sm font-semibold text-zinc-900">
                {t.name} <span className="font-normal text-zinc-500">primary key ({t.primaryKey.join(", ")})</span>
              </h3>
              <Table>
                <thead>
                  <tr>
                    <Th>Column</Th>
                    <Th>Type</Th>
                    <Th>Not null</Th>
                    <Th>Primary key</Th>
                  </tr>
                </thead>
                <tbody>
                  {t.columns.map((c) => (
                    <tr key={c.name} className="hover:bg-zinc-50">
                      <Td className="mono">{c.name}</Td>
                      <Td className="mono text-sky-700">{c.type || <span className="text-zinc-400">(any)</span>}</Td>
                      <Td>{c.notNull ? "yes" : <span className="text-zinc-400">no</span>}</Td>
                      <Td>{c.pk > 0 ? <Badge tone="blue">{t.primaryKey.length > 1 ? `PK ${c.pk}` : "PK"}</Badge> : null}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          ))}
        </div>
      </Panel>

      <div className="grid gap-5 lg:grid-cols-2">
        <Panel title="Events" actions={<span>{abi.events.length} events</span>} testId="abi-events">
          <Table>
            <thead>
              <tr>
                <Th>Event</Th>
                <Th>Arguments</Th>
              </tr>
            </thead>
            <tbody>
              {abi.events.map((e) => (
                <tr key={e.name} className="hover:bg-zinc-50">
                  <Td>
                    <span className="mono font-semibold">{e.name}</span>
                  </Td>
                  <Td className="whitespace-normal">
                    <ParamList params={e.params} />
                  </Td>
                </tr>
              ))}
              {abi.events.length === 0 ? <EmptyRow colSpan={2}>This contract declares no events.</EmptyRow> : null}
            </tbody>
          </Table>
        </Panel>
        <Panel title="Merge policies" actions={<span title="How a consistent merge decides conflicting rows">{abi.mergePolicies.length} policies</span>} testId="abi-merge-policies">
          <Table>
            <thead>
              <tr>
                <Th>Table</Th>
                <Th>Columns</Th>
                <Th>Policy</Th>
              </tr>
            </thead>
            <tbody>
              {abi.mergePolicies.map((p, i) => (
                <tr key={i} className="hover:bg-zinc-50">
                  <Td className="mono">{p.table}</Td>
                  <Td className="mono">{p.columns ? p.columns.join(", ") : <span className="text-zinc-500">whole row</span>}</Td>
                  <Td>
                    <Badge tone={p.policy === "resolve" ? "amber" : "gray"}>{p.policy === "resolve" ? `resolve with ${p.resolver ?? "?"}` : p.policy}</Badge>
                  </Td>
                </tr>
              ))}
              {abi.mergePolicies.length === 0 ? <EmptyRow colSpan={3}>No merge policies declared.</EmptyRow> : null}
            </tbody>
          </Table>
        </Panel>
      </div>

      <Panel title="ABI as JSON" actions={<CopyButton value={json} label="Copy the ABI" />}>
        <details className="px-4 py-3 text-sm">
          <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900">Show the JSON that `aergo compile` prints</summary>
          <pre className="mono mt-2 max-h-96 overflow-auto rounded bg-zinc-50 p-3 text-xs">{json}</pre>
        </details>
      </Panel>
    </div>
  );
}
