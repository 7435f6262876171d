"use client";
import { buildFileTree, type TreeNode } from "./workspace";

function Node({ node, depth, active, dirty, onOpen }: { node: TreeNode; depth: number; active: string | null; dirty: ReadonlySet<string>; onOpen: (path: string) => void }) {
  const pad = { paddingLeft: `${0.5 + depth * 0.9}rem` };
  if (node.kind === "folder") {
    return (
      <li>
        <div className="truncate py-0.5 pr-2 text-xs font-medium text-zinc-500" style={pad} title={node.path}>
          {node.name}/
        </div>
        <ul>
          {node.children.map((c) => (
            <Node key={c.path} node={c} depth={depth + 1} active={active} dirty={dirty} onOpen={onOpen} />
          ))}
        </ul>
      </li>
    );
  }
  const isActive = node.path === active;
  return (
    <li>
      <button
        type="button"
        onClick={() => onOpen(node.path)}
        className={`mono flex w-full items-center gap-1 truncate py-1 pr-2 text-left text-[13px] ${isActive ? "bg-blue-50 font-medium text-blue-800" : "text-zinc-700 hover:bg-zinc-100"}`}
        style={pad}
        title={node.path}
        aria-current={isActive ? "true" : undefined}
        data-testid="file-item"
        data-path={node.path}
      >
        <span className="truncate">{node.name}</span>
        {dirty.has(node.path) ? <span className="text-amber-600" aria-label="unsaved changes">●</span> : null}
      </button>
    </li>
  );
}

/** The branch's source files as folders and files; a click opens one in a tab. */
export function FileTree({ paths, active, dirty, onOpen, loading }: { paths: readonly string[]; active: string | null; dirty: ReadonlySet<string>; onOpen: (path: string) => void; loading: boolean }) {
  const tree = buildFileTree(paths);
  return (
    <nav aria-label="Source files" data-testid="file-tree">
      {tree.length === 0 ? (
        <p className="px-3 py-4 text-xs text-zinc-500">{loading ? "Loading files…" : "No source files on this branch yet."}</p>
      ) : (
        <ul className="py-1">
          {tree.map((n) => (
            <Node key={n.path} node={n} depth={0} active={active} dirty={dirty} onOpen={onOpen} />
          ))}
        </ul>
      )}
    </nav>
  );
}
