import type { Metadata } from "next";
import { NewRepoForm, type ForkRequest } from "@/components/repo/NewRepoForm";

export const metadata: Metadata = { title: "New repository" };

type Search = Promise<{ fork?: string | string[]; branch?: string | string[]; height?: string | string[] }>;

/** `/new`, or `/new?fork=OWNER/NAME&branch=B&height=H` to fork a repository from one of its blocks. */
export default async function NewRepoPage({ searchParams }: { searchParams: Search }) {
  const q = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const repo = one(q.fork);
  const height = one(q.height);
  const fork: ForkRequest | undefined = repo ? { repo, branch: one(q.branch) || "main", height: height && /^\d{1,15}$/.test(height) ? Number(height) : null } : undefined;
  return <NewRepoForm fork={fork} />;
}
