/**
 * The AergoSQL compiler: source text → artifact (what nodes execute) + ABI (what clients see),
 * or diagnostics. It never throws on bad source.
 *
 * Every piece of SQL in the contract is checked by SQLite itself: the tables and indexes are
 * created in a scratch in-memory database configured exactly like a contract's, then each body
 * statement is prepared against that schema under the same authorizer the runtime installs.
 * So unknown tables or columns, syntax errors, wrong function arities, writes inside a view and
 * forbidden functions all come back as diagnostics at the right line and column, and a contract
 * that compiles is one SQLite will run.
 */
import { sha256, toHex, utf8Bytes } from "../../crypto/hash.ts";
import {
  ARTIFACT_FORMAT,
  type CompileResult,
  type CompiledRoutine,
  type CompiledStmt,
  type ContractAbi,
  type ContractArtifact,
  type Diagnostic,
  type EventAbi,
  type MergePolicyAbi,
  type MigrationStmt,
  type ParamAbi,
  type SqlType,
  type TableSchema,
} from "../types.ts";
import { ContractAuthorizer, type AuthMode } from "../runtime/authorizer.ts";
import { DEFAULT_LIMITS, SCRATCH_MAX_PAGES } from "../runtime/limits.ts";
import { loadAergoSqlite } from "../runtime/instance.ts";
import type { Sqlite } from "../runtime/sqlite.ts";
import { CompileCode, diag } from "./diagnostics.ts";
import { parseContract, type CallAst, type ItemAst, type Range, type RoutineAst, type StmtAst } from "./parser.ts";
import { SqlBuilder, rewriteRange, type ParamScope, type ScopeEntry } from "./sqlText.ts";
import { RESERVED_WORDS, quoteName, reservedWordMessage, rewriteCreateTable } from "./tables.ts";
import { isWord, tokenize, type Token } from "./tokenizer.ts";
import { formatCount } from "../../numberText.ts";

export type CompileOptions = {
  /** Source size limit in UTF-8 bytes (default 128 KiB). */
  readonly maxSourceBytes?: number;
};

/** The statements a MIGRATE block may hold (first word). */
const MIGRATE_STARTS = new Set(["CREATE", "DROP", "ALTER", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"]);

const NUMERIC_TYPES = /INT|REAL|FLOA|DOUB|NUM|DEC|AMOUNT/;

/** A compiler bound to a loaded SQLite: `compile(source)` is synchronous. */
export type SqlCompiler = { compile(source: string, options?: CompileOptions): CompileResult };

/** Loads SQLite (once per process) and returns a synchronous compiler. */
export async function createSqlCompiler(): Promise<SqlCompiler> {
  const sqlite = await loadAergoSqlite();
  return { compile: (source, options) => compileWith(sqlite, source, options) };
}

/**
 * Compiles an AergoSQL contract.
 * @example
 *   const r = await compileContract("CONTRACT Hello; CREATE TABLE t (k TEXT PRIMARY KEY);");
 *   if (!r.ok) for (const d of r.diagnostics) console.log(formatDiagnostic(d, "hello.sql"));
 */
export async function compileContract(source: string, options?: CompileOptions): Promise<CompileResult> {
  return compileWith(await loadAergoSqlite(), source, options);
}

/** Compiles with an already loaded SQLite; never throws on bad source. */
export function compileWith(sqlite: Sqlite, source: string, options: CompileOptions = {}): CompileResult {
  const max = options.maxSourceBytes ?? DEFAULT_LIMITS.maxSourceBytes;
  if (typeof source !== "string") {
    return { ok: false, diagnostics: [{ line: 1, column: 1, severity: "error", message: "The source must be text.", code: CompileCode.Syntax }] };
  }
  const size = utf8Bytes(source).length;
  if (size > max) {
    return {
      ok: false,
      diagnostics: [
        { line: 1, column: 1, severity: "error", message: `The source is ${formatCount(size)} bytes; the limit is ${formatCount(max)} bytes.`, code: CompileCode.SourceTooLarge },
      ],
    };
  }
  return new Compilation(sqlite, source).run();
}

type Scope = Map<string, ScopeEntry & { readonly slot: number; readonly isParam: boolean }>;

class Compilation {
  private readonly diagnostics: Diagnostic[] = [];
  private toks: Token[] = [];
  private db = 0;
  private readonly authorizer = new ContractAuthorizer([]);
  private readonly tables: TableSchema[] = [];
  private readonly ddl: string[] = [];
  private events: EventAbi[] = [];

  constructor(
    private readonly sqlite: Sqlite,
    private readonly source: string,
  ) {}

  run(): CompileResult {
    const { tokens, errors } = tokenize(this.source);
    this.toks = tokens;
    for (const e of errors) this.diagnostics.push({ line: e.line, column: e.col, severity: "error", message: e.message, code: CompileCode.Lexical });
    const { ast, diagnostics } = parseContract(tokens);
    this.diagnostics.push(...diagnostics);
    let artifact: ContractArtifact | null = null;
    try {
      this.db = this.sqlite.openDb({ maxPageCount: SCRATCH_MAX_PAGES, maxLength: DEFAULT_LIMITS.maxRowBytes });
      const owner = {
        authorize: (code: number, a1: string | null, a2: string | null, a3: string | null, a4: string | null) => this.authorizer.authorize(code, a1, a2, a3, a4),
        progress: () => 0,
        preupdate: () => {},
        builtins: { contextValue: () => null, balanceOf: () => 0 },
      };
      this.sqlite.attachCallbacks(this.db, owner, 1000);
      artifact = this.build(ast.name, ast.items);
    } catch (e) {
      // A compiler bug must still come back as a diagnostic, not a stack trace.
      this.diagnostics.push({ line: 1, column: 1, severity: "error", message: `Internal compiler error: ${e instanceof Error ? e.message : String(e)}`, code: "INTERNAL" });
    } finally {
      if (this.db) this.sqlite.closeDb(this.db);
    }
    const sorted = [...this.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
    if (!artifact || sorted.some((d) => d.severity === "error")) return { ok: false, diagnostics: sorted };
    return { ok: true, artifact, abi: abiOf(artifact), diagnostics: sorted };
  }

  private error(tok: Token, message: string, code: string, to?: Token) {
    this.diagnostics.push(diag(tok, message, code, "error", to));
  }

  private build(name: string | null, items: ItemAst[]): ContractArtifact | null {
    // Schema first: bodies may use tables declared after them.
    for (const item of items) if (item.kind === "table") this.compileTable(item.range, item.first);
    for (const item of items) if (item.kind === "index") this.compileIndex(item.range);
    this.authorizer.setTables(this.tables.map((t) => t.name));

    const events: EventAbi[] = [];
    for (const item of items) {
      if (item.kind !== "event") continue;
      if (events.some((e) => e.name.toLowerCase() === item.name.toLowerCase())) this.error(item.nameTok, `The event ${item.name} is declared twice.`, CompileCode.Duplicate);
      else events.push({ name: item.name, params: item.params.map((p) => ({ name: p.name, type: p.type })) });
    }
    this.events = events;

    const routines = items.filter((i): i is RoutineAst => i.kind === "routine");
    const seen = new Map<string, RoutineAst>();
    let ctor: RoutineAst | null = null;
    for (const r of routines) {
      if (r.routine === "constructor") {
        if (ctor) this.error(r.first, "A contract has at most one CONSTRUCTOR.", CompileCode.Duplicate);
        ctor = r;
        continue;
      }
      const prior = seen.get(r.name.toLowerCase());
      if (prior) this.error(r.nameTok, `${r.name} is already declared as a ${prior.routine} on line ${prior.nameTok.line}.`, CompileCode.Duplicate);
      else seen.set(r.name.toLowerCase(), r);
    }

    const policies = this.compilePolicies(items, seen);
    const resolverTable = new Map<string, TableSchema>();
    for (const p of policies) if (p.resolver) resolverTable.set(p.resolver.toLowerCase(), this.tables.find((t) => t.name === p.table)!);

    const compiled = (r: RoutineAst) => this.compileRoutine(r, resolverTable.get(r.name.toLowerCase()) ?? null);
    const constructor = ctor ? compiled(ctor) : null;
    const procedures = routines.filter((r) => r.routine === "procedure" && seen.get(r.name.toLowerCase()) === r).map(compiled);
    const views = routines.filter((r) => r.routine === "view" && seen.get(r.name.toLowerCase()) === r).map(compiled);
    const migration = this.compileMigration(items);
    if (!name) return null;
    return {
      format: ARTIFACT_FORMAT,
      name,
      sourceHash: toHex(sha256(utf8Bytes(this.source))),
      ddl: this.ddl,
      tables: this.tables,
      events,
      constructor,
      procedures,
      views,
      mergePolicies: policies,
      ...(migration ? { migration } : {}),
    };
  }

  /**
   * The MIGRATE block's statements, rewritten like the rest (ADDRESS and AMOUNT columns in a
   * CREATE TABLE). They run against the OLD schema, which only a redeploy knows: upgrade.ts
   * prepares and runs them there.
   */
  private compileMigration(items: ItemAst[]): MigrationStmt[] | null {
    const blocks = items.filter((i): i is Extract<ItemAst, { kind: "migrate" }> => i.kind === "migrate");
    for (const extra of blocks.slice(1)) this.error(extra.first, "A contract has at most one MIGRATE block.", CompileCode.Duplicate);
    const block = blocks[0];
    if (!block) return null;
    const out: MigrationStmt[] = [];
    for (const range of block.statements) {
      const head = this.toks[range.start]!;
      const next = this.toks[range.start + 1];
      const word = head.kind === "ident" ? head.value : "";
      if (!MIGRATE_STARTS.has(word) || (word === "CREATE" && !(isWord(next, "TABLE") || isWord(next, "INDEX") || isWord(next, "UNIQUE")))) {
        this.error(head, "A MIGRATE block holds CREATE TABLE, CREATE INDEX, DROP, ALTER TABLE, INSERT, UPDATE and DELETE statements.", CompileCode.ForbiddenStatement);
        continue;
      }
      let sql: string | null = null;
      if (word === "CREATE" && isWord(next, "TABLE")) sql = rewriteCreateTable(this.toks, range, this.diagnostics)?.sql.sql ?? null;
      else {
        const b = new SqlBuilder();
        if (rewriteRange(b, this.toks, range, { scope: null, builtins: false, diagnostics: this.diagnostics })) sql = b.sql;
      }
      if (sql) out.push({ sql, line: head.line, column: head.col });
    }
    return out;
  }

  // ---- SQL checking ------------------------------------------------------------------------

  /** Prepares `b.sql` in the scratch database; reports SQLite's error at the right token. */
  private check(b: SqlBuilder, mode: AuthMode): { columns: string[]; readonly: boolean } | null {
    const { sqlite } = this;
    this.authorizer.mode = mode;
    this.authorizer.denial = null;
    const r = sqlite.prepare(this.db, b.sql, false);
    this.authorizer.mode = "trusted";
    if ("error" in r) {
      const first = b.firstToken ?? this.toks[0]!;
      const denial = this.authorizer.takeDenial();
      if (denial) {
        this.error(first, denial.message, denial.code, b.lastToken ?? first);
      } else {
        const at = b.locate(r.offset) ?? first;
        this.error(at, this.explain(r.error, at), sqlCode(r.error));
      }
      return null;
    }
    const columns = sqlite.columnNames(r.stmt);
    const readonly = sqlite.x.sqlite3_stmt_readonly(r.stmt) !== 0;
    sqlite.x.sqlite3_finalize(r.stmt);
    if (r.tail.trim()) {
      this.error(b.firstToken ?? this.toks[0]!, "One statement at a time: end each with ;.", CompileCode.Syntax);
      return null;
    }
    return { columns, readonly };
  }

  /** SQLite's message, with a hint when a keyword was used as a name. */
  private explain(message: string, at: Token): string {
    const near = /near "([^"]+)": syntax error/.exec(message);
    if (!near || !RESERVED_WORDS.has(near[1]!.toUpperCase()) || at.kind !== "ident") return message;
    // Only where a name is expected: between separators, as in INSERT INTO t (from, to).
    const i = this.toks.indexOf(at);
    const prev = this.toks[i - 1];
    const next = this.toks[i + 1];
    const sep = (t: Token | undefined) => !!t && t.kind === "op" && [",", "(", ")", ".", "="].includes(t.text);
    return sep(prev) && sep(next) ? `${message}. ${reservedWordMessage(near[1]!)}` : message;
  }

  private runDdl(b: SqlBuilder): boolean {
    const { sqlite } = this;
    this.authorizer.mode = "ddl";
    this.authorizer.denial = null;
    const r = sqlite.prepare(this.db, b.sql, false);
    if ("error" in r) {
      this.authorizer.mode = "trusted";
      const first = b.firstToken ?? this.toks[0]!;
      const denial = this.authorizer.takeDenial();
      if (denial) this.error(first, denial.message, denial.code, b.lastToken ?? first);
      else {
        const at = b.locate(r.offset) ?? first;
        this.error(at, this.explain(r.error, at), sqlCode(r.error));
      }
      return false;
    }
    const rc = sqlite.x.sqlite3_step(r.stmt);
    sqlite.x.sqlite3_finalize(r.stmt);
    this.authorizer.mode = "trusted";
    if (rc !== 101) {
      this.error(b.firstToken ?? this.toks[0]!, sqlite.errmsg(this.db), CompileCode.Sql);
      return false;
    }
    return true;
  }

  private compileTable(range: Range, first: Token) {
    const declared = rewriteCreateTable(this.toks, range, this.diagnostics);
    if (!declared) return;
    let decl = declared;
    if (this.tables.some((t) => t.name.toLowerCase() === declared.name.toLowerCase())) {
      this.error(decl.nameTok, `The table ${decl.name} is declared twice.`, CompileCode.Duplicate);
      return;
    }
    this.authorizer.setTables([...this.tables.map((t) => t.name), decl.name]);
    if (!this.runDdl(decl.sql)) return;
    let info = this.tableInfo(decl.name);
    // SQLite lets a non-INTEGER primary key hold NULL (and several NULLs at that), which would
    // give two rows one state key: such keys get a NOT NULL check.
    const rowidAlias = info.filter((c) => c.pk > 0).length === 1 && info.find((c) => c.pk > 0)!.type.toUpperCase() === "INTEGER";
    const nullable = info.filter((c) => c.pk > 0 && !c.notNull && !rowidAlias);
    if (nullable.length) {
      const extra = nullable.map((c) => `, CONSTRAINT ${quoteName(`${c.name} (primary key) must not be NULL`)} CHECK (${quoteName(c.name)} IS NOT NULL)`).join("");
      const rebuilt = rewriteCreateTable(this.toks, range, this.diagnostics, extra);
      if (!rebuilt || this.sqlite.exec(this.db, `DROP TABLE ${quoteName(decl.name)}`) || !this.runDdl(rebuilt.sql)) return;
      decl = rebuilt;
      info = this.tableInfo(decl.name).map((c) => (c.pk > 0 ? { ...c, notNull: true } : c));
    }
    const columns = info.map((c) => {
      const declared = decl.columns.find((d) => d.name.toLowerCase() === c.name.toLowerCase());
      return { name: c.name, type: declared?.type || c.type, notNull: c.notNull, pk: c.pk };
    });
    const pkIndexes = columns
      .map((c, i) => [c.pk, i] as const)
      .filter(([pk]) => pk > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([, i]) => i);
    if (!pkIndexes.length) {
      this.error(decl.nameTok, `The table ${decl.name} needs a PRIMARY KEY: rows are identified by it in the state tree, in proofs and in merges.`, CompileCode.MissingPrimaryKey);
      return;
    }
    this.tables.push({ name: decl.name, columns, primaryKey: pkIndexes.map((i) => columns[i]!.name), pkIndexes });
    this.ddl.push(decl.sql.sql);
    void first;
  }

  private tableInfo(table: string): { name: string; type: string; notNull: boolean; pk: number }[] {
    const { sqlite } = this;
    const r = sqlite.prepare(this.db, `SELECT name, type, "notnull", pk FROM pragma_table_xinfo('${table.replace(/'/g, "''")}')`, false);
    if ("error" in r) throw new Error(r.error);
    const out: { name: string; type: string; notNull: boolean; pk: number }[] = [];
    while (sqlite.x.sqlite3_step(r.stmt) === 100) {
      out.push({ name: String(sqlite.column(r.stmt, 0)), type: String(sqlite.column(r.stmt, 1) ?? ""), notNull: sqlite.column(r.stmt, 2) === 1, pk: Number(sqlite.column(r.stmt, 3)) });
    }
    sqlite.x.sqlite3_finalize(r.stmt);
    return out;
  }

  private compileIndex(range: Range) {
    const b = new SqlBuilder();
    if (!rewriteRange(b, this.toks, range, { scope: null, builtins: false, diagnostics: this.diagnostics })) return;
    if (this.runDdl(b)) this.ddl.push(b.sql);
  }

  // ---- merge policies ----------------------------------------------------------------------

  private compilePolicies(items: ItemAst[], routines: Map<string, RoutineAst>): MergePolicyAbi[] {
    const out: MergePolicyAbi[] = [];
    const covered = new Set<string>();
    for (const item of items) {
      if (item.kind !== "policy") continue;
      const table = this.tables.find((t) => t.name.toLowerCase() === item.table.toLowerCase());
      if (!table) {
        this.error(item.tableTok, `MERGE POLICY names ${item.table}, which is not a table of this contract.`, CompileCode.UnknownTable);
        continue;
      }
      let columns: string[] | null = null;
      let bad = false;
      if (item.columns) {
        columns = [];
        for (const c of item.columns) {
          const col = table.columns.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
          if (!col) {
            this.error(c.tok, `The table ${table.name} has no column ${c.name}.`, CompileCode.UnknownColumn);
            bad = true;
            continue;
          }
          if (item.policy === "additive" && (col.pk > 0 || !NUMERIC_TYPES.test(col.type.toUpperCase()))) {
            this.error(c.tok, `ADDITIVE sums numbers: ${table.name}.${col.name} is ${col.pk > 0 ? "part of the primary key" : `of type ${col.type || "ANY"}`}.`, CompileCode.BadPolicy);
            bad = true;
          }
          columns.push(col.name);
        }
      } else if (item.policy === "additive") {
        this.error(item.first, `ADDITIVE needs the numeric columns it sums, as in MERGE POLICY ${table.name} (amount) ADDITIVE;`, CompileCode.BadPolicy);
        bad = true;
      }
      for (const key of columns ?? ["*"]) {
        const id = `${table.name.toLowerCase()}.${key.toLowerCase()}`;
        if (covered.has(id) || covered.has(`${table.name.toLowerCase()}.*`)) {
          this.error(item.tableTok, `${table.name}${key === "*" ? "" : `.${key}`} already has a merge policy.`, CompileCode.Duplicate);
          bad = true;
        }
        covered.add(id);
      }
      let resolver: string | undefined;
      if (item.resolver) {
        const proc = routines.get(item.resolver.name.toLowerCase());
        if (!proc || proc.routine !== "procedure") {
          this.error(item.resolver.tok, `RESOLVE WITH names ${item.resolver.name}, which is not a procedure of this contract.`, CompileCode.UnknownProcedure);
          bad = true;
        } else if (proc.params.length !== 3 || proc.params.some((p) => p.type !== "ROW")) {
          this.error(item.resolver.tok, `A resolver procedure takes (ours ROW, theirs ROW, base ROW); ${proc.name} does not.`, CompileCode.BadPolicy);
          bad = true;
        } else resolver = proc.name;
      }
      if (!bad) out.push({ table: table.name, columns, policy: item.policy, ...(resolver ? { resolver } : {}) });
    }
    return out;
  }

  // ---- routines ----------------------------------------------------------------------------

  private compileRoutine(r: RoutineAst, rowTable: TableSchema | null): CompiledRoutine {
    const scope: Scope = new Map();
    const slots: string[] = [];
    const rowColumns = rowTable ? new Set(rowTable.columns.map((c) => c.name.toLowerCase())) : null;
    for (const p of r.params) {
      scope.set(p.name, { type: p.type, rowColumns: p.type === "ROW" ? rowColumns : null, slot: slots.length, isParam: true });
      slots.push(p.name);
    }
    const ctx: RoutineCtx = { r, scope, slots, mode: r.routine === "view" ? "read" : "write", returns: 0, columns: undefined };
    const body = this.compileStmts(r.body, ctx);
    if (r.routine === "view" && ctx.returns === 0) this.error(r.nameTok, `The view ${r.name} never RETURNs its result.`, CompileCode.MissingReturn);
    if (r.routine === "procedure" && r.returns && ctx.returns === 0) this.error(r.nameTok, `${r.name} declares RETURNS ${r.returns} but never RETURNs a value.`, CompileCode.MissingReturn);
    const params: ParamAbi[] = r.params.map((p) => ({ name: p.name, type: p.type }));
    return { name: r.name, kind: r.routine, params, returns: r.returns, slots, body, line: r.first.line, ...(ctx.columns ? { columns: ctx.columns } : {}) };
  }

  private compileStmts(stmts: readonly StmtAst[], ctx: RoutineCtx): CompiledStmt[] {
    const out: CompiledStmt[] = [];
    for (const s of stmts) {
      const c = this.compileStmt(s, ctx);
      if (c) out.push(c);
    }
    return out;
  }

  private scopeView(ctx: RoutineCtx): ParamScope {
    return { get: (n) => ctx.scope.get(n), names: () => [...ctx.scope.keys()] };
  }

  /** Builds `prefix ‖ rewritten ranges joined by sep ‖ suffix` and checks it with SQLite. */
  private sql(ctx: RoutineCtx, parts: { prefix?: string; ranges: Range[]; sep?: string; suffix?: string }): { sql: string; columns: string[]; readonly: boolean } | null {
    const b = new SqlBuilder();
    if (parts.prefix) b.raw(parts.prefix);
    let ok = true;
    parts.ranges.forEach((range, i) => {
      if (i > 0 && parts.sep) b.raw(parts.sep);
      ok = rewriteRange(b, this.toks, range, { scope: this.scopeView(ctx), builtins: true, diagnostics: this.diagnostics }) && ok;
    });
    if (parts.suffix) b.raw(parts.suffix);
    if (!ok) return null;
    const checked = this.check(b, ctx.mode);
    return checked ? { sql: b.sql, ...checked } : null;
  }

  private compileStmt(s: StmtAst, ctx: RoutineCtx): CompiledStmt | null {
    const line = s.first.line;
    switch (s.kind) {
      case "sql": {
        const r = this.sql(ctx, { ranges: [s.range] });
        if (!r) return null;
        if (ctx.mode === "read" && !r.readonly) {
          this.error(s.first, `A VIEW is read-only: ${s.first.text.toUpperCase()} is not allowed here.`, CompileCode.WriteInView);
          return null;
        }
        if (r.readonly && r.columns.length > 0) {
          this.diagnostics.push(diag(s.first, "This SELECT's result is discarded: use RETURN SELECT … or LET name = (SELECT …).", CompileCode.ResultDiscarded, "warning"));
        }
        return { op: "exec", sql: r.sql, line };
      }
      case "require": {
        const r = this.sql(ctx, { prefix: "SELECT CASE WHEN (", ranges: [s.cond], suffix: ") THEN 1 ELSE 0 END" });
        return r ? { op: "require", sql: r.sql, message: s.message, line } : null;
      }
      case "let": {
        const existing = ctx.scope.get(s.name);
        if (existing?.isParam) {
          this.error(s.nameTok, `:${s.name} is a parameter; LET defines a new name.`, CompileCode.Duplicate);
          return null;
        }
        let stmt: CompiledStmt | null;
        const slot = existing ? existing.slot : ctx.slots.length;
        if (s.call) stmt = this.compileCall(s.call, ctx, line, slot);
        else {
          const r = this.sql(ctx, { prefix: "SELECT (", ranges: [s.expr!], suffix: ")" });
          stmt = r ? { op: "let", slot, sql: r.sql, line } : null;
        }
        // The name exists from the next statement on (so `LET x = :x + 1` reads the old x).
        if (!existing) {
          ctx.scope.set(s.name, { type: "TEXT", rowColumns: null, slot, isParam: false });
          ctx.slots.push(s.name);
        }
        return stmt;
      }
      case "if": {
        const arms: { sql: string; line: number; body: CompiledStmt[] }[] = [];
        let ok = true;
        for (const arm of s.arms) {
          const r = this.sql(ctx, { prefix: "SELECT CASE WHEN (", ranges: [arm.cond], suffix: ") THEN 1 ELSE 0 END" });
          const body = this.compileStmts(arm.body, ctx);
          if (!r) ok = false;
          else arms.push({ sql: r.sql, line: arm.first.line, body });
        }
        const otherwise = this.compileStmts(s.otherwise, ctx);
        return ok ? { op: "if", arms, otherwise } : null;
      }
      case "emit": {
        const ev = this.events.find((e) => e.name === s.event) ?? this.events.find((e) => e.name.toLowerCase() === s.event.toLowerCase());
        if (!ev) {
          this.error(s.eventTok, `Unknown event ${s.event}: declare it with EVENT ${s.event} (…);`, CompileCode.UnknownEvent);
          return null;
        }
        if (ev.params.length !== s.args.length) {
          this.error(s.eventTok, `${ev.name} takes ${ev.params.length} argument${ev.params.length === 1 ? "" : "s"} (${ev.params.map((p) => p.name).join(", ")}); ${s.args.length} given.`, CompileCode.ArgumentCount);
          return null;
        }
        if (!s.args.length) return { op: "emit", event: ev.name, sql: "SELECT 1", line };
        const r = this.sql(ctx, { prefix: "SELECT ", ranges: s.args, sep: ", " });
        return r ? { op: "emit", event: ev.name, sql: r.sql, line } : null;
      }
      case "transfer": {
        const r = this.sql(ctx, { prefix: "SELECT ", ranges: [s.to, s.amount], sep: ", " });
        return r ? { op: "transfer", sql: r.sql, line } : null;
      }
      case "return": {
        ctx.returns++;
        if (!s.expr) {
          if (ctx.r.routine === "view") {
            this.error(s.first, "A view's RETURN needs a value or a SELECT.", CompileCode.MissingReturn);
            return null;
          }
          return { op: "return", sql: null, shape: "scalar", line };
        }
        const head = this.toks[s.expr.start]!;
        const isQuery = isWord(head, "SELECT") || isWord(head, "WITH") || isWord(head, "VALUES");
        const r = isQuery ? this.sql(ctx, { ranges: [s.expr] }) : this.sql(ctx, { prefix: "SELECT ", ranges: [s.expr] });
        if (!r) return null;
        if (!r.readonly) {
          this.error(head, "RETURN reads; it cannot write.", CompileCode.WriteInView);
          return null;
        }
        let shape: "scalar" | "row" | "rows";
        if (!isQuery) shape = "scalar";
        else if (ctx.r.returns) {
          if (r.columns.length !== 1) {
            this.error(head, `RETURNS ${ctx.r.returns} needs a SELECT of one column; this one has ${r.columns.length}.`, CompileCode.ColumnCount);
            return null;
          }
          shape = "scalar";
        } else if (ctx.r.routine === "view") {
          shape = "rows";
          ctx.columns ??= r.columns;
        } else shape = r.columns.length === 1 ? "scalar" : "row";
        return { op: "return", sql: r.sql, shape, line };
      }
      case "call":
        return this.compileCall(s.call, ctx, line, null);
    }
  }

  private compileCall(call: CallAst, ctx: RoutineCtx, line: number, into: number | null): CompiledStmt | null {
    const ranges = call.target.kind === "expr" ? [call.target.range, ...call.args] : call.args;
    const targetText = call.target.kind === "name" ? call.target.name : this.toks[call.target.range.start]!.text;
    let sql: string | null = null;
    if (ranges.length) {
      const r = this.sql(ctx, { prefix: "SELECT ", ranges, sep: ", " });
      if (!r) return null;
      sql = r.sql;
    }
    return { op: "call", target: call.target.kind === "name" ? call.target.name : null, targetText, proc: call.proc, sql, into, line };
  }
}

type RoutineCtx = {
  readonly r: RoutineAst;
  readonly scope: Scope;
  readonly slots: string[];
  readonly mode: AuthMode;
  returns: number;
  columns: string[] | undefined;
};

function sqlCode(message: string): string {
  if (/^no such table/.test(message)) return CompileCode.UnknownTable;
  if (/^no such column/.test(message)) return CompileCode.UnknownColumn;
  return CompileCode.Sql;
}

/** The public interface of a compiled contract. */
export function abiOf(a: ContractArtifact): ContractAbi {
  const routine = (r: CompiledRoutine) => ({
    name: r.name,
    params: r.params,
    returns: r.returns,
    readonly: r.kind === "view",
    ...(r.columns ? { columns: r.columns } : {}),
    ...(r.params.some((p) => p.type === "ROW") ? { resolver: true } : {}),
  });
  return {
    name: a.name,
    tables: a.tables.map((t) => ({ name: t.name, columns: t.columns, primaryKey: t.primaryKey })),
    constructor: a.constructor ? { params: a.constructor.params } : null,
    procedures: a.procedures.map(routine),
    views: a.views.map(routine),
    events: a.events,
    mergePolicies: a.mergePolicies,
  };
}

export type { SqlType };
