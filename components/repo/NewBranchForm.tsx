"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { ZBranchName } from "@/chain/repo/names";
import { Panel } from "@/components/ui/Panel";
import type { BranchRow } from "./branchHistory";
import { errorMessage } from "./errors";
import { BUTTON } from "./MyReposView";
import { FIELD } from "./NewRepoForm";
import { MAIN_BRANCH, repoHref } from "./repoPaths";
import { useDirectoryAction } from "./useDirectoryAction";

/** What is wrong with a new branch's name, or null: the hub's own rule (chain/repo/names.ts), and no name twice. */
export function branchNameProblem(name: string, existing: readonly string[]): string | null {
  if (name === "") return "Give the branch a name.";
  const parsed = ZBranchName.safeParse(name);
  if (!parsed.success) return `“${name}” is not a branch name: ${parsed.error.issues[0]?.message ?? "see the rule below"}.`;
  if (existing.includes(name)) return `There is already a branch ${name}.`;
  return null;
}

/** What is wrong with the starting height, or null: a sealed block of the base, 0 to its head. */
export function branchHeightProblem(text: string, head: number | undefined): string | null {
  if (!/^\d{1,15}$/.test(text.trim())) return "Give a block height, e.g. 12.";
  const height = Number(text.trim());
  if (head !== undefined && height > head) return `The base's newest block is #${head}: start at or below it.`;
  return null;
}

type Created = { readonly name: string } | null;

/**
 * Starts a branch (writers): a name, the branch it starts from and the block of that branch it
 * starts at, its head unless a past block is given. Signed by the wallet as a directory entry;
 * the new branch reads the base's state at that block and has a copy of its source files.
 */
export function NewBranchForm({ repo, branches, onCreated }: { repo: string; branches: readonly BranchRow[]; onCreated: () => Promise<unknown> }) {
  const apply = useDirectoryAction(repo);
  const [name, setName] = useState("");
  const [from, setFrom] = useState(MAIN_BRANCH);
  const [mergeMode, setMergeMode] = useState<"automated" | "consistent">("automated");
  // Null until a height is typed: the field follows the base's head (it moves with every block).
  const [heightText, setHeightText] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created>(null);

  const base = branches.find((b) => b.name === from);
  const head = base?.head.height;
  const height = heightText ?? (head === undefined ? "" : String(head));
  const nameProblem = branchNameProblem(name.trim(), branches.map((b) => b.name));
  const heightProblem = branchHeightProblem(height, head);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    setError(null);
    if (nameProblem || heightProblem || !base) return;
    setCreated(null);
    const branch = name.trim();
    setBusy(true);
    try {
      await apply({ kind: "createBranch", name: branch, from, height: Number(height), mergeMode });
      setCreated({ name: branch });
      setName("");
      setHeightText(null);
      setTried(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
      await onCreated();
    }
  }

  return (
    <Panel title="New branch" testId="new-branch">
      <form onSubmit={(e) => void submit(e)} className="space-y-3 px-4 py-3" noValidate data-testid="new-branch-form">
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem_10rem_11rem]">
          <label htmlFor="new-branch-name" className="block text-sm">
            <span className="text-zinc-600">Name</span>
            <input
              id="new-branch-name"
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              placeholder="feature"
              className={`${FIELD} mono mt-1 ${tried && nameProblem ? "border-red-400" : ""}`}
              data-testid="new-branch-name"
            />
            {tried && nameProblem ? (
              <span className="mt-1 block text-xs text-red-700" data-testid="new-branch-name-error">
                {nameProblem}
              </span>
            ) : null}
          </label>
          <label htmlFor="new-branch-from" className="block text-sm">
            <span className="text-zinc-600">From branch</span>
            <select
              id="new-branch-from"
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
                // Another base has other heights: start again from its head.
                setHeightText(null);
              }}
              className={`${FIELD} mono mt-1`}
              data-testid="new-branch-from"
            >
              {branches.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="new-branch-height" className="block text-sm">
            <span className="text-zinc-600">At block</span>
            <input
              id="new-branch-height"
              type="text"
              inputMode="numeric"
              value={height}
              onChange={(e) => setHeightText(e.target.value)}
              className={`${FIELD} mono mt-1 ${tried && heightProblem ? "border-red-400" : ""}`}
              data-testid="new-branch-height"
            />
            {tried && heightProblem ? (
              <span className="mt-1 block text-xs text-red-700" data-testid="new-branch-height-error">
                {heightProblem}
              </span>
            ) : null}
          </label>
          <label htmlFor="new-branch-mode" className="block text-sm">
            <span className="text-zinc-600">Merges</span>
            <select
              id="new-branch-mode"
              value={mergeMode}
              onChange={(e) => setMergeMode(e.target.value === "consistent" ? "consistent" : "automated")}
              className={`${FIELD} mt-1`}
              title="Automated: its transactions are replayed on the target. Consistent: its rows are merged three-way, by the tables' merge policies or your resolutions."
              data-testid="new-branch-mode"
            >
              <option value="automated">automated (replay)</option>
              <option value="consistent">consistent (rows)</option>
            </select>
          </label>
        </div>
        <p className="text-xs text-zinc-500">
          1–64 lowercase letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit. The branch starts with the state of{" "}
          <span className="mono">{from}</span> after the block given ({head === undefined ? "its head" : `its head is #${head}`}; an older block starts it in the past) and a copy of its
          source files.
        </p>
        <button type="submit" disabled={busy} className={BUTTON} data-testid="new-branch-submit">
          {busy ? "Signing…" : "Sign & create branch"}
        </button>
        {error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="new-branch-error">
            {error}
          </p>
        ) : null}
        {created ? (
          <p role="status" className="text-sm text-emerald-700" data-testid="new-branch-ok">
            Branch <span className="mono">{created.name}</span> created.{" "}
            <Link href={repoHref(repo, "", created.name)} className="font-medium text-blue-700 hover:underline" data-testid="new-branch-open">
              Open {created.name} →
            </Link>
          </p>
        ) : null}
      </form>
    </Panel>
  );
}
