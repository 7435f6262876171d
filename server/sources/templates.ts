/**
 * The templates a new source file can start from: the example contracts of examples/contracts,
 * read once when the hub starts (they ship with the hub and do not change while it runs).
 */
import fs from "node:fs";
import path from "node:path";
import { ChainError, ErrorCode } from "../../chain/errors.ts";

export type SourceTemplate = {
  /** The example's file name without .sql: token, registry, escrow, voting. */
  readonly name: string;
  /** The contract's own name (`CONTRACT Token;`). */
  readonly title: string;
  /** The example's first comment line. */
  readonly description: string;
  readonly source: string;
};

/** The examples offered, in this order; each must exist, so a broken install fails at startup, not in the editor. */
export const TEMPLATE_NAMES = ["token", "registry", "escrow", "voting"] as const;
export const EXAMPLES_DIR = path.resolve(import.meta.dirname, "../../examples/contracts");

export function templateFromSource(name: string, source: string): SourceTemplate {
  const title = /^\s*CONTRACT\s+([A-Za-z_][A-Za-z0-9_]*)\s*;/im.exec(source)?.[1] ?? name;
  const description = /^--\s*(.+)$/m.exec(source)?.[1]?.trim() ?? "";
  return Object.freeze({ name, title, description, source });
}

/** @throws ChainError INTERNAL when an example is missing from the install. */
export function loadTemplates(dir: string = EXAMPLES_DIR): readonly SourceTemplate[] {
  return Object.freeze(
    TEMPLATE_NAMES.map((name) => {
      const file = path.join(dir, `${name}.sql`);
      let source: string;
      try {
        source = fs.readFileSync(file, "utf8");
      } catch {
        throw new ChainError(ErrorCode.Internal, `The contract template ${file} is missing from this install.`);
      }
      return templateFromSource(name, source);
    }),
  );
}
