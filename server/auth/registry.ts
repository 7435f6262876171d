import type { ChallengeStore } from "./challenges.ts";
import type { PeopleStore } from "./people.ts";
import type { RateLimiter } from "./rateLimit.ts";

/** What sign-in needs at request time, wherever the request lands (custom server or Next's route). */
export type AuthServices = {
  readonly people: PeopleStore;
  readonly challenges: ChallengeStore;
  readonly limiter: RateLimiter;
  /** Sign-ups per client address per hour (HUB_SIGNUPS_PER_IP_HOUR, default 10). */
  readonly signupsPerIpHour: number;
};

/**
 * Kept on globalThis like the hub (server/hub/registry.ts): the custom server opens the people
 * store once, and Next's separately bundled auth route finds the same one instead of opening
 * the LMDB environment a second time.
 */
const KEY = Symbol.for("aergo-hub.auth");
type Registry = { [KEY]?: AuthServices };

export function registerAuth(services: AuthServices): void {
  const g = globalThis as Registry;
  if (g[KEY] && g[KEY] !== services) throw new Error("Auth services are already registered in this process.");
  g[KEY] = services;
}

export function unregisterAuth(services: AuthServices): void {
  const g = globalThis as Registry;
  if (g[KEY] === services) delete g[KEY];
}

/** @throws Error when the process was not started by server/main.ts. */
export function getAuth(): AuthServices {
  const s = (globalThis as Registry)[KEY];
  if (!s) throw new Error("Sign-in is not available: the hub's auth services are not running in this process (start it with `npm start`).");
  return s;
}
