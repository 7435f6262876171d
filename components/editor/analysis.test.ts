import { describe, expect, it } from "vitest";
import { createSqlEngine } from "@/chain/sql/runtime/engine";
import { TOKEN_EXAMPLE } from "@/chain/sql/testing/examples";
import { generateContract } from "@/bench/editor";
import { analyze, formatChecked } from "./analysis";
import { supersededIds } from "./compileQueue";

const engine = await createSqlEngine();

describe("analysis (what the engine worker answers)", () => {
  it("gives the ABI and symbols of a contract that compiles", () => {
    const a = analyze(engine, TOKEN_EXAMPLE);
    expect(a.ok).toBe(true);
    expect(a.abi?.procedures.map((p) => p.name)).toContain("transfer");
    expect(a.symbols.tables.map((t) => t.name)).toEqual(["balances", "meta"]);
  });

  it("puts an error on the line and the token range the compiler reports", () => {
    const source = TOKEN_EXAMPLE.replace("UPDATE balances SET amount", "UPDATE balancez SET amount");
    const line = source.split("\n").findIndex((l) => l.includes("balancez")) + 1;
    const a = analyze(engine, source);
    expect(a.ok).toBe(false);
    expect(a.abi).toBeNull();
    const d = a.diagnostics.find((x) => x.severity === "error")!;
    expect(d).toMatchObject({ line, code: "UNKNOWN_TABLE" });
    expect(source.split("\n")[line - 1]!.slice(d.column - 1, d.endColumn - 1)).toBe("balancez");

    const column = TOKEN_EXAMPLE.replace("WHERE owner = SENDER();\n  INSERT", "WHERE ownr = SENDER();\n  INSERT");
    const c = analyze(engine, column).diagnostics[0]!;
    expect(c.code).toBe("UNKNOWN_COLUMN");
    expect(column.split("\n")[c.line - 1]!.slice(c.column - 1, c.endColumn - 1)).toBe("ownr");
  });

  it("formats a messy source, and refuses nothing that keeps the ABI", () => {
    const messy = TOKEN_EXAMPLE.replace(/\n {2}REQUIRE/g, "\nrequire");
    const r = formatChecked(engine, messy);
    expect(r.changed).toBe(true);
    expect(r.text).toContain("\n  REQUIRE :supply > 0");
    expect(analyze(engine, r.text).abi).toEqual(analyze(engine, TOKEN_EXAMPLE).abi);
  });

  it("the benchmark's 500-line contract compiles (so the benchmark measures real edits of a valid contract)", () => {
    const source = generateContract(500);
    expect(source.split("\n").length).toBeGreaterThanOrEqual(500);
    expect(analyze(engine, source).ok).toBe(true);
  });
});

describe("compile queue", () => {
  it("answers older compiles of a channel as superseded and keeps explicit compiles and other channels", () => {
    const batch = [
      { id: 1, type: "compile", channel: "a.sql" },
      { id: 2, type: "compile", channel: null },
      { id: 3, type: "compile", channel: "a.sql" },
      { id: 4, type: "compile", channel: "b.sql" },
      { id: 5, type: "simulate" },
      { id: 6, type: "compile", channel: "a.sql" },
    ];
    expect([...supersededIds(batch)].sort()).toEqual([1, 3]);
  });
});
