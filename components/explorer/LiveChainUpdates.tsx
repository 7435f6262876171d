"use client";
import { useChainStream, useStreamHead } from "./chainStream";

/** Keeps the page live (see useChainStream) and shows the stream's state in the header. */
export function LiveChainUpdates() {
  useChainStream();
  const head = useStreamHead();
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-zinc-500"
      title={head.connected ? "New blocks appear without reloading." : "Reconnecting to the hub's live stream…"}
      data-testid="live-indicator"
    >
      <span className={`h-2 w-2 rounded-full ${head.connected ? "bg-emerald-500" : "bg-zinc-300"}`} aria-hidden="true" />
      {head.connected ? "live" : "offline"}
      {head.height !== null ? <span className="mono tabular-nums text-zinc-700">#{head.height}</span> : null}
    </span>
  );
}
