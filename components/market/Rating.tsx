/** A rating out of five as stars, with the number beside it for readers and tests. */
export function Rating({ value, reviews, testId }: { value: number | null; reviews?: number; testId?: string }) {
  if (value === null) return <span className="text-xs text-zinc-500" data-testid={testId}>no ratings yet</span>;
  const full = Math.round(value);
  return (
    <span className="inline-flex items-center gap-1 text-sm" title={`${value} out of 5`} data-testid={testId} data-rating={value}>
      <span className="text-amber-500" aria-hidden>
        {"★".repeat(full)}
        <span className="text-zinc-300">{"★".repeat(5 - full)}</span>
      </span>
      <span className="tabular-nums text-zinc-700">{value.toFixed(1)}</span>
      {reviews !== undefined ? <span className="text-xs text-zinc-500">({reviews})</span> : null}
    </span>
  );
}
