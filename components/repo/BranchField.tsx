import { MAIN_BRANCH } from "./repoPaths";

/** The page's branch as a field of a GET form, so submitting it stays on that branch (main needs none). */
export function BranchField({ branch }: { branch: string }) {
  return branch === MAIN_BRANCH ? null : <input type="hidden" name="branch" value={branch} />;
}
