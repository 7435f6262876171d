/** `aergo compile FILE`: compiles an AergoSQL contract here (no hub) and shows its ABI. */
import type { ContractAbi, RoutineAbi } from "../chain/sql/types.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { compileFile } from "./compileFile.ts";

const params = (ps: readonly { name: string; type: string }[]) => `(${ps.map((p) => `${p.name} ${p.type}`).join(", ")})`;
const routine = (r: RoutineAbi) => `  ${r.name} ${params(r.params)}${r.returns ? ` RETURNS ${r.returns}` : r.columns ? ` → (${r.columns.join(", ")})` : ""}${r.resolver ? "  [merge resolver]" : ""}`;

/** The ABI as people read it: what can be called, read, browsed and listened to. */
export function abiSummary(abi: ContractAbi): string {
  const section = (title: string, lines: string[]) => (lines.length ? [title, ...lines] : [`${title} none`]);
  return [
    `contract ${abi.name}`,
    `constructor ${abi.constructor ? params(abi.constructor.params) : "(none: deploy takes no arguments)"}`,
    ...section("procedures", abi.procedures.map(routine)),
    ...section("views", abi.views.map(routine)),
    ...section("events", abi.events.map((e) => `  ${e.name} ${params(e.params)}`)),
    ...section("tables", abi.tables.map((t) => `  ${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(", ")}) primary key (${t.primaryKey.join(", ")})`)),
  ].join("\n");
}

export const command: Command = {
  usage: `Usage: aergo compile FILE

Compiles an AergoSQL contract (docs/aergosql.md) here, with the same compiler the hub runs; no
hub is needed. Problems are printed on stderr as FILE:LINE:COL: message (warnings too), and the
command exits 1 when there is an error. Otherwise it prints the contract's ABI: constructor,
procedures, views, events and tables.

Options:
  --json        print the ABI as JSON (warnings still go to stderr)
  --help        this text`,
  options: {},
  async run(args) {
    const [file] = parseInput(positionals(["FILE"]), args.positionals, "compile");
    const { abi, warnings } = await compileFile(file!);
    return { json: abi, text: abiSummary(abi), warnings };
  },
};
