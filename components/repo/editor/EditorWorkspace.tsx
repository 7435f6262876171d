"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import type { ContractAbi } from "@/chain/sql/types";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { errorCode, errorMessage } from "../errors";
import { withBranch } from "../repoPaths";
import { useRepoBranch } from "../useRepoBranch";
import { useRepoContracts } from "../useRepoContracts";
import { CallPanel, EditorDeployPanel } from "./DeployCallPanels";
import { EditorTabs } from "./EditorTabs";
import { LazyAergoSqlEditor, useAergoSqlEngine, type EditorDiagnostic } from "./engine";
import { FileTree } from "./FileTree";
import { NewFileForm } from "./NewFileForm";
import { PRIMARY_BUTTON, SECONDARY_BUTTON, type DeployedContract } from "./panelStyle";
import { ProblemsPanel } from "./ProblemsPanel";
import { SimulatePanel } from "./SimulatePanel";
import { closeTab, editTab, isDirty, markSaved, openTab, reloadTab, type OpenTab } from "./workspace";

type Notice = { kind: "error"; message: string } | { kind: "conflict"; path: string; message: string };

/** How many deployed contracts the call panel and the language services know. */
const DEPLOYED_LIMIT = 50;

/**
 * The repository's contract editor: source files of the page's branch (tree, tabs, save), the
 * editor with the language services, its problems, and simulate / deploy / call beside it, all on
 * that branch. The page mounts it once per branch (its key), so no tab outlives a branch switch.
 */
export function EditorWorkspace({ repo, initialFile }: { repo: string; initialFile: string | null }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const engine = useAergoSqlEngine();
  const branch = useRepoBranch();

  const { data: summary } = useQuery(trpc.repos.get.queryOptions({ repo }));
  const canWrite = summary?.access.write ?? false;
  const files = useQuery(trpc.sources.list.queryOptions({ repo, branch }));
  const templates = useQuery(trpc.sources.templates.queryOptions());
  const scope = useQuery(trpc.sources.scope.queryOptions({ repo }));
  const contracts = useRepoContracts(repo, branch, DEPLOYED_LIMIT);

  const [tabs, setTabs] = useState<OpenTab[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [diagnostics, setDiagnostics] = useState<{ path: string; list: EditorDiagnostic[] }>({ path: "", list: [] });
  const [reveal, setReveal] = useState<{ line: number; nonce: number } | undefined>(undefined);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [saving, setSaving] = useState(false);
  const [session, setSession] = useState<{ contracts: (DeployedContract & { source: string })[]; last: string | null }>({ contracts: [], last: null });

  const activeTab = tabs.find((t) => t.path === active) ?? null;
  const source = activeTab?.content ?? "";
  // The editor's own compile gives the ABI (one compile per keystroke, not two).
  const [compiled, setCompiled] = useState<{ path: string; abi: ContractAbi | null } | null>(null);
  const onCompiled = useCallback((c: { path: string; ok: boolean; abi: ContractAbi | null }) => setCompiled({ path: c.path, abi: c.ok ? c.abi : null }), []);
  const abi = compiled && compiled.path === active ? compiled.abi : null;
  const paths = useMemo(() => (files.data ?? []).map((f) => f.path), [files.data]);
  const dirty = useMemo(() => new Set(tabs.filter(isDirty).map((t) => t.path)), [tabs]);
  const problems = diagnostics.path === active ? diagnostics.list : [];

  const deployed = useMemo<DeployedContract[]>(() => {
    // Those deployed in this session join the hub's list once their block is indexed.
    const fromHub = contracts.rows.map((c) => ({ address: c.address, name: c.name, abi: c.abi }));
    const fresh = session.contracts.filter((c) => !fromHub.some((x) => x.address === c.address));
    return [...fresh, ...fromHub];
  }, [contracts.rows, session.contracts]);
  const sessionSources = useMemo(() => new Map(session.contracts.map((c) => [c.address, c.source])), [session.contracts]);

  const revealLine = useCallback((line: number) => setReveal((r) => ({ line, nonce: (r?.nonce ?? 0) + 1 })), []);

  const activate = useCallback(
    (path: string | null) => {
      setActive(path);
      // The open file (and the branch) is in the URL, so a reload or a shared link opens it again.
      router.replace(withBranch(path ? `?file=${encodeURIComponent(path)}` : "", branch) || "?", { scroll: false });
    },
    [router, branch],
  );

  const openPath = useCallback(
    async (path: string) => {
      setNotice(null);
      if (tabs.some((t) => t.path === path)) return activate(path);
      try {
        const file = await client.sources.get.query({ repo, branch, path });
        setTabs((ts) => openTab(ts, file));
        activate(path);
      } catch (e) {
        setNotice({ kind: "error", message: errorMessage(e) });
      }
    },
    [tabs, client, repo, branch, activate],
  );

  // The file named in the URL, once.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !initialFile) return;
    opened.current = true;
    void openPath(initialFile);
  }, [initialFile, openPath]);

  const saveMutation = useMutation(trpc.sources.save.mutationOptions());
  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;

  const save = useCallback(async () => {
    const tab = tabsRef.current.find((t) => t.path === active);
    if (!tab || !canWrite || !isDirty(tab)) return;
    const content = tab.content;
    setSaving(true);
    setNotice(null);
    try {
      const saved = await saveMutation.mutateAsync({ repo, branch, path: tab.path, content, baseVersion: tab.version });
      setTabs((ts) => markSaved(ts, tab.path, content, saved.version));
      void queryClient.invalidateQueries({ queryKey: trpc.sources.list.pathKey() });
    } catch (e) {
      setNotice(errorCode(e) === "CONFLICT" ? { kind: "conflict", path: tab.path, message: errorMessage(e) } : { kind: "error", message: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  }, [active, canWrite, saveMutation, repo, branch, queryClient, trpc]);

  // Ctrl/Cmd-S saves the open file instead of the browser's "save page" (capture: before Monaco).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save();
      }
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [save]);

  // Unsaved edits are not lost to a stray reload or tab close.
  useEffect(() => {
    if (dirty.size === 0) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [dirty.size]);

  async function reloadFromHub(path: string) {
    try {
      const file = await client.sources.get.query({ repo, branch, path });
      setTabs((ts) => reloadTab(ts, file));
      setNotice(null);
    } catch (e) {
      setNotice({ kind: "error", message: errorMessage(e) });
    }
  }

  async function createFile(path: string, template: string | null) {
    setNotice(null);
    try {
      const file = await client.sources.create.mutate({ repo, branch, path, template });
      setTabs((ts) => openTab(ts, file));
      activate(file.path);
      void queryClient.invalidateQueries({ queryKey: trpc.sources.list.pathKey() });
    } catch (e) {
      setNotice({ kind: "error", message: errorMessage(e) });
    }
  }

  function close(path: string) {
    const tab = tabs.find((t) => t.path === path);
    if (tab && isDirty(tab) && !window.confirm(`${path} has unsaved changes. Close it and lose them?`)) return;
    const next = closeTab(tabs, path, active);
    setTabs(next.tabs);
    if (next.active !== active) activate(next.active);
  }

  const onDiagnostics = useCallback((list: EditorDiagnostic[]) => setDiagnostics({ path: active ?? "", list }), [active]);
  // Rendered at once, not batched: Monaco's controlled value is compared with its model on every
  // render, and a render still holding the previous keystroke's text would overwrite the newer one.
  const onChange = useCallback(
    (v: string) => {
      if (active) flushSync(() => setTabs((ts) => editTab(ts, active, v)));
    },
    [active],
  );

  return (
    <div className="space-y-3" data-testid="editor-page" data-repo={repo} data-branch={branch} data-can-write={canWrite}>
      {notice ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid={notice.kind === "conflict" ? "save-conflict" : "editor-error"}>
          <span className="min-w-0 flex-1">{notice.message}</span>
          {notice.kind === "conflict" ? (
            <button type="button" onClick={() => void reloadFromHub(notice.path)} className={SECONDARY_BUTTON} data-testid="conflict-reload">
              Load their version (drops my edits)
            </button>
          ) : null}
          <button type="button" onClick={() => setNotice(null)} className="text-xs text-red-700 hover:underline">
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="grid items-start gap-3 xl:grid-cols-[14rem_minmax(0,1fr)_24rem]">
        <aside className="min-w-0 overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          <header className="border-b border-zinc-200 px-3 py-2 text-xs font-semibold text-zinc-700">
            Files <span className="font-normal text-zinc-500" data-testid="editor-branch">· {branch}</span>
          </header>
          <NewFileForm templates={templates.data ?? []} existing={paths} disabled={!canWrite} folder={scope.data?.folder ?? ""} onCreate={createFile} />
          <div className="max-h-[70vh] overflow-y-auto">
            <FileTree paths={paths} active={active} dirty={dirty} onOpen={(p) => void openPath(p)} loading={files.isPending} />
          </div>
        </aside>

        <section className="flex min-w-0 flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
          <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-1.5">
            <span className="mono truncate text-xs text-zinc-600" data-testid="editor-path">
              {activeTab ? `${activeTab.path} · v${activeTab.version}` : "No file open"}
            </span>
            <div className="flex items-center gap-2">
              {!canWrite ? (
                <Badge tone="amber" title="You may read this repository but not change it." testId="editor-readonly">
                  read-only
                </Badge>
              ) : null}
              <button
                type="button"
                onClick={() => void save()}
                disabled={!canWrite || !activeTab || !isDirty(activeTab) || saving}
                title={canWrite ? "Save (Ctrl/Cmd-S)" : "Only writers of this repository can save."}
                className={PRIMARY_BUTTON}
                data-testid="save-button"
              >
                {saving ? "Saving…" : "Save"}
              </button>
            </div>
          </div>
          <EditorTabs tabs={tabs} active={active} onSelect={activate} onClose={close} />
          <div className="h-[60vh] min-h-80">
            {activeTab ? (
              <LazyAergoSqlEditor
                value={activeTab.content}
                onChange={onChange}
                path={activeTab.path}
                deployed={deployed}
                onDiagnostics={onDiagnostics}
                onCompiled={onCompiled}
                revealLine={reveal}
                readOnly={!canWrite}
                testId="source-editor"
                height="100%"
              />
            ) : (
              <div className="flex h-full items-center justify-center px-6 text-center text-sm text-zinc-500">
                {paths.length > 0 ? "Open a file from the tree." : canWrite ? "Start with “New file”: a template (token, registry, escrow, voting) or an empty file." : "This branch has no source files yet."}
              </div>
            )}
          </div>
          <ProblemsPanel diagnostics={problems} onReveal={revealLine} />
        </section>

        <aside className="min-w-0 space-y-3">
          <SimulatePanel repo={repo} source={source} abi={activeTab ? abi : null} deployed={deployed} engine={engine} onReveal={revealLine} />
          <EditorDeployPanel
            repo={repo}
            source={source}
            abi={activeTab ? abi : null}
            canWrite={canWrite}
            onReveal={revealLine}
            onDeployed={(c) => setSession((s) => ({ contracts: [c, ...s.contracts.filter((x) => x.address !== c.address)], last: c.address }))}
          />
          <CallPanel repo={repo} source={source} canWrite={canWrite} contracts={deployed} preferred={session.last} sessionSources={sessionSources} onReveal={revealLine} />
        </aside>
      </div>
    </div>
  );
}
