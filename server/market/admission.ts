/**
 * The root chain's admission rule for marketplace listings. A listing names the repository it is
 * published from; the chain cannot see the hub's directory, so the hub's pool refuses a publish
 * whose signer is not an admin or owner of that repository (the "listing someone else's
 * repository" case) before it runs: nothing is included, no fee is paid. What the chain itself
 * enforces (package ownership, versions, prices) stays in chain/exec/marketTx.ts.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { parseMarketPayload } from "../../chain/market/payload.ts";
import type { Directory } from "../../chain/repo/directory.ts";
import { roleAtLeast } from "../../chain/repo/names.ts";
import type { SignedTx } from "../../chain/tx/tx.ts";

/** @param directory - read at each submission (the hub opens it after the root node). */
export function marketAdmission(directory: () => Directory | undefined): (tx: SignedTx) => void {
  return (tx) => {
    if (tx.type !== "market") return;
    const op = parseMarketPayload(tx.payload);
    if (op.op !== "publish") return;
    const state = directory()?.get(op.repo);
    const member = state?.members.find((m) => m.address === tx.from);
    // A private repository the signer is not in answers like a missing one: its name does not leak.
    if (!state || (state.visibility === "private" && !member)) {
      throw new ChainError(ErrorCode.NotFound, `No repository ${op.repo} to publish from.`, { repo: op.repo });
    }
    if (!member || !roleAtLeast(member.role, "admin")) {
      throw new ChainError(ErrorCode.Forbidden, `Only admins and owners of ${op.repo} may list it on the marketplace; ${tx.from} is ${member ? `a ${member.role}` : "not a member"}.`, { repo: op.repo });
    }
  };
}
