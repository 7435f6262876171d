/**
 * The compare page's data, as the router answers it: components take these types, never the
 * engine's or the index's (derived from the router, they follow its outputs).
 */
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type RouterOutputs = inferRouterOutputs<AppRouter>;
type RouterInputs = inferRouterInputs<AppRouter>;

export type DiffReport = RouterOutputs["branches"]["diff"];
export type TableDiff = DiffReport["tables"][number];
export type RowDiff = TableDiff["rows"][number];
export type AccountDiff = DiffReport["accounts"][number];

export type MergePreview = RouterOutputs["branches"]["previewMerge"];
/** A fork or the origin: what the compare side may be besides this repository's branches. */
export type RelatedRepo = RouterOutputs["repos"]["related"][number];
export type MergeItem = MergePreview["applied"][number];
export type MergeRow = MergePreview["rows"][number];
export type MergeConflict = MergePreview["conflicts"][number];
export type MergeMode = MergePreview["mode"];
export type MergeResolution = NonNullable<RouterInputs["branches"]["previewMerge"]["resolutions"]>[number];
