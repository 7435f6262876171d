import { CopyButton } from "@/components/ui/CopyButton";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";

/** What a piece of AergoSQL source is, for colouring: not a parser, a reader's aid. */
type TokenKind = "keyword" | "type" | "builtin" | "param" | "string" | "ident" | "number" | "comment" | "plain";
type Token = { readonly kind: TokenKind; readonly text: string };

const KEYWORDS = new Set(
  (
    "CONTRACT CREATE TABLE INDEX UNIQUE EVENT CONSTRUCTOR PROCEDURE VIEW MERGE POLICY ADDITIVE LAST FIRST WRITER RESOLVE " +
    "AS BEGIN END REQUIRE LET IF THEN ELSIF ELSEIF ELSE EMIT TRANSFER RETURN RETURNS CALL " +
    "SELECT FROM WHERE INSERT INTO VALUES UPDATE SET DELETE ON CONFLICT DO NOTHING ORDER BY GROUP HAVING LIMIT OFFSET " +
    "AND OR NOT NULL IS IN LIKE GLOB BETWEEN CASE WHEN JOIN LEFT RIGHT INNER OUTER CROSS USING PRIMARY KEY REFERENCES " +
    "FOREIGN CHECK DEFAULT CONSTRAINT COLLATE ASC DESC DISTINCT EXISTS UNION ALL EXCEPT INTERSECT RETURNING REPLACE " +
    "WITHOUT ROWID STRICT TRUE FALSE CAST WITH RECURSIVE OVER PARTITION ABORT FAIL IGNORE ROLLBACK"
  ).split(" "),
);
const TYPES = new Set("INTEGER INT TEXT ADDRESS AMOUNT BOOLEAN BOOL REAL BLOB ROW".split(" "));
const BUILTINS = new Set("SENDER ORIGIN SELF AMOUNT BALANCE BLOCK_HEIGHT BLOCK_TIME TX_HASH BRANCH IS_ADDRESS".split(" "));

// One alternative per token kind, tried in order at each position.
const TOKEN = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*'?)|("(?:[^"]|"")*"?)|(:[A-Za-z_][\w$]*(?:\.[A-Za-z_]\w*)?)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]\w*)|(\s+|[^\sA-Za-z_\d'":-]+|.)/gy;

/** Splits a contract's source into coloured tokens, then into lines (a block comment may span several). */
export function highlightAergoSql(source: string): Token[][] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < source.length && (m = TOKEN.exec(source)) !== null) {
    const [text, comment, str, quoted, param, num, word] = m;
    if (comment) tokens.push({ kind: "comment", text });
    else if (str) tokens.push({ kind: "string", text });
    else if (quoted) tokens.push({ kind: "ident", text });
    else if (param) tokens.push({ kind: "param", text });
    else if (num) tokens.push({ kind: "number", text });
    else if (word) {
      const upper = word.toUpperCase();
      const called = source[TOKEN.lastIndex] === "(";
      // Keywords are case-insensitive, but names like `amount`, `key` or `Transfer` are common:
      // only words written in capitals are coloured as keywords and types.
      const capital = word === upper;
      const kind: TokenKind = called && BUILTINS.has(upper) ? "builtin" : capital && TYPES.has(upper) && !called ? "type" : capital && KEYWORDS.has(upper) ? "keyword" : "plain";
      tokens.push({ kind, text });
    } else tokens.push({ kind: "plain", text });
  }
  const lines: Token[][] = [[]];
  for (const token of tokens) {
    const parts = token.text.split("\n");
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}

const CLASS: Record<TokenKind, string> = {
  keyword: "font-semibold text-fuchsia-800",
  type: "text-sky-700",
  builtin: "text-teal-700",
  param: "text-violet-700",
  string: "text-emerald-700",
  ident: "text-amber-800",
  number: "text-orange-700",
  comment: "italic text-zinc-400",
  plain: "",
};

/** The contract's AergoSQL source as deployed, with line numbers (a compile error's line:col points here). */
export function ContractSource({ source, name }: { source: string; name: string }) {
  const lines = highlightAergoSql(source.replace(/\r\n?/g, "\n").replace(/\n$/, ""));
  return (
    <Panel
      title={`${name}.sql`}
      actions={
        <span className="inline-flex items-center">
          {formatInteger(lines.length)} lines · {formatInteger(new TextEncoder().encode(source).length)} bytes
          <CopyButton value={source} label="Copy the source" />
        </span>
      }
      testId="contract-source"
    >
      <div className="overflow-x-auto">
        <table className="mono w-full border-collapse text-[13px] leading-5">
          <tbody>
            {lines.map((tokens, i) => (
              <tr key={i} id={`L${i + 1}`} className="hover:bg-amber-50/60">
                <td className="w-px border-r border-zinc-100 bg-zinc-50 px-3 text-right align-top text-zinc-400 select-none tabular-nums">
                  <a href={`#L${i + 1}`} className="hover:text-zinc-700">
                    {i + 1}
                  </a>
                </td>
                <td className="px-4 whitespace-pre text-zinc-800" data-testid="source-line">
                  {tokens.length === 0 ? " " : tokens.map((t, j) => (t.kind === "plain" ? t.text : <span key={j} className={CLASS[t.kind]}>{t.text}</span>))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
