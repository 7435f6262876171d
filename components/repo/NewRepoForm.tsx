"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { MAX_DESCRIPTION_LENGTH, signDirectoryEntry } from "@/chain/repo/directoryEntry";
import { RESERVED_USERNAMES, ZRepoFullName } from "@/chain/repo/names";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { useWallet } from "@/components/wallet/WalletProvider";
import { errorMessage } from "./errors";
import { BUTTON } from "./MyReposView";

export const FIELD = "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";

/** What is wrong with a repository name, or null: the same rule the hub applies (names.ts). */
export function repoNameProblem(owner: string, name: string): string | null {
  if (name.trim() === "") return "Give the repository a name.";
  const parsed = ZRepoFullName.safeParse(`${owner}/${name}`);
  if (!parsed.success) return `“${name}” is not a valid repository name: use lowercase letters, digits, '.', '_' or '-'.`;
  if (parsed.data !== `${owner}/${name}`) return `Write the name in lowercase: “${parsed.data.split("/")[1]}”.`;
  return null;
}

/** Where a fork starts, as the /new page's query names it (`?fork=OWNER/NAME&branch=B&height=H`). */
export type ForkRequest = { readonly repo: string; readonly branch: string; readonly height: number | null };

/**
 * Creates a repository — or, given `fork`, a fork of another one starting from a block of it —:
 * the create entry is signed here by the person's wallet key (the hub only seals it), then the
 * page moves to the new repository.
 */
export function NewRepoForm({ fork }: { fork?: ForkRequest } = {}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const wallet = useWallet();
  const me = useQuery(trpc.people.me.queryOptions());
  const choices = useQuery(trpc.repos.producerChoices.queryOptions());
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<"public" | "private">("public");
  const [producers, setProducers] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const origin = useForkPoint(fork);
  // A fork of a private repository holds its data: it is private too.
  const originPrivate = origin.data?.visibility === "private";
  useEffect(() => {
    if (originPrivate) setVisibility("private");
  }, [originPrivate]);

  // The first producer is checked by default, once the choices are known.
  const firstChoice = choices.data?.[0]?.address;
  useEffect(() => {
    if (producers === null && firstChoice) setProducers([firstChoice]);
  }, [producers, firstChoice]);

  if (me.isPending) return <p className="text-sm text-zinc-500">Loading…</p>;
  if (!me.data) {
    return (
      <div className="space-y-3">
        <PageTitle kind="New repository" />
        <p className="text-sm text-zinc-600" data-testid="new-signed-out">
          <Link href="/signin?callbackUrl=/new" className="text-blue-700 hover:underline">
            Sign in
          </Link>{" "}
          to create a repository.
        </p>
      </div>
    );
  }
  const owner = me.data.username;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const problem = repoNameProblem(owner, name.trim());
    if (problem) return setError(problem);
    const chosen = visibility === "private" ? (producers ?? []) : [];
    if (visibility === "private" && chosen.length === 0) return setError("A private repository needs at least one producer: choose one.");
    const repo = `${owner}/${name.trim()}`;
    if (fork && !origin.data) return setError(origin.error ? errorMessage(origin.error) : "The block to fork from is still loading.");
    setBusy(true);
    try {
      const key = await wallet.requireKey();
      if (key.address !== me.data!.address) {
        throw new Error(`Your wallet's primary key (${key.address}) is not your identity key (${me.data!.address}): choose that key on the Wallet page.`);
      }
      const entry = signDirectoryEntry(key, {
        repo,
        prev: "",
        time: Date.now(),
        signer: key.address,
        action: {
          kind: "create",
          repo,
          visibility,
          description: description.trim(),
          owner: { username: owner, address: key.address },
          producers: chosen,
          chainId: `hub/${repo}`,
          ...(origin.data ? { forkOf: origin.data.point } : {}),
        },
      });
      const created = await client.repos.create.mutate({ entry });
      void queryClient.invalidateQueries({ queryKey: trpc.repos.mine.queryKey() });
      router.push(`/${created.fullName}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  const toggle = (address: string, on: boolean) => setProducers((old) => (on ? [...(old ?? []).filter((a) => a !== address), address] : (old ?? []).filter((a) => a !== address)));

  return (
    <div className="max-w-2xl space-y-4">
      <PageTitle kind={fork ? "Fork a repository" : "New repository"} />
      {fork ? (
        <p className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="new-fork-of">
          {origin.data ? (
            <>
              Fork of <span className="font-medium">{origin.data.point.repo}</span> at block <span className="tabular-nums">{origin.data.point.height}</span> of{" "}
              <span className="mono">{origin.data.point.branch}</span>: the new chain starts from that block&apos;s state (accounts, contracts, rows), shared copy-on-write, then goes its own way.
            </>
          ) : origin.error ? (
            <span className="text-red-800">{errorMessage(origin.error)}</span>
          ) : (
            "Loading the block to fork from…"
          )}
        </p>
      ) : null}
      <p className="text-sm text-zinc-600">
        A repository is a chain of its own (its own genesis and chain id) with a <span className="mono">main</span> branch. Public ones are produced by the hub&apos;s DPoS producers; private ones by
        the producers you choose, and only members can see them.
      </p>
      <Panel>
        <form onSubmit={(e) => void submit(e)} className="space-y-4 px-4 py-4" noValidate data-testid="new-repo-form">
          <div>
            <label htmlFor="new-name" className="block text-sm text-zinc-600">
              Repository name
            </label>
            <div className="mt-1 flex items-center gap-1.5">
              <span className="text-sm text-zinc-700" data-testid="new-owner">
                {owner} /
              </span>
              <input id="new-name" type="text" value={name} onChange={(e) => setName(e.target.value)} required autoComplete="off" spellCheck={false} placeholder="my-chain" className={FIELD} data-testid="new-name" />
            </div>
            {RESERVED_USERNAMES.has(owner) ? <p className="mt-1 text-xs text-amber-700">Your username is reserved; the hub may refuse repositories under it.</p> : null}
          </div>
          <div>
            <label htmlFor="new-description" className="block text-sm text-zinc-600">
              Description (optional)
            </label>
            <textarea id="new-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={MAX_DESCRIPTION_LENGTH} rows={2} className={`${FIELD} mt-1`} data-testid="new-description" />
          </div>
          <fieldset>
            <legend className="text-sm text-zinc-600">Visibility</legend>
            <div className="mt-1 space-y-1.5 text-sm">
              <label className="flex items-start gap-2">
                <input type="radio" name="visibility" value="public" checked={visibility === "public"} disabled={originPrivate} onChange={() => setVisibility("public")} className="mt-1" data-testid="new-public" />
                <span>
                  <span className="font-medium">Public</span> <span className="text-zinc-500">— anyone can read it; writers you invite can write.</span>
                </span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" name="visibility" value="private" checked={visibility === "private"} onChange={() => setVisibility("private")} className="mt-1" data-testid="new-private" />
                <span>
                  <span className="font-medium">Private</span> <span className="text-zinc-500">— only members can see or use it; produced by the producers you choose (PoA).</span>
                </span>
              </label>
            </div>
          </fieldset>
          {visibility === "private" ? (
            <fieldset data-testid="new-producers">
              <legend className="text-sm text-zinc-600">Producers</legend>
              <div className="mt-1 space-y-1 text-sm">
                {(choices.data ?? []).map((c) => (
                  <label key={c.address} className="flex items-center gap-2">
                    <input type="checkbox" checked={(producers ?? []).includes(c.address)} onChange={(e) => toggle(c.address, e.target.checked)} data-testid={`new-producer-${c.label}`} />
                    <span className="font-medium">{c.label}</span>
                    <span className="mono truncate text-xs text-zinc-500">{c.address}</span>
                  </label>
                ))}
                {choices.isSuccess && choices.data.length === 0 ? <p className="text-zinc-500">This hub holds no producer keys to choose from.</p> : null}
              </div>
            </fieldset>
          ) : null}
          {error ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="new-error">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={busy} className={BUTTON} data-testid="new-submit">
            {busy ? "Creating…" : fork ? "Sign & fork" : "Sign & create repository"}
          </button>
        </form>
      </Panel>
    </div>
  );
}

/** The fork point: the origin's block (its hash, for the signed entry) and the origin's visibility. */
function useForkPoint(fork: ForkRequest | undefined) {
  const client = useTRPCClient();
  return useQuery({
    queryKey: ["fork-point", fork?.repo, fork?.branch, fork?.height],
    enabled: fork !== undefined,
    retry: false,
    queryFn: async () => {
      const f = fork!;
      const [repo, branches] = await Promise.all([client.repos.get.query({ repo: f.repo }), client.branches.list.query({ repo: f.repo, branch: "main" })]);
      const head = branches.find((b) => b.name === f.branch);
      if (!head) throw new Error(`${f.repo} has no branch "${f.branch}".`);
      const block = f.height === null ? head.head : await client.blocks.header.query({ repo: f.repo, branch: f.branch, id: f.height });
      return { visibility: repo.visibility, point: { repo: f.repo, branch: f.branch, height: block.height, hash: block.hash } };
    },
  });
}
