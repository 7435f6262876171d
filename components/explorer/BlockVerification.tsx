"use client";
import { useQuery } from "@tanstack/react-query";
import { useSession } from "next-auth/react";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { withRepo } from "@/components/repo/repoPaths";
import { Badge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";

const STATUS_TEXT = {
  verified: "Its transactions, re-executed from the parent block's state, give exactly the roots in its header.",
  mismatch: "Its transactions, re-executed from the parent block's state, do not give the roots in its header.",
  genesis: "The genesis block has no parent to re-execute from.",
  merge: "This block took a consistent merge's rows.",
} as const;

/**
 * "Re-execute": the hub runs the block's transactions again from its parent's state with the
 * producer's own block executor and compares receipts and roots (tRPC blocks.verify).
 */
export function BlockVerification({ height, repo, branch }: { height: number; repo?: string; branch: string }) {
  const trpc = useTRPC();
  const { status } = useSession();
  const [asked, setAsked] = useState(false);
  const run = useQuery({ ...trpc.blocks.verify.queryOptions(withRepo(repo, { height }, branch)), enabled: asked, retry: false, staleTime: Infinity });
  const v = run.data;
  const button = (
    <button
      type="button"
      className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm text-zinc-700 hover:bg-zinc-50 disabled:opacity-50"
      disabled={status !== "authenticated" || run.isFetching}
      onClick={() => (asked ? void run.refetch() : setAsked(true))}
      data-testid="block-verify"
    >
      {run.isFetching ? "Re-executing…" : "Re-execute"}
    </button>
  );
  return (
    <Panel title="Re-execution" actions={button} testId="block-verification">
      <div className="space-y-2 px-4 py-3 text-sm text-zinc-700">
        {status !== "authenticated" ? <p className="text-zinc-500">Sign in to re-execute this block on the hub.</p> : null}
        {!asked && status === "authenticated" ? <p className="text-zinc-500">Run this block&apos;s transactions again from its parent&apos;s state and compare the receipts and roots with its header.</p> : null}
        {run.error ? <p className="text-red-700">{run.error.message}</p> : null}
        {v ? (
          <>
            <p className="flex flex-wrap items-center gap-2">
              <Badge>
                <span data-testid="block-verify-status">{v.status}</span>
              </Badge>
              <span>{STATUS_TEXT[v.status]}</span>
            </p>
            {v.reason ? <p className="text-zinc-600">{v.reason}</p> : null}
            {v.executed ? (
              <dl className="mono grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-xs">
                {(["stateRoot", "txRoot", "receiptsRoot"] as const).map((k) => (
                  <div key={k} className="contents">
                    <dt className="text-zinc-500">{k}</dt>
                    <dd className={`break-all ${v.executed![k] === v.header[k] ? "text-emerald-700" : "text-red-700"}`}>
                      {v.executed![k]}
                      {v.executed![k] === v.header[k] ? " (= header)" : ` (header: ${v.header[k]})`}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </>
        ) : null}
      </div>
    </Panel>
  );
}
