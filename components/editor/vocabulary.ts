/**
 * The words of AergoSQL as the editor shows them: contract keywords, types and built-ins, each
 * with a one-line doc (hover, completion). Plain data with no import, so the main-thread bundle
 * does not pull the compiler in; vocabulary.test.ts checks it against the compiler's own lists
 * (CONTEXT_BUILTINS, SQL_TYPES, the parser's statements) so the two cannot drift apart.
 */

export type WordDoc = { readonly word: string; readonly doc: string };
export type BuiltinDoc = WordDoc & { readonly signature: string; readonly snippet: string };

/** The contract layer's keywords (docs/aergosql.md, "Grammar" and "Statements"). */
export const CONTRACT_KEYWORDS: readonly WordDoc[] = [
  { word: "CONTRACT", doc: "Starts a source: `CONTRACT Name;` names the contract (once, at the top)." },
  { word: "CONSTRUCTOR", doc: "`CONSTRUCTOR (params) AS BEGIN … END;` runs once, at deploy, as SENDER = the deployer." },
  { word: "PROCEDURE", doc: "`PROCEDURE name (params) [RETURNS type] AS BEGIN … END;` changes state; called by a signed transaction." },
  { word: "VIEW", doc: "`VIEW name (params) [RETURNS type] AS SELECT …;` is read-only and free (stopped by its own gas limit)." },
  { word: "EVENT", doc: "`EVENT Name (param TYPE, …);` declares an event that EMIT appends to the transaction's events." },
  { word: "RETURNS", doc: "`RETURNS type`: the routine gives a scalar (the first column of the first row)." },
  { word: "BEGIN", doc: "Opens a routine body (or a MIGRATE block); END closes it." },
  { word: "END", doc: "Closes a BEGIN body (`END;`) or an IF (`END IF;`)." },
  { word: "AS", doc: "Separates a routine's header from its body." },
  { word: "REQUIRE", doc: "`REQUIRE cond, 'message';` reverts the whole transaction when cond is false or NULL." },
  { word: "LET", doc: "`LET name = expr;` stores a scalar as :name (or `LET name = CALL C.p(args);`)." },
  { word: "IF", doc: "`IF c THEN … [ELSIF c THEN …] [ELSE …] END IF;` with SQL truth (NULL and 0 are false)." },
  { word: "THEN", doc: "Ends an IF or ELSIF condition." },
  { word: "ELSIF", doc: "Another condition of an IF (ELSEIF is the same)." },
  { word: "ELSEIF", doc: "Another condition of an IF (same as ELSIF)." },
  { word: "ELSE", doc: "The branch of an IF taken when no condition holds." },
  { word: "EMIT", doc: "`EMIT Event (args);` appends an event; arguments are checked against the event's types." },
  { word: "TRANSFER", doc: "`TRANSFER address, amount;` moves amount aer of native AERGO from the contract's balance." },
  { word: "RETURN", doc: "`RETURN;`, `RETURN expr;` or `RETURN SELECT …;` ends the routine with its value." },
  { word: "CALL", doc: "`CALL Contract.procedure (args);` runs another contract's procedure in the same transaction." },
  { word: "MERGE", doc: "`MERGE POLICY table [(columns)] ADDITIVE | LAST WRITER | FIRST WRITER | RESOLVE WITH proc;`" },
  { word: "POLICY", doc: "Part of `MERGE POLICY`: how a table's rows merge between branches." },
  { word: "ADDITIVE", doc: "Merge policy: both sides' deltas of the numeric columns are summed." },
  { word: "WRITER", doc: "Merge policy `LAST WRITER` (the merging side wins) or `FIRST WRITER`." },
  { word: "RESOLVE", doc: "Merge policy `RESOLVE WITH procedure`: a resolver (ours ROW, theirs ROW, base ROW) decides." },
  { word: "MIGRATE", doc: "`MIGRATE BEGIN … END;` turns the old tables into the declared ones on a redeploy." },
];

/** Parameter and column types (SQL_TYPES plus the INT / BOOL aliases). */
export const TYPE_WORDS: readonly WordDoc[] = [
  { word: "INTEGER", doc: "64-bit signed integer (a number, bigint or decimal string as an argument)." },
  { word: "INT", doc: "Alias of INTEGER." },
  { word: "TEXT", doc: "UTF-8 text, at most 16,384 bytes as an argument." },
  { word: "ADDRESS", doc: "A valid Aergo address (TEXT with an IS_ADDRESS check as a column)." },
  { word: "AMOUNT", doc: "A whole non-negative integer (0 … 2^63−1): a token amount or aer." },
  { word: "BOOLEAN", doc: "true/false, stored as INTEGER 0 / 1." },
  { word: "BOOL", doc: "Alias of BOOLEAN." },
  { word: "REAL", doc: "A finite floating-point number." },
  { word: "BLOB", doc: "Bytes (Uint8Array or hex string), at most 16,384 bytes as an argument." },
  { word: "ROW", doc: "An object of column values: parameters of merge resolver procedures only (`:ours.col`)." },
];

/** The AergoSQL built-ins (docs/aergosql.md, "Built-ins"). */
export const BUILTINS: readonly BuiltinDoc[] = [
  { word: "SENDER", signature: "SENDER() → ADDRESS", snippet: "SENDER()", doc: "The account that signed the transaction, or the calling contract inside a CALL." },
  { word: "ORIGIN", signature: "ORIGIN() → ADDRESS", snippet: "ORIGIN()", doc: "The account that signed the transaction." },
  { word: "SELF", signature: "SELF() → ADDRESS", snippet: "SELF()", doc: "This contract's address." },
  { word: "AMOUNT", signature: "AMOUNT() → AMOUNT", snippet: "AMOUNT()", doc: "aer sent with the call (credited to the contract before the body runs)." },
  { word: "BALANCE", signature: "BALANCE([address]) → AMOUNT", snippet: "BALANCE(${1})", doc: "Native balance in aer (of SELF() without an argument); 50 gas." },
  { word: "BLOCK_HEIGHT", signature: "BLOCK_HEIGHT() → INTEGER", snippet: "BLOCK_HEIGHT()", doc: "The height of the block the transaction is in." },
  { word: "BLOCK_TIME", signature: "BLOCK_TIME() → INTEGER", snippet: "BLOCK_TIME()", doc: "The block's timestamp in whole seconds since the Unix epoch (never the wall clock)." },
  { word: "TX_HASH", signature: "TX_HASH() → TEXT", snippet: "TX_HASH()", doc: "The transaction's hash." },
  { word: "BRANCH", signature: "BRANCH() → TEXT", snippet: "BRANCH()", doc: "The branch the transaction runs on (main by default)." },
  { word: "IS_ADDRESS", signature: "IS_ADDRESS(text) → INTEGER", snippet: "IS_ADDRESS(${1})", doc: "1 if text is a valid Aergo address, 0 if not, NULL for NULL." },
];

/** SQL keywords worth completing and highlighting (SQLite's; the reserved ones come first). */
export const SQL_KEYWORDS: readonly string[] = [
  "ADD", "ALL", "ALTER", "AND", "BETWEEN", "CASE", "CHECK", "COLLATE", "CONSTRAINT", "CREATE", "DEFAULT", "DELETE",
  "DISTINCT", "DROP", "ESCAPE", "EXCEPT", "EXISTS", "FOREIGN", "FROM", "GROUP", "HAVING", "IN", "INDEX", "INSERT",
  "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LIMIT", "NOT", "NOTHING", "NOTNULL", "NULL", "ON", "OR", "ORDER",
  "PRIMARY", "REFERENCES", "RETURNING", "SELECT", "SET", "TABLE", "TO", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES",
  "WHEN", "WHERE", "WITH", "REPLACE", "KEY", "BY", "ASC", "DESC", "OFFSET", "CONFLICT", "DO", "LEFT", "INNER", "CROSS",
  "OUTER", "LIKE", "GLOB", "ROWID", "WITHOUT", "STRICT", "EXCLUDED", "RECURSIVE", "CAST", "IGNORE", "ABORT", "FAIL",
  "CURRENT", "OVER", "PARTITION", "FILTER", "FIRST", "LAST", "NULLS", "ANY",
];

/** SQLite functions a contract may use (deterministic ones; random() and the wall clock are refused). */
export const SQL_FUNCTIONS: readonly string[] = [
  "abs", "coalesce", "count", "sum", "total", "min", "max", "avg", "group_concat", "ifnull", "iif", "instr", "length",
  "lower", "upper", "ltrim", "rtrim", "trim", "nullif", "printf", "format", "quote", "replace", "round", "substr",
  "substring", "typeof", "unicode", "char", "hex", "unhex", "zeroblob", "date", "time", "datetime", "julianday",
  "unixepoch", "strftime", "json", "json_extract", "json_object", "json_array", "json_group_array", "json_group_object",
];

const KEYWORD_DOCS = new Map<string, string>([...CONTRACT_KEYWORDS, ...TYPE_WORDS].map((k) => [k.word, k.doc]));
const BUILTIN_BY_NAME = new Map(BUILTINS.map((b) => [b.word, b]));

export const keywordDoc = (word: string): string | undefined => KEYWORD_DOCS.get(word.toUpperCase());
export const builtinDoc = (word: string): BuiltinDoc | undefined => BUILTIN_BY_NAME.get(word.toUpperCase());
