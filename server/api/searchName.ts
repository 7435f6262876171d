/**
 * Explorer search for a name: the index answers heights, hashes and addresses; a string that is
 * a valid name (chain/names/names.ts, never an address, height or hash) is resolved on the chains
 * themselves, on main's latest state, in the order of `repos` (the viewer's readable repositories,
 * root first), and leads to the page of the address it resolves to.
 */
import { isValidName } from "../../chain/names/names.ts";
import type { SearchHitJSON } from "../../db/queries/shapes.ts";
import type { RepositoryHost } from "../hub/repositories.ts";

export function searchName(host: Pick<RepositoryHost, "get">, repos: readonly string[], q: string): SearchHitJSON | null {
  const name = q.trim();
  if (!isValidName(name)) return null;
  for (const repo of repos) {
    const found = host.get(repo)?.node.getName(name);
    if (found) return { kind: "address", id: found.destination, repo };
  }
  return null;
}
