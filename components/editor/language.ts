/**
 * The AergoSQL language for Monaco: a Monarch tokenizer (the compiler's keywords, types and
 * built-ins from vocabulary.ts; SQLite's lexical rules for strings, quoted names, blobs,
 * parameters and comments) and the language configuration (comments, brackets, auto-closing,
 * BEGIN … END / IF … END IF indentation). Data only: registration happens in AergoSqlEditor.tsx.
 */
import type { languages } from "monaco-editor";
import { BUILTINS, CONTRACT_KEYWORDS, SQL_FUNCTIONS, SQL_KEYWORDS, TYPE_WORDS } from "./vocabulary";

export const AERGOSQL_LANGUAGE_ID = "aergosql";

export const aergoSqlMonarch: languages.IMonarchLanguage = {
  ignoreCase: true,
  defaultToken: "",
  tokenPostfix: ".aergosql",
  contractKeywords: CONTRACT_KEYWORDS.map((k) => k.word),
  keywords: SQL_KEYWORDS,
  typeKeywords: TYPE_WORDS.map((t) => t.word),
  builtins: BUILTINS.map((b) => b.word),
  functions: SQL_FUNCTIONS,
  brackets: [{ open: "(", close: ")", token: "delimiter.parenthesis" }],
  tokenizer: {
    root: [
      { include: "@whitespace" },
      // A declared or emitted name is a name even when it is also a keyword (EVENT Transfer, EMIT Transfer).
      [/(CONTRACT|EVENT|PROCEDURE|VIEW|EMIT)(\s+)([A-Za-z_][\w$]*)/, ["keyword", "white", "type.identifier"]],
      [/[:@$][A-Za-z_][\w$]*/, "variable"],
      [/\?\d*/, "variable"],
      [/[xX]'/, { token: "string.binary", next: "@blob" }],
      [
        /[A-Za-z_][\w$]*/,
        {
          cases: {
            "@builtins": "predefined",
            "@typeKeywords": "type",
            "@contractKeywords": "keyword",
            "@keywords": "keyword",
            "@functions": "predefined",
            "@default": "identifier",
          },
        },
      ],
      [/0[xX][0-9a-fA-F_]+/, "number.hex"],
      [/(\d[\d_]*)?\.\d[\d_]*([eE][-+]?\d+)?/, "number.float"],
      [/\d[\d_]*([eE][-+]?\d+)?/, "number"],
      [/[()]/, "@brackets"],
      [/[;,.]/, "delimiter"],
      [/->>|->|\|\||<=|>=|<>|!=|==|<<|>>|[-+*/%=<>&|~]/, "operator"],
      [/'/, { token: "string.quote", next: "@string" }],
      [/"/, { token: "identifier.quote", next: "@quoted" }],
      [/`/, { token: "identifier.quote", next: "@backticked" }],
      [/\[/, { token: "identifier.quote", next: "@bracketed" }],
    ],
    whitespace: [
      [/\s+/, "white"],
      [/--.*$/, "comment"],
      [/\/\*/, { token: "comment", next: "@comment" }],
    ],
    comment: [
      [/[^*/]+/, "comment"],
      [/\*\//, { token: "comment", next: "@pop" }],
      [/[*/]/, "comment"],
    ],
    string: [
      [/[^']+/, "string"],
      [/''/, "string.escape"],
      [/'/, { token: "string.quote", next: "@pop" }],
    ],
    quoted: [
      [/[^"]+/, "identifier"],
      [/""/, "identifier"],
      [/"/, { token: "identifier.quote", next: "@pop" }],
    ],
    backticked: [
      [/[^`]+/, "identifier"],
      [/``/, "identifier"],
      [/`/, { token: "identifier.quote", next: "@pop" }],
    ],
    bracketed: [
      [/[^\]]+/, "identifier"],
      [/\]/, { token: "identifier.quote", next: "@pop" }],
    ],
    blob: [
      [/[0-9a-fA-F]+/, "string.binary"],
      [/'/, { token: "string.binary", next: "@pop" }],
      [/[^']/, "invalid"],
    ],
  },
};

export const aergoSqlConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: "--", blockComment: ["/*", "*/"] },
  brackets: [["(", ")"]],
  autoClosingPairs: [
    { open: "(", close: ")" },
    { open: "'", close: "'", notIn: ["string", "comment"] },
    { open: '"', close: '"', notIn: ["string", "comment"] },
  ],
  surroundingPairs: [
    { open: "(", close: ")" },
    { open: "'", close: "'" },
    { open: '"', close: '"' },
  ],
  // `$` belongs to words (parameters like :$x are not written by hand, but names may hold it).
  wordPattern: /[A-Za-z_][\w$]*|\d+(\.\d+)?/,
  indentationRules: {
    increaseIndentPattern: /^\s*(BEGIN|ELSE|(IF|ELSIF|ELSEIF)\b.*\bTHEN)\s*(--.*)?$/i,
    decreaseIndentPattern: /^\s*(END|ELSE|ELSIF|ELSEIF)\b/i,
  },
};
