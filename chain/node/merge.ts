/**
 * What the automated merge shares with its callers: the reason codes of excluded transactions and
 * the digest that binds a merge to its preview.
 */
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { ErrorCode, type ChainError } from "../errors.ts";
import { canonicalJson } from "../repo/canonicalJson.ts";
import type { MergePreviewJSON } from "./types.ts";

/** An excluded transaction's reason: what a person can act on (nonce, funds, contract), else the engine's code. */
export function mergeReason(e: ChainError): string {
  if (e.code === ErrorCode.NonceTooLow || e.code === ErrorCode.NonceTooHigh) return "NONCE";
  if (e.code === ErrorCode.InsufficientBalance) return "FUNDS";
  const code = e.meta.code;
  return typeof code === "string" ? code : e.code;
}

/** sha256 of the preview's canonical JSON without its digest: equal digests, equal merges. */
export function mergeDigest(preview: Omit<MergePreviewJSON, "digest"> & { digest?: string }): string {
  const { digest: _digest, ...rest } = preview;
  return toHex(sha256(utf8Bytes(canonicalJson(rest))));
}
