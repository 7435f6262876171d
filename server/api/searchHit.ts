/**
 * A search hit as the API answers it: the index names a branch by its store id (db/lineage.ts),
 * people and URLs by its name. A hit on rows of a branch that is no longer live (a deleted
 * branch kept as a live branch's history) leads to the repository's main pages instead.
 */
import { refNameOfStoreId } from "../../chain/node/refs.ts";
import type { SearchHitJSON } from "../../db/queries/shapes.ts";
import type { RepositoryHost } from "../hub/repositories.ts";

export function searchHitForPeople(repos: Pick<RepositoryHost, "get">, hit: SearchHitJSON | null): SearchHitJSON | null {
  if (hit === null || hit.branch === undefined) return hit;
  const { branch: id, ...onMain } = hit;
  const name = refNameOfStoreId(id);
  try {
    return repos.get(hit.repo)?.lineage(name)[0]?.branch === id ? { ...onMain, branch: name } : onMain;
  } catch {
    return onMain; // no live branch of that name
  }
}
