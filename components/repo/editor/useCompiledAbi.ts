"use client";
import { useEffect, useState } from "react";
import type { ContractAbi } from "@/chain/sql/types";

type Compiler = { ready: boolean; compile(source: string): Promise<{ ok: boolean; abi: ContractAbi | null }> };

/** Waits this long after the last keystroke: the ABI feeds forms, which need not follow every key. */
const DEBOUNCE_MS = 250;

/**
 * The ABI of the file at `path` as the in-browser compiler (the chain's own) gives it; null while
 * it does not compile. While a keystroke's compile is pending the previous ABI of the same file
 * stays (forms do not flicker); another file's ABI is never shown.
 */
export function useCompiledAbi(engine: Compiler, path: string | null, source: string | null): { abi: ContractAbi | null; upToDate: boolean } {
  const [state, setState] = useState<{ abi: ContractAbi | null; path: string | null; source: string | null }>({ abi: null, path: null, source: null });
  const { ready, compile } = engine;
  useEffect(() => {
    if (!ready || source === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      compile(source).then(
        (r) => {
          if (!cancelled) setState({ abi: r.ok ? r.abi : null, path, source });
        },
        () => {
          if (!cancelled) setState({ abi: null, path, source });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [ready, compile, path, source]);
  return state.path === path ? { abi: state.abi, upToDate: state.source === source } : { abi: null, upToDate: false };
}
