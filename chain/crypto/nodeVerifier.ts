import { fileURLToPath } from "node:url";
import verifyRule, { type VerifyEngine, type VerifyRule } from "./verifyRule.cjs";

export type { VerifyEngine, VerifyRule };

/** Where the rule lives, for worker threads that load it themselves (./verifyPool.ts). */
export function verifyRulePath(): string {
  return fileURLToPath(new URL("./verifyRule.cjs", import.meta.url));
}

/**
 * Server-side verifier, same contract as verifyMessage in ./signature.ts: compact low-S over
 * sha256(message); false, never a throw, on malformed input. The rule itself is
 * ./verifyRule.cjs (shared with the pool's workers); `engine` undefined takes the fastest that
 * loads here, a named one is required (libsecp256k1 throws where its binding does not load).
 */
export function createNodeVerifier(options: { engine?: VerifyEngine; cacheSize?: number } = {}): VerifyRule {
  return verifyRule.createVerifyRule(options.engine, options.cacheSize);
}
