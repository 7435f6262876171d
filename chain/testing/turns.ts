/**
 * How many event-loop turns (setImmediate) the calling thread had while `work` ran: 0 or 1 when
 * the work held the thread from start to end, more when it ran in slices or elsewhere.
 */
export async function turnsWhile<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly turns: number }> {
  let turns = 0;
  let counting = true;
  const count = () => {
    if (!counting) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  try {
    return { value: await work(), turns };
  } finally {
    counting = false;
  }
}
