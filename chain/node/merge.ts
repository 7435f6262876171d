/**
 * What the automated merge shares with its callers: the reason codes of excluded transactions and
 * the digest that binds a merge to its preview.
 */
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { canonicalJson } from "../repo/canonicalJson.ts";
import type { MergePreviewJSON } from "./types.ts";

/** An excluded transaction's reason: what a person can act on (nonce, funds, contract), else the engine's code. */
export function mergeReason(e: ChainError): string {
  if (e.code === ErrorCode.NonceTooLow || e.code === ErrorCode.NonceTooHigh) return "NONCE";
  if (e.code === ErrorCode.InsufficientBalance) return "FUNDS";
  const code = e.meta.code;
  return typeof code === "string" ? code : e.code;
}

/**
 * sha256 of what a merge does: its base, the source head, and every transaction's fate. The
 * target's head is left out on purpose: main seals a block every slot, and a merge whose outcome
 * is the same on the newer head is the merge that was previewed; any change of outcome changes it.
 */
export function mergeDigest(preview: Pick<MergePreviewJSON, "mode" | "source" | "sourceRepo" | "target" | "base" | "sourceHead" | "applied" | "excluded" | "rows" | "conflicts" | "blockers">): string {
  const { mode, source, sourceRepo, target, base, sourceHead, applied, excluded, rows, conflicts, blockers } = preview;
  // The source repository only when it is another one: a same-repository merge's digest is as before.
  return toHex(sha256(utf8Bytes(canonicalJson({ mode, source, ...(sourceRepo === undefined ? {} : { sourceRepo }), target, base, sourceHead, applied, excluded, rows, conflicts, blockers }))));
}

/**
 * Why a merge cannot be done as previewed (CONFLICT MERGE_BLOCKED or MERGE_CONFLICTS), or null
 * when it can: the node's merge and the hub's check before sealing the entry say it alike.
 */
export function unmergeable(preview: Pick<MergePreviewJSON, "source" | "target" | "mergeable" | "blockers" | "conflicts">): ChainError | null {
  if (preview.mergeable) return null;
  const n = preview.conflicts.length;
  const why = preview.blockers[0]?.message ?? `${n} conflicting row${n === 1 ? "" : "s"} need a resolution`;
  return new ChainError(ErrorCode.Conflict, `${preview.source} cannot be merged into ${preview.target} yet: ${why}.`, { code: preview.blockers.length ? "MERGE_BLOCKED" : "MERGE_CONFLICTS" });
}
