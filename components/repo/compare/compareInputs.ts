import type { CompareSpec } from "@/chain/repo/compareSpec";
import { withRepo } from "../repoPaths";

/** branches.diff's input for a comparison: the same for the server page that prefetches it and the view that reads it. */
export const compareDiffInput = (repo: string, spec: CompareSpec) => withRepo(repo, { from: spec.from, to: spec.to, threeDot: spec.threeDot });
