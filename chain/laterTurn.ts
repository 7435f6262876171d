/**
 * Resolves in a later turn of the event loop, after the I/O callbacks already waiting: long
 * work on the main thread awaits it between slices so requests are not held behind it.
 * (setImmediate in Node; a timer where there is none.)
 */
export const laterTurn = (): Promise<void> => new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
