import { createRequire } from "node:module";

/** Which library checks signatures on the server: libsecp256k1's prebuilt binding, else OpenSSL. */
export type VerifyEngine = "libsecp256k1" | "openssl";

type VerifyRule = {
  readonly engine: VerifyEngine;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
};

const require = createRequire(import.meta.url);

/** Where the rule lives, for worker threads that load it themselves (./verifyPool.ts). */
export const VERIFY_RULE_PATH = require.resolve("./verifyRule.cjs");

const { createVerifyRule } = require(VERIFY_RULE_PATH) as {
  createVerifyRule(engine: VerifyEngine | undefined, cacheSize?: number): VerifyRule;
};

/**
 * Server-side verifier, same contract as verifyMessage in ./signature.ts: compact low-S over
 * sha256(message); false, never a throw, on malformed input. The rule itself is
 * ./verifyRule.cjs (shared with the pool's workers); `engine` undefined takes the fastest that
 * loads here, a named one is required (libsecp256k1 throws where its binding does not load).
 */
export function createNodeVerifier(options: { engine?: VerifyEngine; cacheSize?: number } = {}): VerifyRule {
  return createVerifyRule(options.engine, options.cacheSize);
}
