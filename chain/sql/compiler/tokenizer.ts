/**
 * Tokenizer for AergoSQL sources: SQLite's lexical rules (identifiers, "quoted" / [bracketed] /
 * `backticked` names, 'strings', X'blobs', numbers, parameters, operators, -- and /* comments)
 * with 1-based line/column positions, so the contract layer and the SQL inside it share one
 * token stream and every diagnostic can point at a token.
 */

export type TokenKind = "ident" | "qident" | "string" | "blob" | "number" | "param" | "op" | "eof";

export type Token = {
  readonly kind: TokenKind;
  /** Source text of the token. */
  readonly text: string;
  /** ident: upper-cased text (keyword comparisons); qident: the unquoted name; string: the unescaped value; param: the name after the sigil. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  /** Whitespace or a comment precedes the token. */
  readonly spaced: boolean;
};

export type LexError = { readonly line: number; readonly col: number; readonly message: string };

const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isIdChar = (c: number) => isIdStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

const OPS3 = ["->>"];
const OPS2 = ["||", "->", "<=", ">=", "<>", "!=", "==", "<<", ">>"];
const OPS1 = "(),;.+-*/%=<>&|~";

/** Splits `source` into tokens; never throws. Lexical errors are returned and the bad character skipped. */
export function tokenize(source: string): { tokens: Token[]; errors: LexError[] } {
  const tokens: Token[] = [];
  const errors: LexError[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let spaced = false;
  const n = source.length;

  // Advances over [i, j) keeping line bookkeeping.
  const advanceTo = (j: number) => {
    for (let k = i; k < j; k++) {
      if (source.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
    i = j;
  };
  const push = (kind: TokenKind, j: number, value: string) => {
    const startLine = line;
    const startCol = i - lineStart + 1;
    const start = i;
    advanceTo(j);
    tokens.push({
      kind,
      text: source.slice(start, j),
      value,
      start,
      end: j,
      line: startLine,
      col: startCol,
      endLine: line,
      endCol: j - lineStart + 1,
      spaced,
    });
    spaced = false;
  };
  const error = (message: string) => errors.push({ line, col: i - lineStart + 1, message });

  while (i < n) {
    const c = source.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      advanceTo(i + 1);
      spaced = true;
      continue;
    }
    // -- comment
    if (c === 45 && source.charCodeAt(i + 1) === 45) {
      let j = source.indexOf("\n", i);
      if (j < 0) j = n;
      advanceTo(j);
      spaced = true;
      continue;
    }
    // /* comment */
    if (c === 47 && source.charCodeAt(i + 1) === 42) {
      const j = source.indexOf("*/", i + 2);
      if (j < 0) {
        error("This /* comment is never closed.");
        advanceTo(n);
        break;
      }
      advanceTo(j + 2);
      spaced = true;
      continue;
    }
    // 'string'
    if (c === 39) {
      let j = i + 1;
      let value = "";
      let closed = false;
      while (j < n) {
        const d = source.charCodeAt(j);
        if (d === 39) {
          if (source.charCodeAt(j + 1) === 39) {
            value += "'";
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += source[j];
        j++;
      }
      if (!closed) {
        error("This string is never closed: add the closing '.");
        advanceTo(n);
        break;
      }
      push("string", j, value);
      continue;
    }
    // X'blob'
    if ((c === 88 || c === 120) && source.charCodeAt(i + 1) === 39) {
      const j = source.indexOf("'", i + 2);
      if (j < 0) {
        error("This blob literal is never closed: add the closing '.");
        advanceTo(n);
        break;
      }
      const hex = source.slice(i + 2, j);
      if (hex.length % 2 !== 0 || ![...hex].every((h) => isHex(h.charCodeAt(0)))) {
        error("A blob literal X'..' needs an even number of hex digits.");
      }
      push("blob", j + 1, hex);
      continue;
    }
    // "quoted", [bracketed], `backticked` identifiers
    if (c === 34 || c === 96 || c === 91) {
      const close = c === 91 ? "]" : source[i]!;
      let j = i + 1;
      let value = "";
      let closed = false;
      while (j < n) {
        if (source[j] === close) {
          if (c !== 91 && source[j + 1] === close) {
            value += close;
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += source[j];
        j++;
      }
      if (!closed) {
        error(`This quoted name is never closed: add the closing ${close}.`);
        advanceTo(n);
        break;
      }
      push("qident", j, value);
      continue;
    }
    // numbers
    if (isDigit(c) || (c === 46 && isDigit(source.charCodeAt(i + 1)))) {
      let j = i;
      if (c === 48 && (source[i + 1] === "x" || source[i + 1] === "X") && isHex(source.charCodeAt(i + 2))) {
        j = i + 2;
        while (j < n && (isHex(source.charCodeAt(j)) || source[j] === "_")) j++;
      } else {
        while (j < n && (isDigit(source.charCodeAt(j)) || source[j] === "_")) j++;
        if (source[j] === ".") {
          j++;
          while (j < n && (isDigit(source.charCodeAt(j)) || source[j] === "_")) j++;
        }
        if ((source[j] === "e" || source[j] === "E") && (isDigit(source.charCodeAt(j + 1)) || ((source[j + 1] === "+" || source[j + 1] === "-") && isDigit(source.charCodeAt(j + 2))))) {
          j += 2;
          while (j < n && isDigit(source.charCodeAt(j))) j++;
        }
      }
      if (j < n && isIdStart(source.charCodeAt(j))) {
        error("A number runs into a name here; put a space or an operator between them.");
      }
      push("number", j, source.slice(i, j));
      continue;
    }
    // identifiers
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdChar(source.charCodeAt(j))) j++;
      const text = source.slice(i, j);
      push("ident", j, text.toUpperCase());
      continue;
    }
    // parameters :name @name $name ?NNN
    if (c === 58 || c === 64 || c === 36) {
      let j = i + 1;
      while (j < n && isIdChar(source.charCodeAt(j))) j++;
      if (j === i + 1) {
        error(`A parameter needs a name after ${source[i]}, as in :amount.`);
        advanceTo(i + 1);
        continue;
      }
      push("param", j, source.slice(i + 1, j));
      continue;
    }
    if (c === 63) {
      let j = i + 1;
      while (j < n && isDigit(source.charCodeAt(j))) j++;
      push("param", j, source.slice(i, j));
      continue;
    }
    const three = source.slice(i, i + 3);
    if (OPS3.includes(three)) {
      push("op", i + 3, three);
      continue;
    }
    const two = source.slice(i, i + 2);
    if (OPS2.includes(two)) {
      push("op", i + 2, two);
      continue;
    }
    if (OPS1.includes(source[i]!)) {
      push("op", i + 1, source[i]!);
      continue;
    }
    error(`Unexpected character ${JSON.stringify(source[i])}.`);
    advanceTo(i + 1);
    spaced = true;
  }
  tokens.push({ kind: "eof", text: "", value: "", start: n, end: n, line, col: i - lineStart + 1, endLine: line, endCol: i - lineStart + 1, spaced });
  return { tokens, errors };
}

/** True when the token is the bare word `word` (upper case), not a quoted name. */
export const isWord = (t: Token | undefined, word: string): boolean => !!t && t.kind === "ident" && t.value === word;
export const isOp = (t: Token | undefined, op: string): boolean => !!t && t.kind === "op" && t.text === op;
