/**
 * Which queued compiles the engine worker answers without compiling: on each channel (one per
 * file's live diagnostics) only the newest request counts, so a burst of keystrokes costs one
 * compile, not one per key. Requests without a channel (an explicit compile) always run.
 */
export type QueuedRequest = { readonly id: number; readonly type: string; readonly channel?: string | null };

export function supersededIds(batch: readonly QueuedRequest[]): Set<number> {
  const newest = new Map<string, number>();
  for (const r of batch) if (r.type === "compile" && r.channel != null) newest.set(r.channel, r.id);
  const out = new Set<number>();
  for (const r of batch) if (r.type === "compile" && r.channel != null && newest.get(r.channel) !== r.id) out.add(r.id);
  return out;
}
