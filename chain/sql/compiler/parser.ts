/**
 * Recursive-descent parser for the contract layer of AergoSQL. SQL inside a contract (table
 * definitions, statements, expressions) is not parsed here: it is kept as token ranges and
 * checked by SQLite itself (see check.ts), which is the only parser that can say exactly what
 * SQLite will accept. This layer only has to find where each piece of SQL starts and ends:
 * at a top-level `;`, `,`, `)` or THEN, counting parentheses and CASE … END.
 */
import { SQL_TYPES, type Diagnostic, type SqlType, type MergePolicyKind } from "../types.ts";
import { isOp, isWord, type Token } from "./tokenizer.ts";
import { CompileCode, diag } from "./diagnostics.ts";

/** Token indexes [start, end). */
export type Range = { readonly start: number; readonly end: number };

export type ParamDecl = { readonly name: string; readonly type: SqlType; readonly tok: Token };

export type CallAst = {
  readonly target: { readonly kind: "name"; readonly name: string; readonly tok: Token } | { readonly kind: "expr"; readonly range: Range };
  readonly proc: string;
  readonly procTok: Token;
  readonly args: Range[];
};

export type StmtAst =
  | { readonly kind: "sql"; readonly range: Range; readonly first: Token }
  | { readonly kind: "require"; readonly cond: Range; readonly message: string; readonly first: Token }
  | { readonly kind: "let"; readonly name: string; readonly nameTok: Token; readonly expr: Range | null; readonly call: CallAst | null; readonly first: Token }
  | {
      readonly kind: "if";
      readonly arms: ReadonlyArray<{ readonly cond: Range; readonly body: StmtAst[]; readonly first: Token }>;
      readonly otherwise: StmtAst[];
      readonly first: Token;
    }
  | { readonly kind: "emit"; readonly event: string; readonly eventTok: Token; readonly args: Range[]; readonly first: Token }
  | { readonly kind: "transfer"; readonly to: Range; readonly amount: Range; readonly first: Token }
  | { readonly kind: "return"; readonly expr: Range | null; readonly first: Token }
  | { readonly kind: "call"; readonly call: CallAst; readonly first: Token };

export type RoutineAst = {
  readonly kind: "routine";
  readonly routine: "constructor" | "procedure" | "view";
  readonly name: string;
  readonly nameTok: Token;
  readonly params: ParamDecl[];
  readonly returns: SqlType | null;
  readonly body: StmtAst[];
  /** `VIEW v() AS SELECT …;` rather than a BEGIN … END body. */
  readonly selectForm: boolean;
  readonly first: Token;
};

export type ItemAst =
  | { readonly kind: "table"; readonly range: Range; readonly first: Token }
  | { readonly kind: "index"; readonly range: Range; readonly first: Token }
  | { readonly kind: "event"; readonly name: string; readonly nameTok: Token; readonly params: ParamDecl[] }
  | RoutineAst
  /** `MIGRATE BEGIN <sql>; … END;`: how a redeploy turns the old tables into the declared ones. */
  | { readonly kind: "migrate"; readonly statements: Range[]; readonly first: Token }
  | {
      readonly kind: "policy";
      readonly table: string;
      readonly tableTok: Token;
      readonly columns: ReadonlyArray<{ readonly name: string; readonly tok: Token }> | null;
      readonly policy: MergePolicyKind;
      readonly resolver: { readonly name: string; readonly tok: Token } | null;
      readonly first: Token;
    };

export type ContractAst = { readonly name: string | null; readonly nameTok: Token | null; readonly items: ItemAst[] };

const TYPE_ALIASES: Record<string, SqlType> = { INT: "INTEGER", BOOL: "BOOLEAN" };
const ITEM_WORDS = new Set(["CREATE", "EVENT", "CONSTRUCTOR", "PROCEDURE", "VIEW", "MERGE", "MIGRATE", "CONTRACT"]);
const SQL_STARTS = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "REPLACE", "VALUES"]);

/** Statements a contract may never run, with the reason given to the author. */
export const FORBIDDEN_STATEMENTS: Record<string, string> = {
  PRAGMA: "PRAGMA is not allowed in a contract: it reads or changes the database engine's settings.",
  ATTACH: "ATTACH is not allowed: a contract only sees its own tables.",
  DETACH: "DETACH is not allowed: a contract only sees its own tables.",
  VACUUM: "VACUUM is not allowed in a contract.",
  ANALYZE: "ANALYZE is not allowed: query plans must not depend on statistics.",
  REINDEX: "REINDEX is not allowed in a contract.",
  BEGIN: "Transactions are managed by the chain: every call already runs all or nothing.",
  COMMIT: "Transactions are managed by the chain: every call already runs all or nothing.",
  ROLLBACK: "Transactions are managed by the chain: use REQUIRE to revert.",
  SAVEPOINT: "Savepoints are managed by the chain: every call already runs all or nothing.",
  RELEASE: "Savepoints are managed by the chain: every call already runs all or nothing.",
  CREATE: "Tables and indexes are declared at the top level of the contract, not inside a body.",
  DROP: "DROP is not allowed: a contract's schema changes only by REDEPLOY.",
  ALTER: "ALTER is not allowed: a contract's schema changes only by REDEPLOY.",
  EXPLAIN: "EXPLAIN is not allowed in a contract.",
};

class ParseFailure extends Error {}

/** Parses the token stream of a contract; never throws. */
export function parseContract(tokens: readonly Token[]): { ast: ContractAst; diagnostics: Diagnostic[] } {
  return new Parser(tokens).parseFile();
}

class Parser {
  private pos = 0;
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly toks: readonly Token[]) {}

  private get cur(): Token {
    return this.toks[this.pos]!;
  }
  private peek(k = 1): Token {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)]!;
  }
  private fail(tok: Token, message: string, code: string = CompileCode.Syntax): never {
    this.diagnostics.push(diag(tok, message, code));
    throw new ParseFailure(message);
  }
  private describe(t: Token): string {
    return t.kind === "eof" ? "the end of the file" : JSON.stringify(t.text);
  }
  private expectOp(op: string, what?: string): Token {
    const t = this.cur;
    if (!isOp(t, op)) this.fail(t, `Expected ${what ?? `"${op}"`} but found ${this.describe(t)}.`);
    this.pos++;
    return t;
  }
  private expectWord(word: string, what?: string): Token {
    const t = this.cur;
    if (!isWord(t, word)) this.fail(t, `Expected ${what ?? word} but found ${this.describe(t)}.`);
    this.pos++;
    return t;
  }
  /** A name: a bare word (keywords included, this layer is unambiguous) or a "quoted" name. */
  private name(what: string): Token {
    const t = this.cur;
    if (t.kind !== "ident" && t.kind !== "qident") this.fail(t, `Expected ${what} but found ${this.describe(t)}.`);
    this.pos++;
    return t;
  }
  private nameOf(t: Token): string {
    return t.kind === "qident" ? t.value : t.text;
  }

  parseFile(): { ast: ContractAst; diagnostics: Diagnostic[] } {
    let name: string | null = null;
    let nameTok: Token | null = null;
    const items: ItemAst[] = [];
    if (isWord(this.cur, "CONTRACT")) {
      try {
        this.pos++;
        nameTok = this.name("the contract's name");
        name = this.nameOf(nameTok);
        this.expectOp(";", `";" after CONTRACT ${name}`);
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
        this.recover();
      }
    } else {
      this.diagnostics.push(diag(this.cur, "A contract source starts with CONTRACT name; (for example CONTRACT Token;).", CompileCode.MissingContract));
    }
    while (this.cur.kind !== "eof") {
      if (this.diagnostics.length > 200) break;
      const start = this.pos;
      try {
        const item = this.parseItem();
        if (item) items.push(item);
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
        if (this.pos === start) this.pos++;
        this.recover();
      }
    }
    return { ast: { name, nameTok, items }, diagnostics: this.diagnostics };
  }

  /** After an error: skip to the next `;` that is followed by the start of a top-level item. */
  private recover() {
    while (this.cur.kind !== "eof") {
      if (isOp(this.cur, ";") && (this.peek().kind === "eof" || (this.peek().kind === "ident" && ITEM_WORDS.has(this.peek().value)))) {
        this.pos++;
        return;
      }
      if (this.cur.kind === "ident" && ITEM_WORDS.has(this.cur.value) && this.pos > 0 && isOp(this.toks[this.pos - 1], ";")) return;
      this.pos++;
    }
  }

  private parseItem(): ItemAst | null {
    const t = this.cur;
    if (t.kind !== "ident") this.fail(t, `Expected CREATE TABLE, CREATE INDEX, EVENT, CONSTRUCTOR, PROCEDURE, VIEW or MERGE POLICY but found ${this.describe(t)}.`);
    switch (t.value) {
      case "CONTRACT":
        this.fail(t, "A source holds one contract: CONTRACT appears only once, at the top.");
        break;
      case "CREATE":
        return this.parseCreate();
      case "EVENT":
        return this.parseEvent();
      case "CONSTRUCTOR":
      case "PROCEDURE":
      case "VIEW":
        return this.parseRoutine();
      case "MERGE":
        return this.parsePolicy();
      case "MIGRATE":
        return this.parseMigrate();
      default:
        if (FORBIDDEN_STATEMENTS[t.value]) this.fail(t, FORBIDDEN_STATEMENTS[t.value]!, CompileCode.ForbiddenStatement);
        this.fail(t, `Expected CREATE TABLE, CREATE INDEX, EVENT, CONSTRUCTOR, PROCEDURE, VIEW or MERGE POLICY but found ${this.describe(t)}.`);
    }
  }

  private parseCreate(): ItemAst {
    const first = this.cur;
    const next = this.peek();
    let kind: "table" | "index";
    if (isWord(next, "TABLE")) kind = "table";
    else if (isWord(next, "INDEX") || (isWord(next, "UNIQUE") && isWord(this.peek(2), "INDEX"))) kind = "index";
    else if (isWord(next, "TEMP") || isWord(next, "TEMPORARY")) this.fail(next, "Temporary tables are not allowed: a contract's state lives in its declared tables only.", CompileCode.ForbiddenStatement);
    else if (isWord(next, "VIEW")) this.fail(next, "CREATE VIEW is not supported: declare a read-only VIEW routine instead (VIEW name () AS SELECT …;).", CompileCode.Unsupported);
    else if (isWord(next, "TRIGGER")) this.fail(next, "Triggers are not supported: write the logic in the procedure body.", CompileCode.Unsupported);
    else if (isWord(next, "VIRTUAL")) this.fail(next, "Virtual tables are not supported.", CompileCode.Unsupported);
    else this.fail(next, `Expected TABLE or INDEX after CREATE but found ${this.describe(next)}.`);
    const start = this.pos;
    const end = this.scanTo((t, depth) => depth === 0 && isOp(t, ";"));
    if (!isOp(this.cur, ";")) this.fail(this.cur, `Expected ";" to end the CREATE ${kind === "table" ? "TABLE" : "INDEX"} statement.`);
    this.pos++;
    return { kind, range: { start, end }, first };
  }

  /** MIGRATE BEGIN stmt; stmt; … END; — the statements are SQL, checked by upgrade.ts. */
  private parseMigrate(): ItemAst {
    const first = this.cur;
    this.pos++;
    this.expectWord("BEGIN", "BEGIN after MIGRATE (MIGRATE BEGIN … END;)");
    const statements: Range[] = [];
    while (!isWord(this.cur, "END")) {
      if (this.cur.kind === "eof") this.fail(this.cur, "The MIGRATE block is never closed: expected END;.");
      const start = this.pos;
      const end = this.scanTo((t, depth) => depth === 0 && (isOp(t, ";") || isWord(t, "END")));
      if (!isOp(this.cur, ";")) this.fail(this.cur, `Expected ";" to end the migration statement.`);
      this.pos++;
      if (end > start) statements.push({ start, end });
    }
    this.pos++;
    this.expectOp(";", `";" after END`);
    return { kind: "migrate", statements, first };
  }

  private parseEvent(): ItemAst {
    this.pos++;
    const nameTok = this.name("the event's name");
    const params = this.parseParams("event");
    this.expectOp(";", `";" after the EVENT declaration`);
    return { kind: "event", name: this.nameOf(nameTok), nameTok, params };
  }

  private parseType(context: string): SqlType {
    const t = this.cur;
    if (t.kind !== "ident") this.fail(t, `Expected a type (${SQL_TYPES.filter((x) => x !== "ROW").join(", ")}) but found ${this.describe(t)}.`);
    const type = (SQL_TYPES as readonly string[]).includes(t.value) ? (t.value as SqlType) : TYPE_ALIASES[t.value];
    if (!type) this.fail(t, `Unknown type ${t.text}: use ${SQL_TYPES.filter((x) => x !== "ROW").join(", ")}.`, CompileCode.UnknownType);
    if (type === "ROW" && context !== "procedure") this.fail(t, "ROW parameters are only for merge resolver procedures.", CompileCode.UnknownType);
    this.pos++;
    return type;
  }

  private parseParams(context: string): ParamDecl[] {
    this.expectOp("(", `"(" to open the parameter list`);
    const params: ParamDecl[] = [];
    if (isOp(this.cur, ")")) {
      this.pos++;
      return params;
    }
    for (;;) {
      const tok = this.name("a parameter name");
      const name = this.nameOf(tok);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(tok, `Parameter names are letters, digits and _ (starting with a letter or _): ${JSON.stringify(name)} is not.`);
      if (params.some((p) => p.name.toLowerCase() === name.toLowerCase())) this.fail(tok, `The parameter ${name} is declared twice.`, CompileCode.Duplicate);
      const type = this.parseType(context);
      params.push({ name, type, tok });
      if (isOp(this.cur, ",")) {
        this.pos++;
        continue;
      }
      this.expectOp(")", `"," or ")" in the parameter list`);
      return params;
    }
  }

  private parseRoutine(): RoutineAst {
    const first = this.cur;
    const routine = first.value === "CONSTRUCTOR" ? "constructor" : first.value === "PROCEDURE" ? "procedure" : "view";
    this.pos++;
    let nameTok = first;
    let name = "constructor";
    if (routine !== "constructor") {
      nameTok = this.name(`the ${routine}'s name`);
      name = this.nameOf(nameTok);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(nameTok, `Procedure and view names are letters, digits and _: ${JSON.stringify(name)} is not.`);
    }
    const params = this.parseParams(routine);
    let returns: SqlType | null = null;
    if (isWord(this.cur, "RETURNS")) {
      if (routine === "constructor") this.fail(this.cur, "A CONSTRUCTOR returns nothing.");
      this.pos++;
      returns = this.parseType("returns");
    }
    this.expectWord("AS", `AS before the ${routine}'s body`);
    let body: StmtAst[];
    let selectForm = false;
    if (isWord(this.cur, "BEGIN")) {
      this.pos++;
      body = this.parseStmts(["END"], routine);
      this.expectWord("END", "END to close the body");
      this.expectOp(";", `";" after END`);
    } else if (routine === "view" && (isWord(this.cur, "SELECT") || isWord(this.cur, "WITH") || isWord(this.cur, "VALUES"))) {
      const f = this.cur;
      const range = this.scanSql();
      this.expectOp(";", `";" to end the view's SELECT`);
      body = [{ kind: "return", expr: range, first: f }];
      selectForm = true;
    } else {
      this.fail(this.cur, routine === "view" ? "Expected BEGIN or SELECT after AS." : "Expected BEGIN after AS.");
    }
    return { kind: "routine", routine, name, nameTok, params, returns, body, selectForm, first };
  }

  private parsePolicy(): ItemAst {
    const first = this.cur;
    this.pos++;
    this.expectWord("POLICY", "POLICY after MERGE");
    const tableTok = this.name("the table the policy applies to");
    let columns: { name: string; tok: Token }[] | null = null;
    if (isOp(this.cur, "(")) {
      this.pos++;
      columns = [];
      for (;;) {
        const tok = this.name("a column name");
        columns.push({ name: this.nameOf(tok), tok });
        if (isOp(this.cur, ",")) {
          this.pos++;
          continue;
        }
        this.expectOp(")", `"," or ")" in the column list`);
        break;
      }
    }
    let policy: MergePolicyKind;
    let resolver: { name: string; tok: Token } | null = null;
    const p = this.cur;
    if (isWord(p, "ADDITIVE")) {
      this.pos++;
      policy = "additive";
    } else if (isWord(p, "LAST") || isWord(p, "FIRST")) {
      this.pos++;
      this.expectWord("WRITER", `WRITER after ${p.value}`);
      policy = p.value === "LAST" ? "last-writer" : "first-writer";
    } else if (isWord(p, "RESOLVE")) {
      this.pos++;
      this.expectWord("WITH", "WITH after RESOLVE");
      const tok = this.name("the resolver procedure's name");
      resolver = { name: this.nameOf(tok), tok };
      policy = "resolve";
    } else {
      this.fail(p, `Expected ADDITIVE, LAST WRITER, FIRST WRITER or RESOLVE WITH procedure but found ${this.describe(p)}.`, CompileCode.BadPolicy);
    }
    this.expectOp(";", `";" after the MERGE POLICY`);
    return { kind: "policy", table: this.nameOf(tableTok), tableTok, columns, policy, resolver, first };
  }

  // ---- bodies ------------------------------------------------------------------------------

  private atStmtStop(stops: readonly string[]): boolean {
    return this.cur.kind === "eof" || (this.cur.kind === "ident" && stops.includes(this.cur.value));
  }

  private parseStmts(stops: readonly string[], routine: string): StmtAst[] {
    const out: StmtAst[] = [];
    while (!this.atStmtStop(stops)) {
      const start = this.pos;
      try {
        out.push(this.parseStmt(routine));
      } catch (e) {
        if (!(e instanceof ParseFailure)) throw e;
        if (this.diagnostics.length > 200) throw e;
        // Skip to the end of the broken statement and go on: one error per statement.
        if (this.pos === start) this.pos++;
        this.scanTo((t, depth) => depth === 0 && isOp(t, ";"));
        if (isOp(this.cur, ";")) this.pos++;
        if (this.cur.kind === "ident" && ITEM_WORDS.has(this.cur.value) && this.cur.value !== "CREATE") throw e;
      }
    }
    if (this.cur.kind === "eof") this.fail(this.cur, `The body is never closed: expected ${stops.join(" or ")}.`);
    return out;
  }

  private parseStmt(routine: string): StmtAst {
    const first = this.cur;
    if (first.kind !== "ident") this.fail(first, `Expected a statement but found ${this.describe(first)}.`);
    switch (first.value) {
      case "REQUIRE": {
        this.pos++;
        const cond = this.scanExpr((t) => isOp(t, ","));
        const last = this.toks[cond.end - 1]!;
        if (!isOp(this.cur, ",") && last.kind === "string" && cond.end - cond.start > 1) {
          this.fail(last, `Expected "," between the REQUIRE condition and its message.`);
        }
        this.expectOp(",", `"," and a message after the REQUIRE condition`);
        const msg = this.cur;
        if (msg.kind !== "string") this.fail(msg, "REQUIRE's message is a string literal, as in REQUIRE :amount > 0, 'amount must be positive';");
        this.pos++;
        this.expectOp(";", `";" after REQUIRE`);
        return { kind: "require", cond, message: msg.value, first };
      }
      case "LET": {
        this.pos++;
        const nameTok = this.name("a variable name");
        const name = this.nameOf(nameTok);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.fail(nameTok, `Variable names are letters, digits and _: ${JSON.stringify(name)} is not.`);
        this.expectOp("=", `"=" after LET ${name}`);
        if (isWord(this.cur, "CALL")) {
          if (routine === "view") this.fail(this.cur, "A VIEW cannot CALL other contracts.", CompileCode.WriteInView);
          this.pos++;
          const call = this.parseCall();
          this.expectOp(";", `";" after the CALL`);
          return { kind: "let", name, nameTok, expr: null, call, first };
        }
        const expr = this.scanExpr(() => false);
        this.expectOp(";", `";" after LET`);
        return { kind: "let", name, nameTok, expr, call: null, first };
      }
      case "IF": {
        this.pos++;
        const arms: { cond: Range; body: StmtAst[]; first: Token }[] = [];
        let armFirst = first;
        for (;;) {
          const cond = this.scanExpr((t) => isWord(t, "THEN"));
          this.expectWord("THEN", "THEN after the IF condition");
          const body = this.parseStmts(["ELSE", "ELSIF", "ELSEIF", "END"], routine);
          arms.push({ cond, body, first: armFirst });
          if (isWord(this.cur, "ELSIF") || isWord(this.cur, "ELSEIF")) {
            armFirst = this.cur;
            this.pos++;
            continue;
          }
          break;
        }
        let otherwise: StmtAst[] = [];
        if (isWord(this.cur, "ELSE")) {
          this.pos++;
          otherwise = this.parseStmts(["END"], routine);
        }
        this.expectWord("END", "END IF");
        this.expectWord("IF", "IF after END (END IF)");
        this.expectOp(";", `";" after END IF`);
        return { kind: "if", arms, otherwise, first };
      }
      case "EMIT": {
        if (routine === "view") this.fail(first, "A VIEW cannot EMIT events: views are read-only.", CompileCode.WriteInView);
        this.pos++;
        const eventTok = this.name("the event's name");
        this.expectOp("(", `"(" and the event's arguments`);
        const args = this.parseArgs();
        this.expectOp(";", `";" after EMIT`);
        return { kind: "emit", event: this.nameOf(eventTok), eventTok, args, first };
      }
      case "TRANSFER": {
        if (routine === "view") this.fail(first, "A VIEW cannot TRANSFER: views are read-only.", CompileCode.WriteInView);
        this.pos++;
        const to = this.scanExpr((t) => isOp(t, ","));
        this.expectOp(",", `"," between TRANSFER's address and amount`);
        const amount = this.scanExpr(() => false);
        this.expectOp(";", `";" after TRANSFER`);
        return { kind: "transfer", to, amount, first };
      }
      case "RETURN": {
        this.pos++;
        if (isOp(this.cur, ";")) {
          this.pos++;
          return { kind: "return", expr: null, first };
        }
        const expr = this.scanExpr(() => false);
        this.expectOp(";", `";" after RETURN`);
        return { kind: "return", expr, first };
      }
      case "CALL": {
        if (routine === "view") this.fail(first, "A VIEW cannot CALL other contracts.", CompileCode.WriteInView);
        this.pos++;
        const call = this.parseCall();
        this.expectOp(";", `";" after the CALL`);
        return { kind: "call", call, first };
      }
      default:
        if (SQL_STARTS.has(first.value)) {
          const range = this.scanSql();
          if (!isOp(this.cur, ";")) this.fail(this.cur, `Expected ";" to end the ${first.value} statement.`);
          this.pos++;
          return { kind: "sql", range, first };
        }
        if (FORBIDDEN_STATEMENTS[first.value]) this.fail(first, FORBIDDEN_STATEMENTS[first.value]!, CompileCode.ForbiddenStatement);
        if (first.value === "ELSE" || first.value === "ELSIF" || first.value === "ELSEIF") this.fail(first, `${first.value} outside an IF.`);
        this.fail(first, `Expected a statement (SELECT, INSERT, UPDATE, DELETE, WITH, REQUIRE, LET, IF, EMIT, TRANSFER, RETURN or CALL) but found ${this.describe(first)}.`);
    }
  }

  private parseCall(): CallAst {
    const t = this.cur;
    let target: CallAst["target"];
    if (t.kind === "ident" || t.kind === "qident") {
      target = { kind: "name", name: this.nameOf(t), tok: t };
      this.pos++;
    } else if (t.kind === "string" || t.kind === "param") {
      target = { kind: "expr", range: { start: this.pos, end: this.pos + 1 } };
      this.pos++;
    } else {
      this.fail(t, "CALL names its target as Contract.procedure, 'address'.procedure or :param.procedure.");
    }
    this.expectOp(".", `"." between the contract and the procedure`);
    const procTok = this.name("the procedure's name");
    this.expectOp("(", `"(" and the arguments`);
    const args = this.parseArgs();
    return { target, proc: this.nameOf(procTok), procTok, args };
  }

  /** After "(": comma-separated expressions up to the matching ")". */
  private parseArgs(): Range[] {
    const args: Range[] = [];
    if (isOp(this.cur, ")")) {
      this.pos++;
      return args;
    }
    for (;;) {
      const r = this.scanExpr((t) => isOp(t, ",") || isOp(t, ")"));
      if (r.start === r.end) this.fail(this.cur, "Expected an argument.");
      args.push(r);
      if (isOp(this.cur, ",")) {
        this.pos++;
        continue;
      }
      this.expectOp(")", `"," or ")" after an argument`);
      return args;
    }
  }

  /**
   * Scans an expression: up to a token for which `stop` holds at nesting depth 0, or a
   * top-level `;`. Fails on an empty expression or a stray ")".
   */
  private scanExpr(stop: (t: Token) => boolean): Range {
    const start = this.pos;
    const end = this.scanTo((t, depth) => depth === 0 && (stop(t) || isOp(t, ";") || isWord(t, "END")), true);
    if (end === start) this.fail(this.cur, `Expected an expression but found ${this.describe(this.cur)}.`);
    return { start, end };
  }

  /** Scans an SQL statement up to its top-level `;`; a top-level END means a forgotten `;`. */
  private scanSql(): Range {
    const start = this.pos;
    const end = this.scanTo((t, depth) => depth === 0 && (isOp(t, ";") || isWord(t, "END")));
    if (isWord(this.cur, "END")) this.fail(this.cur, `Expected ";" before END.`);
    return { start, end };
  }

  /** Moves to the first token where `stop(token, depth)` holds (or EOF); CASE … END counts as nesting. */
  private scanTo(stop: (t: Token, depth: number) => boolean, failOnClose = false): number {
    let depth = 0;
    while (this.cur.kind !== "eof") {
      const t = this.cur;
      if (depth === 0 && stop(t, 0)) break;
      if (isOp(t, "(") || isWord(t, "CASE")) depth++;
      else if (isOp(t, ")") || (isWord(t, "END") && depth > 0)) {
        if (depth === 0) {
          if (failOnClose) break;
          this.fail(t, `Unbalanced ")".`);
        }
        depth--;
      } else if (depth > 0 && isOp(t, ";")) this.fail(t, `Unbalanced "(" or CASE before ";".`);
      this.pos++;
    }
    return this.pos;
  }
}
