import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileContract } from "@/chain/sql/compiler/compileContract";
import { SQL_TYPES } from "@/chain/sql/types";
import { CONTEXT_BUILTINS } from "@/chain/sql/runtime/builtins";
import { FORBIDDEN_STATEMENTS } from "@/chain/sql/compiler/parser";
import { TOKEN_EXAMPLE } from "@/chain/sql/testing/examples";
import { formatAergoSql } from "./format";
import { complete, definition, hover, type SourcePosition } from "./services";
import { extractSymbols } from "./symbols";
import { BUILTINS, CONTRACT_KEYWORDS, TYPE_WORDS } from "./vocabulary";

const EXAMPLES_DIR = path.resolve(import.meta.dirname, "../../examples/contracts");
const examples = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith(".sql"))
  .map((f) => ({ file: f, source: readFileSync(path.join(EXAMPLES_DIR, f), "utf8") }));

/** The position of the n-th occurrence of `needle` (plus `shift` characters) in `source`. */
function at(source: string, needle: string, shift = 0, nth = 0): { pos: SourcePosition; lineText: string } {
  let offset = -1;
  for (let k = 0; k <= nth; k++) offset = source.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not found`);
  offset += shift;
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { pos: { line, column, offset }, lineText: source.split("\n")[line - 1]! };
}

describe("vocabulary", () => {
  it("lists exactly the compiler's built-ins, types and statement words", () => {
    const builtins = BUILTINS.map((b) => b.word);
    for (const name of Object.keys(CONTEXT_BUILTINS)) expect(builtins).toContain(name);
    expect(builtins).toEqual(expect.arrayContaining(["BALANCE", "IS_ADDRESS"]));
    for (const t of SQL_TYPES) expect(TYPE_WORDS.map((w) => w.word)).toContain(t);
    const words = CONTRACT_KEYWORDS.map((k) => k.word);
    for (const w of ["REQUIRE", "LET", "IF", "EMIT", "TRANSFER", "RETURN", "CALL", "CONSTRUCTOR", "PROCEDURE", "VIEW", "EVENT", "MIGRATE"]) expect(words).toContain(w);
    // Words the parser refuses as statements are not offered as contract keywords.
    for (const w of Object.keys(FORBIDDEN_STATEMENTS).filter((w) => !["BEGIN", "CREATE"].includes(w))) expect(words).not.toContain(w);
  });
});

describe("symbols", () => {
  it("reads tables with typed columns, events, routines with params and LET variables, with their positions", () => {
    const s = extractSymbols(TOKEN_EXAMPLE);
    expect(s.contract?.name).toBe("Token");
    const balances = s.tables.find((t) => t.name === "balances")!;
    expect(balances.columns.map((c) => [c.name, c.type])).toEqual([
      ["owner", "ADDRESS"],
      ["amount", "INTEGER"],
    ]);
    const transfer = s.routines.find((r) => r.name === "transfer")!;
    expect(transfer.params.map((p) => `${p.name} ${p.type}`)).toEqual(["to ADDRESS", "amount INTEGER"]);
    expect(TOKEN_EXAMPLE.split("\n")[transfer.span.line - 1]).toContain("PROCEDURE transfer");
    expect(s.events.map((e) => e.name)).toContain("Transfer");
  });

  it("still yields the symbols of a source with a syntax error elsewhere", () => {
    const broken = TOKEN_EXAMPLE.replace("REQUIRE :amount > 0, 'amount must be positive';", "REQUIRE :amount > 0 'amount must be positive';");
    expect(broken).not.toBe(TOKEN_EXAMPLE);
    const s = extractSymbols(broken);
    expect(s.tables.map((t) => t.name)).toEqual(expect.arrayContaining(["balances", "meta"]));
    expect(s.routines.some((r) => r.name === "transfer")).toBe(true);
  });
});

describe("completion", () => {
  const source = examples.find((e) => e.file === "escrow.sql")!.source;
  const symbols = extractSymbols(source);

  it("after ':' inside a procedure lists its parameters and LET variables, and only those", () => {
    const { pos, lineText } = at(source, "REQUIRE :seller", "REQUIRE :".length);
    const c = complete(symbols, lineText, pos);
    expect(c.items.map((i) => i.label).sort()).toEqual([":arbiter", ":id", ":seller"]);
    expect(c.items.find((i) => i.label === ":seller")!.detail).toBe("ADDRESS");
    // The typed `s` of `:seller` is what the item replaces.
    const mid = { ...pos, column: pos.column + 1, offset: pos.offset + 1 };
    expect(complete(symbols, lineText, mid).replace).toEqual({ startColumn: pos.column, endColumn: pos.column + 1 });
  });

  it("in a body lists the tables, their columns, the built-ins with signatures and the routine's :params", () => {
    const { pos, lineText } = at(source, "UPDATE deals SET state = 'released'", 0);
    const c = complete(symbols, lineText, pos);
    const labels = c.items.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(["deals", "buyer", "arbiter", "opened", ":id", "SENDER()", "REQUIRE", "ADDRESS"]));
    expect(c.items.find((i) => i.label === "BALANCE()")!.detail).toBe("BALANCE([address]) → AMOUNT");
    expect(labels).not.toContain(":seller");
  });

  it("after table. lists that table's columns with their types", () => {
    const line = "  SELECT deals.";
    const c = complete(symbols, line, { line: 100, column: line.length + 1, offset: source.length });
    expect(c.items.map((i) => `${i.label} ${i.detail}`)).toContain("seller deals.seller ADDRESS");
    expect(c.items).toHaveLength(7);
  });

  it("after CALL and Contract. lists the deployed contracts and their procedures and views", () => {
    const deployed = [{ address: "AmTokenAddress", name: "Token", abi: compiledTokenAbi }];
    const call = complete(symbols, "  CALL ", { line: 1, column: 8, offset: 0 }, deployed);
    expect(call.items.map((i) => i.label)).toEqual(["Token"]);
    const procs = complete(symbols, "  CALL Token.tr", { line: 1, column: 16, offset: 0 }, deployed);
    const transfer = procs.items.find((i) => i.label === "transfer")!;
    expect(transfer.insertText).toBe("transfer(${1:to}, ${2:amount})");
    expect(transfer.detail).toBe("PROCEDURE transfer (to ADDRESS, amount INTEGER)");
    expect(procs.items.map((i) => i.label)).toContain("balanceOf");
  });

  it("after EMIT lists the events", () => {
    const c = complete(symbols, "  EMIT ", { line: 1, column: 8, offset: 0 });
    expect(c.items.map((i) => i.label).sort()).toEqual(["Opened", "Settled"]);
  });
});

let compiledTokenAbi: Awaited<ReturnType<typeof compileContract>> extends infer R ? (R extends { ok: true; abi: infer A } ? A : never) : never;
{
  const r = await compileContract(TOKEN_EXAMPLE);
  if (!r.ok) throw new Error("the token example must compile");
  compiledTokenAbi = r.abi;
}

describe("hover and definition", () => {
  const source = TOKEN_EXAMPLE;
  const symbols = extractSymbols(source);

  it("a table name goes to its CREATE TABLE line; a column to its declaration; :param to the parameter", () => {
    const table = at(source, "UPDATE balances", "UPDATE ".length + 2);
    const def = definition(symbols, table.lineText, table.pos)!;
    expect(source.split("\n")[def.line - 1]).toMatch(/^CREATE TABLE balances/);
    expect(source.split("\n")[def.line - 1]!.slice(def.column - 1, def.endColumn - 1)).toBe("balances");

    const param = at(source, "REQUIRE :amount > 0", "REQUIRE :".length + 1);
    const pdef = definition(symbols, param.lineText, param.pos)!;
    expect(source.split("\n")[pdef.line - 1]).toContain("PROCEDURE transfer (to ADDRESS, amount INTEGER)");
    expect(source.split("\n")[pdef.line - 1]!.slice(pdef.column - 1, pdef.endColumn - 1)).toBe("amount");

    const event = at(source, "EMIT Transfer", "EMIT ".length + 1);
    const edef = definition(symbols, event.lineText, event.pos)!;
    expect(source.split("\n")[edef.line - 1]).toMatch(/^EVENT Transfer/);
  });

  it("hovers show a built-in's signature and doc, a keyword's doc, a table's columns and a parameter's type", () => {
    const sender = at(source, "SENDER()", 2);
    expect(hover(symbols, sender.lineText, sender.pos)!.contents).toMatch(/^SENDER\(\) → ADDRESS — The account that signed/);
    const require = at(source, "REQUIRE :amount > 0", 2);
    expect(hover(symbols, require.lineText, require.pos)!.contents).toMatch(/^REQUIRE — `REQUIRE cond, 'message';` reverts/);
    const table = at(source, "UPDATE balances", "UPDATE ".length);
    expect(hover(symbols, table.lineText, table.pos)!.contents).toBe("TABLE balances (owner ADDRESS, amount INTEGER)");
    const param = at(source, "VALUES (:to", "VALUES (:".length);
    expect(hover(symbols, param.lineText, param.pos)!.contents).toBe("(parameter) :to ADDRESS — procedure transfer");
  });
});

describe("format document", () => {
  it.each(examples)("keeps $file compiling to the same ABI, and is idempotent", async ({ source }) => {
    const before = await compileContract(source);
    const messy = source
      .split("\n")
      .map((l, i) => (i % 3 === 0 ? `    ${l.trimStart()}   ` : l))
      .join("\n")
      .replace(/\bREQUIRE\b/g, "require")
      .replace(/\bBEGIN\b/g, "begin")
      .replace(/\bSELECT\b/g, "select");
    const formatted = formatAergoSql(messy);
    const after = await compileContract(formatted);
    expect(before.ok && after.ok).toBe(true);
    if (!before.ok || !after.ok) return;
    expect(after.abi).toEqual(before.abi);
    expect(formatAergoSql(formatted)).toBe(formatted);
    expect(formatted).not.toMatch(/\brequire\b|\bbegin\b/);
    expect(formatted).not.toMatch(/[ \t]+\n/);
  });

  it("indents BEGIN … END and IF … END IF blocks and upper-cases keywords but not names", () => {
    const src = [
      "contract Vault;",
      "create table deposits (owner ADDRESS primary key, amount AMOUNT not null);",
      "procedure withdraw (to ADDRESS, amount AMOUNT) returns AMOUNT as",
      "begin",
      "let held = coalesce((select amount from deposits where owner = sender()), 0);",
      "if :amount = :held then",
      "delete from deposits where owner = sender();",
      "else",
      "update deposits set amount = amount - :amount",
      "  where owner = sender();",
      "end if;",
      "transfer :to, :amount;",
      "return :held - :amount;",
      "end;",
      "view total () returns AMOUNT as select coalesce(sum(amount), 0) from deposits;",
    ].join("\n");
    expect(formatAergoSql(src)).toBe(
      [
        "CONTRACT Vault;",
        "CREATE TABLE deposits (owner ADDRESS PRIMARY KEY, amount AMOUNT NOT NULL);",
        "PROCEDURE withdraw (to ADDRESS, amount AMOUNT) RETURNS AMOUNT AS",
        "BEGIN",
        "  LET held = coalesce((SELECT amount FROM deposits WHERE owner = sender()), 0);",
        "  IF :amount = :held THEN",
        "    DELETE FROM deposits WHERE owner = sender();",
        "  ELSE",
        "    UPDATE deposits SET amount = amount - :amount",
        "      WHERE owner = sender();",
        "  END IF;",
        "  TRANSFER :to, :amount;",
        "  RETURN :held - :amount;",
        "END;",
        "VIEW total () RETURNS AMOUNT AS SELECT coalesce(sum(amount), 0) FROM deposits;",
        "",
      ].join("\n"),
    );
  });

  it("leaves a view's result column names as written (they are the ABI's columns)", async () => {
    const src = "CONTRACT M;\nCREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);\nview all_ () as select key, value is not null from meta;\n";
    const formatted = formatAergoSql(src);
    expect(formatted).toContain("VIEW all_ () AS SELECT key, value is not null FROM meta;");
    const [a, b] = await Promise.all([compileContract(src), compileContract(formatted)]);
    expect(a.ok && b.ok && b.abi).toEqual(a.ok && a.abi);
  });

  it("returns a source that does not parse unchanged", () => {
    const broken = "contract X;\nprocedure p () as begin require 1 end;";
    expect(formatAergoSql(broken)).toBe(broken);
  });
});
