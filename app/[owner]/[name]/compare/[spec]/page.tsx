import type { Metadata } from "next";
import { parseCompareSpec } from "@/chain/repo/compareSpec";
import { decodeSegment } from "@/components/explorer/queries";
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
  return <CompareView repo={fullName} spec={parseCompareSpec(text)} specText={text} />;
}
