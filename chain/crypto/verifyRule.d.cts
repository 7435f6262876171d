// Types of ./verifyRule.cjs (plain CommonJS: the verification pool's eval'd workers load it by path).
export type VerifyEngine = "libsecp256k1" | "openssl";
export type VerifyRule = {
  readonly engine: VerifyEngine;
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
};
declare const verifyRule: {
  createVerifyRule(engine: VerifyEngine | undefined, cacheSize?: number): VerifyRule;
  nativeSigner(): ((message: Uint8Array, privateKey: Uint8Array) => Uint8Array) | null;
};
export default verifyRule;
