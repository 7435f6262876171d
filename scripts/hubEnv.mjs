// The environment the hub process runs with, wherever it is started (`npm start`, the benchmarks,
// the integration tests' hub processes), so every measured hub is the hub people run.
//
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena (64 MiB
// regions); the hub's threads (main, two signature verifiers, the index, libuv's pool, Next's)
// each kept one, partly empty. With two arenas the explorer benchmark's peak RSS with pages fell
// from 965–997 to 806–854 MiB at the same throughput (docs/decisions.md). Read by glibc when the
// process starts, so it must be in the environment the process is spawned with; a value already
// set wins.

/**
 * @param {Record<string, string | undefined>} env
 * @returns {Record<string, string | undefined>}
 */
export function hubProcessEnv(env) {
  return { MALLOC_ARENA_MAX: "2", ...env };
}
