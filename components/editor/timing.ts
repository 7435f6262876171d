/**
 * How long the editor waits after the last keystroke before it compiles: long enough to coalesce
 * a burst of keys into one compile, short enough to leave most of the 100 ms budget (keystroke to
 * markers) to the compile itself. The benchmarks read it from here.
 */
export const DIAGNOSTICS_DEBOUNCE_MS = 30;
