"use client";
import { useQueries, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { parseAmount } from "@/chain/amount";
import { isChainError } from "@/chain/errors";
import { MAX_DESCRIPTION_CHARS, MAX_TAGS, MAX_TITLE_CHARS, sourceHashOf } from "@/chain/market/payload";
import { useTRPC } from "@/components/providers/trpc";
import { MAIN_BRANCH, withRepo } from "@/components/repo/repoPaths";
import { useBranches } from "@/components/repo/useBranches";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { listingHref } from "./marketFormat";
import { BUTTON, FIELD, LABEL_TEXT, SELECT_FIELD } from "./marketStyle";
import { MarketTxOutcome } from "./MarketTxOutcome";
import { useMarketTx } from "./useMarketTx";

const README_STARTER = "## What it does\n\n## How to deploy\n\n## Procedures and views\n";

/** "a, b c" → ["a", "b", "c"]: tags as typed, lowercased; the chain's rule checks each. */
function splitTags(text: string): string[] {
  return [...new Set(text.toLowerCase().split(/[\s,]+/).filter(Boolean))];
}

/**
 * /market/publish: a new listing (or a new version of one's package) from a repository the viewer
 * administers. The files are read from the repository's branch, hashed here with the chain's rule,
 * and sent in one signed `market` transaction that names the hash, so the chain refuses the
 * listing if the files changed on the way.
 */
export function PublishView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.people.me.queryOptions());
  const repos = useQuery({ ...trpc.repos.mine.queryOptions(), enabled: !!me.data });
  const administered = (repos.data ?? []).filter((r) => r.access.admin);
  const [repoChoice, setRepoChoice] = useState("");
  const repo = repoChoice || administered[0]?.fullName || "";
  const branches = useBranches(repo || undefined);
  const [branch, setBranch] = useState(MAIN_BRANCH);
  const files = useQuery({ ...trpc.sources.list.queryOptions(withRepo(repo, {}, branch)), enabled: repo !== "" });
  const [picked, setPicked] = useState<string[]>([]);
  const [mainChoice, setMainChoice] = useState("");
  const [form, setForm] = useState({ package: "", version: "1.0.0", kind: "template" as "template" | "service", title: "", description: "", readme: README_STARTER, license: "MIT", tags: "", price: "0" });
  const [problem, setProblem] = useState<string | null>(null);
  const tx = useMarketTx();

  const paths = (files.data ?? []).map((f) => f.path);
  const chosen = picked.filter((p) => paths.includes(p));
  const contents = useQueries({ queries: chosen.map((path) => trpc.sources.get.queryOptions(withRepo(repo, { path }, branch))) });
  const bundle = useMemo(() => contents.flatMap((q) => (q.data ? [{ path: q.data.path, content: q.data.content }] : [])), [contents]);
  const ready = chosen.length > 0 && bundle.length === chosen.length;
  const sourceHash = ready ? sourceHashOf(bundle) : null;
  const mainFile = chosen.includes(mainChoice) ? mainChoice : (chosen[0] ?? "");

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  function toggle(path: string) {
    setPicked((p) => (p.includes(path) ? p.filter((x) => x !== path) : [...p, path]));
  }
  function chooseRepo(next: string) {
    setRepoChoice(next);
    setBranch(MAIN_BRANCH);
    setPicked([]);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    setProblem(null);
    if (!ready || !sourceHash) return setProblem("Choose at least one source file (and wait for it to load).");
    let priceAer: bigint;
    try {
      priceAer = parseAmount(form.price.trim() || "0");
    } catch (err) {
      return setProblem(isChainError(err) ? `Price: ${err.message}` : "The price is not an amount.");
    }
    void tx.run({
      op: "publish",
      package: form.package.trim(),
      version: form.version.trim(),
      kind: form.kind,
      title: form.title.trim(),
      description: form.description.trim(),
      readme: form.readme,
      license: form.license.trim(),
      tags: splitTags(form.tags),
      price: priceAer.toString(),
      repo,
      files: bundle,
      mainFile,
      sourceHash,
    });
  }

  if (me.isSuccess && !me.data) {
    return (
      <div className="space-y-3">
        <PageTitle kind="Publish a template" />
        <p className="text-sm text-zinc-600">
          <Link href="/signin?callbackUrl=/market/publish" className="text-blue-700 hover:underline">
            Sign in
          </Link>{" "}
          to publish from a repository you administer.
        </p>
      </div>
    );
  }

  const published = tx.state.receipt?.status === "success";
  return (
    <div className="space-y-4" data-testid="publish-page">
      <PageTitle kind="Publish a template" aside={<Link href="/market" className="text-sm text-blue-700 hover:underline">← Marketplace</Link>} />
      <p className="-mt-2 text-sm text-zinc-600">A listing is a signed transaction on the AERGO Chain: its files are pinned by their hash and never change; a fix is a new version.</p>
      <form className="grid items-start gap-4 lg:grid-cols-2" onSubmit={submit} data-testid="publish-form">
        <Panel title="Sources">
          <div className="space-y-3 p-4">
            {repos.isSuccess && administered.length === 0 ? (
              <p className="text-sm text-zinc-600" data-testid="publish-no-repo">
                You administer no repository. Listings are published from a repository you own or administer;{" "}
                <Link href="/new" className="text-blue-700 hover:underline">
                  create one
                </Link>
                .
              </p>
            ) : null}
            <div className="grid gap-2 sm:grid-cols-2">
              <label className="block">
                <span className={LABEL_TEXT}>Repository (you administer)</span>
                <select value={repo} onChange={(e) => chooseRepo(e.target.value)} className={`${SELECT_FIELD} mono`} data-testid="publish-repo">
                  {administered.map((r) => (
                    <option key={r.fullName} value={r.fullName}>
                      {r.fullName}
                    </option>
                  ))}
                </select>
              </label>
              <label className="block">
                <span className={LABEL_TEXT}>Branch</span>
                <select value={branch} onChange={(e) => { setBranch(e.target.value); setPicked([]); }} className={`${SELECT_FIELD} mono`} data-testid="publish-branch">
                  {(branches.data ?? [{ name: MAIN_BRANCH }]).map((b) => (
                    <option key={b.name} value={b.name}>
                      {b.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <fieldset className="space-y-1">
              <legend className={LABEL_TEXT}>Files of the listing</legend>
              {repo && files.isSuccess && paths.length === 0 ? <p className="text-sm text-zinc-500">This branch has no source files; write one in the repository&apos;s editor first.</p> : null}
              <ul className="max-h-60 overflow-y-auto rounded-md border border-zinc-200" data-testid="publish-files">
                {paths.map((p) => (
                  <li key={p} className="flex items-center gap-2 border-b border-zinc-100 px-3 py-1.5 text-sm last:border-0">
                    <input type="checkbox" id={`publish-file-${p}`} checked={chosen.includes(p)} onChange={() => toggle(p)} data-testid="publish-file" data-path={p} />
                    <label htmlFor={`publish-file-${p}`} className="mono flex-1">
                      {p}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <label className="block">
              <span className={LABEL_TEXT}>Main file (the one buyers deploy)</span>
              <select value={mainFile} onChange={(e) => setMainChoice(e.target.value)} className={`${SELECT_FIELD} mono`} disabled={chosen.length === 0} data-testid="publish-main">
                {chosen.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <p className="text-xs text-zinc-500">
              Source hash{" "}
              <span className="mono break-all text-zinc-800" data-testid="publish-hash">
                {sourceHash ?? (chosen.length ? "reading the files…" : "—")}
              </span>
            </p>
          </div>
        </Panel>

        <Panel title="Listing">
          <div className="space-y-3 p-4">
            <div className="grid gap-2 sm:grid-cols-3">
              <label className="block sm:col-span-2">
                <span className={LABEL_TEXT}>Package</span>
                <input value={form.package} onChange={set("package")} placeholder="escrow" className={`${FIELD} mono`} maxLength={40} data-testid="publish-package" />
              </label>
              <label className="block">
                <span className={LABEL_TEXT}>Version</span>
                <input value={form.version} onChange={set("version")} className={`${FIELD} mono`} maxLength={64} data-testid="publish-version" />
              </label>
            </div>
            <label className="block">
              <span className={LABEL_TEXT}>Title</span>
              <input value={form.title} onChange={set("title")} maxLength={MAX_TITLE_CHARS} className={FIELD} data-testid="publish-title" />
            </label>
            <label className="block">
              <span className={LABEL_TEXT}>Description (one line)</span>
              <input value={form.description} onChange={set("description")} maxLength={MAX_DESCRIPTION_CHARS} className={FIELD} data-testid="publish-description" />
            </label>
            <label className="block">
              <span className={LABEL_TEXT}>README (Markdown)</span>
              <textarea value={form.readme} onChange={set("readme")} className={`${FIELD} mono h-40 text-xs`} data-testid="publish-readme" />
            </label>
            <div className="grid gap-2 sm:grid-cols-3">
              <label className="block">
                <span className={LABEL_TEXT}>Licence (SPDX)</span>
                <input value={form.license} onChange={set("license")} className={`${FIELD} mono`} maxLength={40} data-testid="publish-license" />
              </label>
              <label className="block">
                <span className={LABEL_TEXT}>Kind</span>
                <select value={form.kind} onChange={set("kind")} className={SELECT_FIELD} data-testid="publish-kind">
                  <option value="template">template</option>
                  <option value="service">service</option>
                </select>
              </label>
              <label className="block">
                <span className={LABEL_TEXT}>Price (AERGO, 0 = free)</span>
                <input value={form.price} onChange={set("price")} placeholder="5 or 2.5aergo" className={FIELD} data-testid="publish-price" />
              </label>
            </div>
            <label className="block">
              <span className={LABEL_TEXT}>Tags (up to {MAX_TAGS}, separated by commas or spaces)</span>
              <input value={form.tags} onChange={set("tags")} placeholder="escrow, payments" className={FIELD} data-testid="publish-tags" />
            </label>
            {problem ? (
              <p role="alert" className="text-sm text-red-700" data-testid="publish-problem">
                {problem}
              </p>
            ) : null}
            <button className={BUTTON} disabled={tx.state.busy || !repo} data-testid="publish-submit">
              {tx.state.busy ? "Signing…" : "Sign & publish"}
            </button>
            <MarketTxOutcome state={tx.state} testId="publish" />
            {published ? (
              <Link href={listingHref(form.package.trim(), form.version.trim())} className="block text-sm font-medium text-blue-700 hover:underline" data-testid="publish-open-listing">
                Open the listing →
              </Link>
            ) : null}
          </div>
        </Panel>
      </form>
    </div>
  );
}
