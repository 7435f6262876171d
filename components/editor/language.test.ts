import { describe, expect, it } from "vitest";
import { aergoSqlMonarch } from "./language";
import { BUILTINS, CONTRACT_KEYWORDS, TYPE_WORDS } from "./vocabulary";

// Monaco's own Monarch compiler (no DOM needed): a grammar it refuses would break the editor at load.
// It has no type declarations, hence the untyped specifier.
const MONARCH_COMPILER = "monaco-editor/editor/standalone/common/monarch/monarchCompile.js";
const { compile } = (await import(/* @vite-ignore */ MONARCH_COMPILER)) as { compile(id: string, json: unknown): { tokenizer: Record<string, unknown[]> } };

describe("AergoSQL Monarch grammar", () => {
  it("compiles with Monaco's Monarch compiler and knows every keyword, type and built-in", () => {
    const lexer = compile("aergosql", structuredClone(aergoSqlMonarch));
    expect(Object.keys(lexer.tokenizer)).toEqual(expect.arrayContaining(["root", "comment", "string", "quoted", "blob"]));
    expect(aergoSqlMonarch.contractKeywords).toEqual(CONTRACT_KEYWORDS.map((k) => k.word));
    expect(aergoSqlMonarch.typeKeywords).toEqual(TYPE_WORDS.map((k) => k.word));
    expect(aergoSqlMonarch.builtins).toEqual(BUILTINS.map((k) => k.word));
  });
});
