/**
 * "Format document" for AergoSQL: deterministic, idempotent, and ABI-preserving.
 *
 * - Keywords in upper case: every word of the contract layer (CONTRACT, PROCEDURE, AS, BEGIN,
 *   REQUIRE, IF … THEN, END IF, types …) except declared names, and SQLite's reserved words
 *   inside SQL. Other SQL words are left as written, and so is everything in a SELECT's result
 *   list: SQLite names a result column after its text (`SELECT key, count(*)`), and a view's
 *   column names are part of the ABI.
 * - Indentation: two spaces per BEGIN … END / IF … END IF level for the line a statement starts
 *   on; continuation lines keep their alignment relative to that line. Trailing spaces and runs
 *   of blank lines go. Lines inside multi-line strings and comments are never touched.
 *
 * Whitespace is free to change: the compiler re-spaces SQL (one space between tokens) before
 * SQLite sees it. A source that does not parse is returned unchanged (formatting would guess).
 */
import { parseContract, type CallAst, type ItemAst, type Range, type StmtAst } from "@/chain/sql/compiler/parser";
import { RESERVED_WORDS } from "@/chain/sql/compiler/tables";
import { isOp, isWord, tokenize, type Token } from "@/chain/sql/compiler/tokenizer";

const INDENT = "  ";

export function formatAergoSql(source: string): string {
  const { tokens, errors } = tokenize(source);
  if (errors.length) return source;
  const { ast, diagnostics } = parseContract(tokens);
  if (diagnostics.length) return source;

  const index = new Map<Token, number>();
  tokens.forEach((t, i) => index.set(t, i));
  const names = new Set<number>();
  const name = (t: Token | null | undefined) => {
    if (t) names.add(index.get(t)!);
  };
  const inSql = new Uint8Array(tokens.length);
  const sql = (r: Range | null | undefined) => {
    if (r) for (let i = r.start; i < r.end; i++) inSql[i] = 1;
  };
  const call = (c: CallAst) => {
    if (c.target.kind === "name") name(c.target.tok);
    else sql(c.target.range);
    name(c.procTok);
    c.args.forEach(sql);
  };
  const stmts = (list: readonly StmtAst[]) => {
    for (const s of list) {
      switch (s.kind) {
        case "sql":
          sql(s.range);
          break;
        case "require":
          sql(s.cond);
          break;
        case "let":
          name(s.nameTok);
          sql(s.expr);
          if (s.call) call(s.call);
          break;
        case "if":
          for (const arm of s.arms) {
            sql(arm.cond);
            stmts(arm.body);
          }
          stmts(s.otherwise);
          break;
        case "emit":
          name(s.eventTok);
          s.args.forEach(sql);
          break;
        case "transfer":
          sql(s.to);
          sql(s.amount);
          break;
        case "return":
          sql(s.expr);
          break;
        case "call":
          call(s.call);
          break;
      }
    }
  };
  name(ast.nameTok);
  for (const item of ast.items) {
    switch (item.kind) {
      case "table":
      case "index":
        sql(item.range);
        break;
      case "migrate":
        item.statements.forEach(sql);
        break;
      case "event":
        name(item.nameTok);
        item.params.forEach((p) => name(p.tok));
        break;
      case "policy":
        name(item.tableTok);
        item.columns?.forEach((c) => name(c.tok));
        name(item.resolver?.tok);
        break;
      case "routine":
        if (item.routine !== "constructor") name(item.nameTok);
        item.params.forEach((p) => name(p.tok));
        stmts(item.body);
        break;
    }
  }
  const resultList = resultListTokens(tokens, inSql);
  const definition = tableDefinitionWords(tokens, ast.items, names);

  // Keyword case, applied token by token (tokens never span a case change of their neighbours).
  const upper = new Set<number>();
  tokens.forEach((t, i) => {
    if (t.kind !== "ident" || names.has(i) || t.text === t.value) return;
    if (isOp(tokens[i - 1], ".") || isOp(tokens[i + 1], ".")) return;
    if (definition[i] || (inSql[i] ? RESERVED_WORDS.has(t.value) && !resultList[i] : true)) upper.add(i);
  });
  let text = source;
  if (upper.size) {
    const parts: string[] = [];
    let at = 0;
    for (const i of [...upper].sort((a, b) => a - b)) {
      const t = tokens[i]!;
      parts.push(source.slice(at, t.start), t.value);
      at = t.end;
    }
    parts.push(source.slice(at));
    text = parts.join("");
  }
  // Upper-casing keeps every token's length and line, so the token positions still hold.
  return reindent(text, tokens, lineDepths(tokens));
}

const TABLE_CONSTRAINT_WORDS = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);

/**
 * The keyword-position words of CREATE TABLE: at the column-definition level, every word but
 * a column's name, the table's name and the names after CONSTRAINT / REFERENCES (types,
 * PRIMARY KEY, NOT NULL, DEFAULT, COLLATE …). Expressions in parentheses (CHECK) are SQL.
 * Column names are marked as names so nothing else touches them.
 */
function tableDefinitionWords(tokens: readonly Token[], items: readonly ItemAst[], names: Set<number>): Uint8Array {
  const out = new Uint8Array(tokens.length);
  for (const item of items) {
    if (item.kind !== "table") continue;
    let depth = 0;
    let head = false;
    for (let i = item.range.start; i < item.range.end; i++) {
      const t = tokens[i]!;
      if (isOp(t, "(")) {
        depth++;
        if (depth === 1) head = true;
        continue;
      }
      if (isOp(t, ")")) depth--;
      if (isOp(t, ",") && depth === 1) head = true;
      if (t.kind !== "ident" && t.kind !== "qident") continue;
      const after = tokens[i - 1]!;
      if (depth === 0 && (isWord(after, "TABLE") || isWord(after, "EXISTS"))) names.add(i);
      else if (depth === 1 && head) {
        head = false;
        if (t.kind === "ident" && TABLE_CONSTRAINT_WORDS.has(t.value)) out[i] = 1;
        else names.add(i);
      } else if (isWord(after, "CONSTRAINT") || isWord(after, "REFERENCES")) names.add(i);
      else if (depth <= 1) out[i] = 1;
    }
  }
  return out;
}

/** Tokens in a SELECT's result list or after RETURNING, inside SQL ranges. */
function resultListTokens(tokens: readonly Token[], inSql: Uint8Array): Uint8Array {
  const out = new Uint8Array(tokens.length);
  let depth = 0;
  let listDepth = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (!inSql[i]) {
      depth = 0;
      listDepth = -1;
      continue;
    }
    const t = tokens[i]!;
    if (isOp(t, "(")) depth++;
    if (isOp(t, ")")) {
      depth--;
      if (depth < listDepth) listDepth = -1;
    }
    if (listDepth >= 0 && depth === listDepth && isWord(t, "FROM")) listDepth = -1;
    else if (listDepth >= 0) out[i] = 1;
    if (listDepth < 0 && (isWord(t, "SELECT") || isWord(t, "RETURNING"))) listDepth = depth;
  }
  return out;
}

/** The block depth of every line that starts with a statement or a block word (line → depth). */
function lineDepths(tokens: readonly Token[]): Map<number, number> {
  const depths = new Map<number, number>();
  const anchor = (i: number, depth: number) => {
    const t = tokens[i]!;
    if (i === 0 || tokens[i - 1]!.endLine < t.line) depths.set(t.line, Math.max(0, depth));
  };
  let depth = 0;
  let paren = 0;
  let caseDepth = 0;
  let stmtStart = true;
  let awaitingThen: "if" | "elsif" | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "eof") break;
    if (t.kind === "op") {
      if (t.text === "(") paren++;
      else if (t.text === ")") paren = Math.max(0, paren - 1);
      else if (t.text === ";" && paren === 0) {
        stmtStart = true;
        continue;
      }
      stmtStart = false;
      continue;
    }
    if (t.kind !== "ident" || paren > 0) {
      if (stmtStart) anchor(i, depth);
      stmtStart = false;
      continue;
    }
    const v = t.value;
    if (depth === 0) {
      if (stmtStart) anchor(i, 0);
      stmtStart = false;
      if (v === "BEGIN") {
        anchor(i, 0);
        depth = 1;
        stmtStart = true;
      } else if (v === "AS" && ["SELECT", "WITH", "VALUES"].some((w) => isWord(tokens[i + 1], w))) {
        anchor(i + 1, 1);
      }
      continue;
    }
    if (caseDepth > 0) {
      if (v === "CASE") caseDepth++;
      else if (v === "END") caseDepth--;
      continue;
    }
    if (stmtStart) {
      stmtStart = false;
      if (v === "END") {
        anchor(i, depth - 1);
        depth--;
        if (isWord(tokens[i + 1], "IF")) i++;
      } else if (v === "ELSE") {
        anchor(i, depth - 1);
        stmtStart = true;
      } else if (v === "ELSIF" || v === "ELSEIF") {
        anchor(i, depth - 1);
        awaitingThen = "elsif";
      } else {
        anchor(i, depth);
        if (v === "IF") awaitingThen = "if";
        if (v === "CASE") caseDepth++;
      }
      continue;
    }
    if (v === "CASE") caseDepth++;
    else if (v === "THEN" && awaitingThen) {
      if (awaitingThen === "if") depth++;
      awaitingThen = null;
      stmtStart = true;
    }
  }
  return depths;
}

function reindent(text: string, tokens: readonly Token[], depths: Map<number, number>): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(/\r?\n/);
  // Lines that start inside a multi-line token or comment, and lines whose end is inside one.
  const startsInside = new Set<number>();
  const endsInside = new Set<number>();
  const span = (from: number, to: number) => {
    for (let l = from; l < to; l++) {
      endsInside.add(l);
      startsInside.add(l + 1);
    }
  };
  for (const t of tokens) if (t.endLine > t.line) span(t.line, t.endLine);
  for (const c of blockComments(text, tokens)) span(c.line, c.endLine);

  const out: string[] = [];
  let delta = 0;
  let blank = 0;
  lines.forEach((raw, k) => {
    const line = k + 1;
    if (startsInside.has(line)) {
      out.push(endsInside.has(line) ? raw : raw.trimEnd());
      blank = 0;
      return;
    }
    const body = endsInside.has(line) ? raw.trimStart() : raw.trim();
    if (!body) {
      if (++blank === 1) out.push("");
      return;
    }
    blank = 0;
    const old = widthOf(raw);
    const depth = depths.get(line);
    let width: number;
    if (depth !== undefined) {
      width = depth * INDENT.length;
      delta = width - old;
    } else width = Math.max(0, old + delta);
    out.push(" ".repeat(width) + body);
  });
  while (out.length && out[out.length - 1] === "") out.pop();
  while (out.length && out[0] === "") out.shift();
  return out.join(eol) + eol;
}

const widthOf = (line: string) => {
  let w = 0;
  for (const c of line) {
    if (c === " ") w++;
    else if (c === "\t") w += INDENT.length;
    else break;
  }
  return w;
};

/** `/* … *\/` comments spanning lines (comments are not tokens: they sit in the gaps between them). */
function blockComments(text: string, tokens: readonly Token[]): { line: number; endLine: number }[] {
  const out: { line: number; endLine: number }[] = [];
  let from = 0;
  let line = 1;
  const lineAt = (from: number, to: number, l: number) => {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) l++;
    return l;
  };
  for (const t of tokens) {
    let i = from;
    while (i < t.start) {
      if (text.startsWith("--", i)) {
        const j = text.indexOf("\n", i);
        i = j < 0 || j > t.start ? t.start : j;
      } else if (text.startsWith("/*", i)) {
        const j = Math.min(t.start, text.indexOf("*/", i + 2) + 2);
        const l1 = lineAt(from, i, line);
        const l2 = lineAt(i, j, l1);
        if (l2 > l1) out.push({ line: l1, endLine: l2 });
        i = j;
      } else i++;
    }
    from = t.end;
    line = t.endLine;
  }
  return out;
}
