"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { MAIN_BRANCH } from "@/chain/repo/names";

/** What the page knows from the hub's live stream (/api/stream) of the chain on screen. */
export type StreamHead = {
  readonly connected: boolean;
  readonly height: number | null;
  readonly lastIrreversible: number | null;
};

let head: StreamHead = { connected: false, height: null, lastIrreversible: null };
const listeners = new Set<() => void>();
function setHead(next: Partial<StreamHead>) {
  head = { ...head, ...next };
  for (const l of listeners) l();
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}
const SERVER_HEAD: StreamHead = { connected: false, height: null, lastIrreversible: null };

/** The stream of one repository's chain and branch; the root's main keeps the plain URL. */
export function streamUrl(repo: string | undefined, branch?: string): string {
  const params = new URLSearchParams();
  if (repo !== undefined) params.set("repo", repo);
  if (branch !== undefined && branch !== MAIN_BRANCH) params.set("branch", branch);
  const text = params.toString();
  return text ? `/api/stream?${text}` : "/api/stream";
}

/** The live head as the stream reports it (null until the first block arrives). */
export function useStreamHead(): StreamHead {
  return useSyncExternalStore(subscribe, () => head, () => SERVER_HEAD);
}

// Blocks can come every 50 ms; one refetch per window is enough for a person to see.
const REFRESH_EVERY_MS = 250;

/**
 * Subscribes to the block stream of `repo`'s chain (absent: the root's) on `branch` (absent: main)
 * and refreshes every query on screen when a block is sealed or the last irreversible block moves:
 * lists, the chart, the head height, and a transaction's pending → sealed → final state. Mount it
 * once per page (the root layout's header does); moving to another repository's pages, or another
 * branch, moves the subscription.
 */
export function useChainStream(repo: string | undefined, branch?: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(streamUrl(repo, branch));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        // An in-flight fetch finishes rather than restarting, so a slow answer is never starved by fast blocks.
        void queryClient.invalidateQueries(undefined, { cancelRefetch: false });
      }, REFRESH_EVERY_MS);
    };
    source.onopen = () => setHead({ connected: true });
    source.onerror = () => setHead({ connected: false });
    source.addEventListener("block", (e) => {
      const block = parseEvent<{ height: number }>(e);
      if (block) setHead({ connected: true, height: Math.max(block.height, head.height ?? 0) });
      refresh();
    });
    // The hub ends the stream when this viewer lost access (removed from a private repository):
    // stop instead of reconnecting, and let the queries find out what is still visible.
    source.addEventListener("end", () => {
      source.close();
      setHead({ connected: false });
      refresh();
    });
    source.addEventListener("final", (e) => {
      const final = parseEvent<{ height: number }>(e);
      if (final) setHead({ lastIrreversible: final.height });
      refresh();
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
      // Another chain's heights mean nothing on the next page: forget them with the subscription.
      setHead({ connected: false, height: null, lastIrreversible: null });
    };
  }, [queryClient, repo, branch]);
}

function parseEvent<T>(e: Event): T | null {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}
