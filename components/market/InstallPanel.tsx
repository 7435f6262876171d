"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { errorCode, errorMessage } from "@/components/repo/errors";
import { MAIN_BRANCH, withBranch } from "@/components/repo/repoPaths";
import { useBranches } from "@/components/repo/useBranches";
import { Panel } from "@/components/ui/Panel";
import { BUTTON, LABEL_TEXT, SELECT_FIELD } from "./marketStyle";

/** Where the editor opens an installed file: `/OWNER/NAME/editor?file=PATH&branch=B` (the editor page's own parameters). */
export function editorHref(repo: string, branch: string, file: string): string {
  return withBranch(`/${repo}/editor?file=${encodeURIComponent(file)}`, branch);
}

/**
 * Installing a bought version into one of the viewer's repositories (any they may write to) on a
 * branch: the hub copies the version's files, pinned by its source hash, into the repository's
 * editor files. A file already there with other content needs an explicit "replace".
 */
export function InstallPanel({ pkg, version }: { pkg: string; version: string }) {
  const trpc = useTRPC();
  const mine = useQuery(trpc.repos.mine.queryOptions());
  const writable = (mine.data ?? []).filter((r) => r.access.write);
  const [repo, setRepo] = useState("");
  const chosen = repo || writable[0]?.fullName || "";
  const branches = useBranches(chosen || undefined);
  const [branch, setBranch] = useState(MAIN_BRANCH);
  const target = useQuery({ ...trpc.market.installTarget.queryOptions({ repo: chosen, package: pkg }), enabled: chosen !== "" });
  const install = useMutation(trpc.market.install.mutationOptions());
  const conflict = install.error && errorCode(install.error) === "CONFLICT";

  function run(replace: boolean) {
    install.mutate({ repo: chosen, ...(branch === MAIN_BRANCH ? {} : { branch }), package: pkg, version, replace });
  }

  return (
    <Panel title="Install into a repository" testId="listing-install-panel">
      <div className="space-y-3 p-4">
        {mine.isSuccess && writable.length === 0 ? (
          <p className="text-sm text-zinc-600">
            You write to no repository yet.{" "}
            <Link href="/new" className="text-blue-700 hover:underline">
              Create one
            </Link>{" "}
            to install into.
          </p>
        ) : (
          <>
            <div className="grid gap-2 sm:grid-cols-2">
              <label className="block">
                <span className={LABEL_TEXT}>Repository</span>
                <select
                  value={chosen}
                  onChange={(e) => {
                    setRepo(e.target.value);
                    setBranch(MAIN_BRANCH);
                    install.reset();
                  }}
                  className={`${SELECT_FIELD} mono`}
                  data-testid="install-repo"
                >
                  {writable.map((r) => (
                    <option key={r.fullName} value={r.fullName}>
                      {r.fullName}
                      {r.visibility === "private" ? " (private)" : ""}
                    </option>
                  ))}
                </select>
              </label>
              <label className="block">
                <span className={LABEL_TEXT}>Branch</span>
                <select value={branch} onChange={(e) => setBranch(e.target.value)} className={`${SELECT_FIELD} mono`} data-testid="install-branch">
                  {(branches.data ?? [{ name: MAIN_BRANCH }]).map((b) => (
                    <option key={b.name} value={b.name}>
                      {b.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {target.data ? (
              <p className="text-xs text-zinc-500" data-testid="install-folder">
                Files land in <span className="mono text-zinc-800">{target.data.folder}/</span>
              </p>
            ) : null}
            <button type="button" className={BUTTON} disabled={!chosen || install.isPending} onClick={() => run(false)} data-testid="install-run">
              {install.isPending ? "Installing…" : "Install"}
            </button>
          </>
        )}
        {install.error ? (
          <div role="alert" className="space-y-2 text-sm text-red-700" data-testid="install-error" data-code={errorCode(install.error) ?? ""}>
            <p>{errorMessage(install.error)}</p>
            {conflict ? (
              <button type="button" className={BUTTON} onClick={() => run(true)} data-testid="install-replace">
                Replace those files with {pkg}@{version}
              </button>
            ) : null}
          </div>
        ) : null}
        {install.data ? (
          <div className="space-y-1 text-sm" data-testid="install-result">
            <p className="text-emerald-800">
              Installed {install.data.files.length} file{install.data.files.length === 1 ? "" : "s"} into {install.data.repo} ({install.data.branch}), {install.data.written} written.
            </p>
            <Link href={editorHref(install.data.repo, install.data.branch, install.data.mainFile)} className="font-medium text-blue-700 hover:underline" data-testid="install-open-editor">
              Open {install.data.mainFile} in the editor to deploy it →
            </Link>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
