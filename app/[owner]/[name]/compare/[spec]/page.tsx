import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { parseCompareSpec } from "@/chain/repo/compareSpec";
import { decodeSegment } from "@/components/explorer/queries";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { compareDiffInput } from "@/components/repo/compare/compareInputs";
import { CompareView } from "@/components/repo/compare/CompareView";
import { loadRepo } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ owner: string; name: string; spec: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare ${decodeSegment((await params).spec)}` };
}

/** `/OWNER/NAME/compare/BASE...HEAD`: the diff, the accounts changed and the merge preview. */
export default async function RepoComparePage({ params }: Props) {
  const { owner, name, spec } = await params;
  const { fullName } = await loadRepo(owner, name);
  const text = decodeSegment(spec);
  const parsed = parseCompareSpec(text);
  const queryClient = getServerQueryClient();
  // The diff on first paint; an unknown branch is left to the page, which says so.
  if (parsed) await queryClient.prefetchQuery(serverTrpc().branches.diff.queryOptions(compareDiffInput(fullName, parsed)));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <CompareView repo={fullName} spec={parsed} specText={text} />
    </HydrationBoundary>
  );
}
