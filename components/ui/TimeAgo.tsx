"use client";
import { useSyncExternalStore } from "react";
import { formatTimeAgo, formatUtc } from "./format";

// One shared one-second clock for every relative time on the page.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Whole seconds, so that consecutive reads agree when the clock is not running yet.
const getNow = () => (timer ? now : Math.floor(Date.now() / 1000) * 1000);

/** "3 s ago", ticking; the absolute UTC time is in the tooltip. */
export function TimeAgo({ timestamp }: { timestamp: number }) {
  const current = useSyncExternalStore(subscribe, getNow, getNow);
  return (
    <time dateTime={new Date(timestamp).toISOString()} title={formatUtc(timestamp)} className="whitespace-nowrap" suppressHydrationWarning>
      {formatTimeAgo(timestamp, current)}
    </time>
  );
}
