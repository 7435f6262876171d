import path from "node:path";
import { createChallengeStore } from "./challenges.ts";
import { createPeopleStore, type PeopleStore } from "./people.ts";
import { createRateLimiter, DEFAULT_SIGNUPS_PER_IP_HOUR } from "./rateLimit.ts";
import { registerAuth, unregisterAuth, type AuthServices } from "./registry.ts";
import { ensureAuthSecret } from "./session.ts";

export type RunningAuth = AuthServices & { close(): Promise<void> };

/**
 * Everything sign-in needs, for server/main.ts: the AUTH_SECRET (before Next starts, so the
 * Auth.js route reads the same one), the people store in DATA_DIR/people, the challenge and
 * rate-limit memories, registered for the Auth.js route to find.
 */
export function startAuth(options: { dataDir: string; hubName: string; people?: PeopleStore; signupsPerIpHour?: number }): RunningAuth {
  ensureAuthSecret(options.dataDir);
  // The hub opens the people store itself (it also answers invitations); tests let this open one.
  const owned = options.people === undefined;
  const people = options.people ?? createPeopleStore(path.join(options.dataDir, "people"));
  const services: AuthServices = Object.freeze({
    people,
    challenges: createChallengeStore({ hubName: options.hubName }),
    limiter: createRateLimiter(),
    signupsPerIpHour: options.signupsPerIpHour ?? DEFAULT_SIGNUPS_PER_IP_HOUR,
  });
  registerAuth(services);
  return Object.freeze({
    ...services,
    async close() {
      unregisterAuth(services);
      if (owned) await people.close();
    },
  });
}
