/** The hub process's environment: `env` with the hub's defaults under it (scripts/hubEnv.mjs). */
export function hubProcessEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv;
