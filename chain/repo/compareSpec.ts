/**
 * Compare specs as people type them (git's), for the CLI and the compare page's URL:
 * `main...feature` is three-dot (what feature changed since it left main), `main..feature` is
 * two-dot; either end may be `branch@height`. Kept apart from the diff engine so the browser can
 * parse a URL without loading it.
 */
import { z } from "zod";
import { ZBranchName, ZRepoFullName } from "./names.ts";

/**
 * A chain point: a branch and, optionally, a sealed block of it (default: its head); `repo` when
 * it is a branch of another repository (a fork or the origin: `OWNER/NAME:branch`).
 */
export const ZDiffEnd = z.strictObject({ repo: ZRepoFullName.optional(), branch: ZBranchName, height: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() });
export type DiffEnd = z.infer<typeof ZDiffEnd>;

/** `[OWNER/NAME:]branch[@height]`, or null when it is none of these (branch names hold no ':' or '/'). */
export function parseDiffEnd(text: string): DiffEnd | null {
  const colon = text.indexOf(":");
  const repo = colon < 0 ? undefined : text.slice(0, colon);
  const rest = colon < 0 ? text : text.slice(colon + 1);
  const at = rest.lastIndexOf("@");
  const name = at < 0 ? rest : rest.slice(0, at);
  const heightText = at < 0 ? null : rest.slice(at + 1);
  if (heightText !== null && !/^\d{1,15}$/.test(heightText)) return null;
  const parsed = ZDiffEnd.safeParse({ ...(repo === undefined ? {} : { repo }), branch: name, ...(heightText === null ? {} : { height: Number(heightText) }) });
  return parsed.success ? parsed.data : null;
}

/** `[OWNER/NAME:]branch[@h]` with the repository and height only when there are: the inverse of parseDiffEnd. */
export function formatDiffEnd(end: DiffEnd): string {
  return `${end.repo === undefined ? "" : `${end.repo}:`}${end.height === undefined ? end.branch : `${end.branch}@${end.height}`}`;
}

export type CompareSpec = { readonly from: DiffEnd; readonly to: DiffEnd; readonly threeDot: boolean };

/**
 * `A...B` (three-dot) or `A..B` (two-dot), each end `branch[@height]`; null when it is not one.
 * Branch names may contain single dots, so every split point is tried, the three-dot ones first.
 */
export function parseCompareSpec(text: string): CompareSpec | null {
  for (const [sep, threeDot] of [["...", true], ["..", false]] as const) {
    for (let i = text.indexOf(sep); i >= 0; i = text.indexOf(sep, i + 1)) {
      const from = parseDiffEnd(text.slice(0, i));
      const to = parseDiffEnd(text.slice(i + sep.length));
      if (from && to) return { from, to, threeDot };
    }
  }
  return null;
}

export function formatCompareSpec(spec: CompareSpec): string {
  return `${formatDiffEnd(spec.from)}${spec.threeDot ? "..." : ".."}${formatDiffEnd(spec.to)}`;
}
