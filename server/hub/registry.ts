import type { Hub } from "./types.ts";

/**
 * One hub per process, kept on globalThis: the custom server creates it, and Next's separately
 * bundled pages (and dev hot reloads) find the same instance instead of starting a second engine.
 */
const KEY = Symbol.for("aergo-hub.instance");
type Registry = { [KEY]?: Hub };

export function registerHub(hub: Hub): void {
  const g = globalThis as Registry;
  if (g[KEY] && g[KEY] !== hub) throw new Error("A hub is already running in this process.");
  g[KEY] = hub;
}

export function unregisterHub(hub: Hub): void {
  const g = globalThis as Registry;
  if (g[KEY] === hub) delete g[KEY];
}

/**
 * The running hub.
 * @throws Error when the process was not started by server/main.ts (npm start / npm run dev).
 */
export function getHub(): Hub {
  const hub = (globalThis as Registry)[KEY];
  if (!hub) throw new Error("The hub engine is not running in this process; start it with `npm start` or `npm run dev`.");
  return hub;
}
